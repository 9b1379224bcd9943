/**
 * Two calls the Studio makes to Sanity's own hosts with no config switch to turn them off: the
 * "is a newer Studio out?" check on the module CDN (polled every 15 minutes) and the probe that
 * decides whether the help menu offers "Give feedback". Offline they can only fail, so in local
 * mode they are sent to the lake, which answers them the way Sanity's hosts do.
 */
const hostedPrefixes = ['https://sanity-cdn.com/v1/modules/', 'https://api.sanity.io/vX/intake/']

export function routeHostedCallsToLake(lakeUrl: string) {
  if (typeof window === 'undefined') return
  const hostedFetch = window.fetch.bind(window)
  window.fetch = (input, init) => {
    // Both calls pass a plain URL string; Request objects are never theirs.
    const url = typeof input === 'string' ? input : ''
    const prefix = hostedPrefixes.find((candidate) => url.startsWith(candidate))
    if (!prefix) return hostedFetch(input, init)
    return hostedFetch(new URL(new URL(prefix).pathname + url.slice(prefix.length), lakeUrl), init)
  }
}
