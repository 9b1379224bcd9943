import type { QueryRunner } from '../deps.ts'
import { parseQuery } from '../groq/parse-query.ts'
import { needsHardDeadline } from '../groq/query-cost.ts'
import { NeedsWorker, runQuery } from '../groq/run-query.ts'
import { defaultInlineBudgetMs, slowMs, tryInline } from '../query-pool/query-pool.ts'
import type { PooledQueryOptions } from '../query-pool/query-pool.ts'
import { QuerySpeeds } from '../query-pool/query-speeds.ts'

const retryEvery = 8

/** The query is one for the main thread's worker pool: the request goes there whole. */
export class ForwardToMain extends Error {
  constructor() {
    super('forward the request to the main thread')
    this.name = 'ForwardToMain'
  }
}

/**
 * How a front thread evaluates: here, what the main thread would run inline with no pool — a
 * query known to be fast, an unknown one for the pool's inline budget; what query-cost.ts finds
 * unbounded by the clock checks only under node:vm's watchdog, stopped at `slowMs` — and what
 * misses its budget, took over `slowMs` before (but see `#tryAgain`) or only groq-js's async
 * evaluator can run throws `ForwardToMain`: the main thread's pool runs it on a worker, so a slow
 * query holds up no connection of this thread either.
 */
export class InlineOrForward implements QueryRunner {
  /** Queries answered here and handed to the main thread (tests read them). */
  readonly counts = { inline: 0, forwarded: 0 }
  readonly #speeds = new QuerySpeeds()
  /** Per query known to be slow: how often it was forwarded since it was last tried here. */
  readonly #forwardedSinceTry = new Map<string, number>()

  async run(query: string, options: PooledQueryOptions): Promise<unknown> {
    const started = performance.now()
    const { tree } = parseQuery(query, options.params)
    const speed = this.#speeds.get(query)
    if (speed === Infinity) return this.#forward()
    const slow = speed !== undefined && speed > slowMs
    if (slow && !this.#tryAgain(query)) return this.#forward()
    try {
      // What the clock checks cannot bound runs under node:vm's watchdog, never past `slowMs` here.
      const result =
        speed === undefined
          ? await tryInline(query, options, defaultInlineBudgetMs)
          : slow || needsHardDeadline(tree)
            ? await tryInline(query, options, slowMs, 1)
            : await runQuery(query, options)
      this.#speeds.record(query, performance.now() - started)
      this.counts.inline++
      return result
    } catch (error) {
      if (!(error instanceof NeedsWorker)) throw error
      this.#speeds.record(query, error.async ? Infinity : slowMs + 1)
      return this.#forward()
    }
  }

  /**
   * Whether a query known to be slow gets another try here, for up to `slowMs`. It may only have
   * missed the first try's budget (a 30 ms query does), or its slow runs were the first at a new
   * snapshot, which build the index's tables; forwarded, it is never timed here again. So every
   * `retryEvery`-th time it is: the main thread's pool learns a query's speed from its workers'
   * runs the same way, and a query slow indeed costs this thread `slowMs` now and then.
   */
  #tryAgain(query: string): boolean {
    const count = (this.#forwardedSinceTry.get(query) ?? 0) + 1
    if (count < retryEvery) {
      if (this.#forwardedSinceTry.size >= 1000) this.#forwardedSinceTry.clear()
      this.#forwardedSinceTry.set(query, count)
      return false
    }
    this.#forwardedSinceTry.delete(query)
    return true
  }

  #forward(): never {
    this.counts.forwarded++
    throw new ForwardToMain()
  }
}
