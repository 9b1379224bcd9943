import type { ObservableSanityClient, SanityClient } from '@sanity/client'
import { defer, from, mergeMap } from 'rxjs'

type Client = SanityClient | ObservableSanityClient

/**
 * Browsers open at most six HTTP/1.1 connections per host and port, and the Studio keeps about
 * six listeners open (Sanity's own API is HTTP/2, which has no such limit): on the lake's one port
 * they would starve every other request. The lake therefore listens on a few more ports and names
 * them at `/listen-pool`; this hands out their addresses round robin, one per new listener. The
 * listener then goes there directly, with the Studio's own origin and token (no redirect, which
 * would turn the origin into `null` and drop the token).
 */
export function listenPoolHosts(lakeUrl: string): () => Promise<string> {
  let ports: Promise<number[]> | undefined
  let turn = 0
  const load = async () => {
    const response = await fetch(new URL('/listen-pool', lakeUrl))
    if (!response.ok) throw new Error(`listen-pool: HTTP ${response.status}`)
    return ((await response.json()) as { ports: number[] }).ports
  }
  return async () => {
    ports ??= load()
    let known: number[]
    try {
      known = await ports
    } catch {
      // The lake was out of reach: this listener uses the main port, the next one asks again.
      ports = undefined
      return lakeUrl
    }
    const port = known[turn++ % known.length]
    if (port === undefined) return lakeUrl
    const host = new URL(lakeUrl)
    host.port = String(port)
    return host.origin
  }
}

const wrapped = new WeakMap<object, object>()

/**
 * The client as it is, except that `listen` (on it, its `observable` twin and every client
 * derived by `withConfig`/`clone`) runs on a copy pointed at the next pool address.
 */
export function listenOnPool<C extends Client>(client: C, nextHost: () => Promise<string>): C {
  const known = wrapped.get(client)
  if (known) return known as C
  const proxy = new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target)
      if (property === 'listen') {
        return (...args: Parameters<C['listen']>) =>
          defer(() => from(nextHost())).pipe(
            mergeMap((apiHost) => {
              const pooled = target.withConfig({ apiHost }) as Client
              return (pooled.listen as (...all: unknown[]) => ReturnType<C['listen']>)(...args)
            }),
          )
      }
      if (property === 'observable' && typeof value === 'object' && value !== null) {
        return listenOnPool(value as Client, nextHost)
      }
      if (property === 'withConfig' || property === 'clone') {
        return (...args: unknown[]) =>
          listenOnPool((value as (...all: unknown[]) => Client).apply(target, args), nextHost)
      }
      // Bound to the client itself: its private fields are not reachable through the proxy.
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value
    },
  })
  wrapped.set(client, proxy)
  return proxy
}
