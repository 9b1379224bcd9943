import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningLake } from '../server.ts'
import { startTestServer } from '../test-lake.ts'

// Presence needs the real Node server: only it can upgrade to a WebSocket.
let server: Awaited<ReturnType<typeof startTestServer>>
let lake: RunningLake
beforeAll(async () => {
  server = await startTestServer()
  lake = server.lake
})
afterAll(() => server.close())

/** A socket that keeps every message, with JSON-RPC calls as promises (like the bifur client). */
async function connect() {
  const ws = new WebSocket(`${lake.url.replace(/^http/, 'ws')}/v2022-06-30/socket/production`)
  const received: unknown[] = []
  const waiters: { match: (message: unknown) => boolean; resolve: (m: unknown) => void }[] = []
  ws.addEventListener('message', (event) => {
    const message = event.data === '♥' ? '♥' : (JSON.parse(String(event.data)) as unknown)
    received.push(message)
    for (const waiter of waiters.filter((w) => w.match(message))) waiter.resolve(message)
  })
  await new Promise((resolve, reject) => {
    ws.addEventListener('open', resolve)
    ws.addEventListener('error', reject)
  })
  const next = (match: (message: unknown) => boolean) =>
    new Promise<unknown>((resolve) => {
      const seen = received.find(match)
      if (seen) resolve(seen)
      else waiters.push({ match, resolve })
    })
  let id = 0
  const call = (method: string, params: Record<string, unknown> = {}) => {
    const requestId = `r${++id}`
    ws.send(JSON.stringify({ jsonrpc: '2.0', method, params, id: requestId }))
    return next((m) => (m as { id?: string }).id === requestId) as Promise<{
      result?: unknown
      error?: { code: number }
    }>
  }
  return { ws, received, next, call }
}

describe('presence socket (bifur)', () => {
  it('should heartbeat, authorize, and fan presence out to subscribers', async () => {
    const alice = await connect()
    const bob = await connect()
    expect(await alice.next((m) => m === '♥')).toBe('♥')
    const auth = `Bearer ${lake.tokens.write}`
    expect((await alice.call('authorization', { authorization: auth })).result).toBe(true)
    expect((await bob.call('authorization', { authorization: auth })).result).toBe(true)
    const { result: subscription } = await bob.call('presence_subscribe')
    expect(subscription).toEqual(expect.any(String))

    const locations = [{ type: 'document', documentId: 'a', path: ['title'] }]
    await alice.call('presence_announce', { data: { sessionId: 's-alice', locations } })
    const event = (await bob.next(
      (m) => (m as { method?: string }).method === 'presence_subscription',
    )) as { params: { subscription: string; result: unknown } }
    expect(event.params).toEqual({
      subscription,
      result: { type: 'state', i: 'robot-write-token', m: { sessionId: 's-alice', locations } },
    })

    // A socket that goes away takes its sessions with it.
    alice.ws.close()
    const gone = await bob.next(
      (m) =>
        (m as { params?: { result?: { type?: string } } }).params?.result?.type === 'disconnect',
    )
    expect(gone).toMatchObject({ params: { result: { m: { session: 's-alice' } } } })
    bob.ws.close()
  })

  it('should refuse presence without a valid token', async () => {
    const client = await connect()
    expect((await client.call('presence_subscribe')).error?.code).toBe(4001)
    const denied = await client.call('authorization', { authorization: 'Bearer nope' })
    expect(denied.error?.code).toBe(4001)
    client.ws.close()
  })

  it('should answer a plain HTTP request with a 404', async () => {
    const response = await fetch(`${lake.url}/v2022-06-30/socket/production`)
    expect(response.status).toBe(404)
    expect((await fetch(`${lake.url}/v2022-06-30/socket/nope`)).status).toBe(404)
  })
})
