/**
 * What the pool has learnt of each query text: how long it takes, averaged over its recent runs
 * (one run that built the index for a new snapshot does not make it slow for good), or `Infinity`
 * when it cannot run inline at all. Bounded: the least recently used is dropped.
 */

export class QuerySpeeds {
  readonly #speeds = new Map<string, number>()
  readonly #max: number

  constructor(max = 1000) {
    this.#max = max
  }

  /** Milliseconds, or undefined for a query not seen yet. */
  get(query: string): number | undefined {
    const speed = this.#speeds.get(query)
    if (speed !== undefined) {
      this.#speeds.delete(query)
      this.#speeds.set(query, speed)
    }
    return speed
  }

  record(query: string, ms: number): void {
    const previous = this.#speeds.get(query)
    this.#speeds.delete(query)
    this.#speeds.set(query, previous === undefined || ms === Infinity ? ms : (previous + ms) / 2)
    if (this.#speeds.size > this.#max) {
      const oldest = this.#speeds.keys().next()
      if (!oldest.done) this.#speeds.delete(oldest.value)
    }
  }
}
