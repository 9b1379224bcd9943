import { once } from 'node:events'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { RunningLake } from '../server.ts'
import { startTestServer } from '../../test/test-lake.ts'

// The upgrade itself, end to end: only the real Node server can answer it.
let server: Awaited<ReturnType<typeof startTestServer>>
let lake: RunningLake
beforeAll(async () => {
  server = await startTestServer()
  lake = server.lake
})
afterAll(() => server.close())

const socketUrl = (pathname: string) => `${lake.url.replace(/^http/, 'ws')}${pathname}`

/** Opens a socket as the Studio does and collects every JSON-RPC message it receives. */
async function open(pathname = '/v2022-06-30/socket/production?tag=sanity.studio') {
  const ws = new WebSocket(socketUrl(pathname))
  const received: { id?: unknown; method?: string; params?: unknown; result?: unknown }[] = []
  ws.on('message', (data: Buffer) => {
    const text = data.toString()
    if (text !== '♥') received.push(JSON.parse(text) as (typeof received)[number])
  })
  await once(ws, 'open')
  const until = async <T>(find: () => T | undefined): Promise<T> => {
    for (;;) {
      const found = find()
      if (found !== undefined) return found
      await once(ws, 'message')
    }
  }
  let id = 0
  const call = (method: string, params: Record<string, unknown> = {}) => {
    const requestId = `call-${++id}`
    ws.send(
      JSON.stringify({
        jsonrpc: '2.0',
        method,
        params: { ...params, apiVersion: 'v1' },
        id: requestId,
      }),
    )
    return until(() => received.find((message) => message.id === requestId))
  }
  return { ws, received, call, until }
}

/** The status line an upgrade request is refused with. */
async function refusal(pathname: string): Promise<number> {
  const ws = new WebSocket(socketUrl(pathname))
  ws.on('error', () => undefined)
  const [, response] = (await once(ws, 'unexpected-response')) as [unknown, { statusCode: number }]
  ws.terminate()
  return response.statusCode
}

describe('presence socket', () => {
  it('should relay one editor’s location to another, as the write token’s user', async () => {
    const alice = await open()
    const bob = await open()
    const authorization = `Bearer ${lake.tokens.write}`
    expect((await alice.call('authorization', { authorization })).result).toBe(true)
    expect((await bob.call('authorization', { authorization })).result).toBe(true)
    await alice.call('presence_subscribe')
    const subscription = (await bob.call('presence_subscribe')).result

    const locations = [{ type: 'document', documentId: 'drafts.a', path: ['title'] }]
    await alice.call('presence_announce', { data: { locations, sessionId: 'tab-a' } })
    const event = await bob.until(() =>
      bob.received.find((message) => message.method === 'presence_subscription'),
    )
    expect(event.params).toEqual({
      subscription,
      result: { type: 'state', i: 'robot-write-token', m: { sessionId: 'tab-a', locations } },
    })
    // A socket that goes away takes its sessions with it.
    alice.ws.close()
    const gone = await bob.until(() =>
      bob.received.find(
        (message) =>
          (message.params as { result?: { type?: string } } | undefined)?.result?.type ===
          'disconnect',
      ),
    )
    expect(gone).toMatchObject({ params: { result: { m: { session: 'tab-a' } } } })
    bob.ws.close()
  })

  it('should send the bifur heartbeat as soon as the socket opens', async () => {
    const ws = new WebSocket(socketUrl('/v2022-06-30/socket/production'))
    const [data] = (await once(ws, 'message')) as [Buffer]
    expect(data.toString()).toBe('♥')
    ws.close()
  })

  it('should refuse presence before authorization', async () => {
    const client = await open()
    expect(await client.call('presence_subscribe')).toMatchObject({ error: { code: 4001 } })
    client.ws.close()
  })

  it('should close the socket with 4001 for a bad token', async () => {
    const client = await open()
    const closed = once(client.ws, 'close')
    const answer = await client.call('authorization', { authorization: 'Bearer nope' })
    expect(answer).toMatchObject({ error: { code: 4001 } })
    const [code] = (await closed) as [number]
    expect(code).toBe(4001)
  })

  it('should close a socket that sends an oversized frame', async () => {
    const client = await open()
    const closed = once(client.ws, 'close')
    client.ws.send('x'.repeat(65 * 1024))
    const [code] = (await closed) as [number]
    expect(code).toBe(1009)
  })

  it('should refuse upgrades anywhere but /v…/socket/<existing dataset>', async () => {
    expect(await refusal('/v2022-06-30/data/listen/production?query=*')).toBe(404)
    expect(await refusal('/somewhere')).toBe(404)
    expect(await refusal('/v2022-06-30/socket/missing')).toBe(404)
  })

  it('should answer a plain HTTP request to the socket path with a 404', async () => {
    expect((await fetch(`${lake.url}/v2022-06-30/socket/production`)).status).toBe(404)
  })
})
