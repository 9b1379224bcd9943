import { httpError, lakeError } from '../http/errors.ts'

/** Deeper params are no real client's; the limit also keeps the copy (and JSON.stringify) off the stack's edge. */
export const maxParamDepth = 100

/**
 * An array that reads the clock while it is iterated. groq-js evaluates synchronously, so a
 * query's time limit can only be enforced from inside the loops it runs: the dataset is one such
 * array (see run-query.ts), and params are the other input a caller controls in bulk —
 * `$ids[]{"x": $ids[]{"y": $ids}}` over a 1 MB POST never touches the dataset.
 */
class DeadlineArray extends Array<unknown> {
  static override get [Symbol.species]() {
    return Array
  }

  clock: Clock | undefined;

  override *[Symbol.iterator](): ArrayIterator<unknown> {
    for (let index = 0; index < this.length; index++) {
      this.clock?.tick()
      yield this[index]
    }
    return undefined
  }
}

/** One per query: every array of its params shares the step count, so short nested loops add up. */
class Clock {
  #steps = 0
  readonly #deadline: number
  readonly #timeoutMs: number

  constructor(timeoutMs: number) {
    this.#timeoutMs = timeoutMs
    this.#deadline = performance.now() + timeoutMs
  }

  tick(): void {
    if ((++this.#steps & 255) !== 0 || performance.now() <= this.#deadline) return
    throw lakeError(
      400,
      'queryTimeoutError',
      `Query exceeded the time limit of ${this.#timeoutMs}ms`,
    )
  }
}

function withClock(value: unknown, clock: Clock, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value
  if (depth > maxParamDepth) {
    throw httpError(400, `Query params may nest at most ${maxParamDepth} levels deep`)
  }
  if (Array.isArray(value)) {
    const array = new DeadlineArray()
    array.clock = clock
    for (const item of value) array[array.length] = withClock(item, clock, depth + 1)
    return array
  }
  // fromEntries defines own properties, so a "__proto__" key stays a plain key as in the JSON.
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, withClock(item, clock, depth + 1)]),
  )
}

/** A copy of a query's params whose arrays end the query with a 400 once `timeoutMs` has passed. */
export function deadlineParams(
  params: Record<string, unknown>,
  timeoutMs: number,
): Record<string, unknown> {
  return withClock(params, new Clock(timeoutMs), 0) as Record<string, unknown>
}
