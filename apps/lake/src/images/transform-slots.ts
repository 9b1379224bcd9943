/**
 * Image transforms that run at once, and a bounded line of those waiting. Each transform keeps a
 * libuv thread (and libvips's own threads) busy for up to seconds; unbounded, a burst of them
 * takes every thread and core, and what else the lake answers (queries, `/health`, asset reads on
 * the same thread pool) waits behind it.
 */
export class TransformSlots {
  readonly #running: number
  readonly #waiting: number
  #busy = 0
  readonly #queue: (() => void)[] = []

  constructor(running: number, waiting: number) {
    this.#running = running
    this.#waiting = waiting
  }

  /** Runs `work` once a slot is free; undefined, without running it, when the line is full. */
  tryRun<T>(work: () => Promise<T>): Promise<T> | undefined {
    if (this.#busy >= this.#running && this.#queue.length >= this.#waiting) return undefined
    return this.#run(work)
  }

  async #run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#busy < this.#running) this.#busy++
    // The slot is handed over by the transform that finishes (#busy stays as it is).
    else await new Promise<void>((resolve) => this.#queue.push(resolve))
    try {
      return await work()
    } finally {
      const next = this.#queue.shift()
      if (next) next()
      else this.#busy--
    }
  }
}
