/**
 * Whether the content lake is out of reach right now, told by the code that notices (`sanityFetch`)
 * to the HTTP server that answers (server.ts): Next lets a page fail only with a 500, and a reader
 * (or a crawler, or a load balancer) should see a 503 "come back soon" for an outage instead.
 * Next bundles the page code apart from server.ts, so the state lives on `globalThis`.
 */

/**
 * How long one failure to reach the lake counts as an outage. Answers served from Next's data cache
 * never reach the lake, so success cannot end an outage; time does, and every failure extends it.
 */
export const OUTAGE_MEMORY_MS = 30_000

interface OutageState {
  lastFailureAt: number | undefined
}

const STATE_KEY = Symbol.for('@repo/web/lake-outage')

function state(): OutageState {
  const holder = globalThis as typeof globalThis & { [STATE_KEY]?: OutageState }
  holder[STATE_KEY] ??= { lastFailureAt: undefined }
  return holder[STATE_KEY]
}

export function reportLakeUnreachable(now = Date.now()): void {
  state().lastFailureAt = now
}

export function isLakeOutage(now = Date.now()): boolean {
  const { lastFailureAt } = state()
  return lastFailureAt !== undefined && now - lastFailureAt < OUTAGE_MEMORY_MS
}
