import { describe, expect, it } from 'vitest'
import { PresenceHub } from './presence-hub.ts'

const users: Record<string, string> = { alice: 'user-alice', bob: 'user-bob' }

/** A fake socket on the hub: what it was sent, how it was closed, and a JSON-RPC caller. */
function join(hub: PresenceHub, dataset = 'production') {
  const sent: Record<string, unknown>[] = []
  const closed: { code: number; reason: string }[] = []
  const connection = hub.connect(
    dataset,
    (text) => sent.push(JSON.parse(text) as Record<string, unknown>),
    (code, reason) => closed.push({ code, reason }),
  )
  let id = 0
  const call = (method: string, params: Record<string, unknown> = {}) => {
    const requestId = ++id
    connection.message(JSON.stringify({ jsonrpc: '2.0', method, params, id: requestId }))
    return sent.find((message) => message.id === requestId)
  }
  const events = () =>
    sent
      .filter((message) => message.method === 'presence_subscription')
      .map((message) => (message.params as { result: unknown }).result)
  return { sent, closed, connection, call, events }
}

function signedIn(hub: PresenceHub, token: string, dataset?: string) {
  const peer = join(hub, dataset)
  expect(peer.call('authorization', { authorization: `Bearer ${token}` })).toMatchObject({
    result: true,
  })
  const subscribed = peer.call('presence_subscribe')
  expect(subscribed?.result).toEqual(expect.any(String))
  return { ...peer, subscription: subscribed?.result }
}

describe('PresenceHub', () => {
  const hub = () => new PresenceHub((token) => users[token])

  it('should fan an announcement out as the Studio reads it (i = user, m = message)', () => {
    const presence = hub()
    const alice = signedIn(presence, 'alice')
    const bob = signedIn(presence, 'bob')
    const locations = [{ type: 'document', documentId: 'doc', path: ['title'] }]
    alice.call('presence_announce', { data: { sessionId: 's-a', locations }, apiVersion: 'v1' })
    expect(bob.sent.at(-1)).toEqual({
      jsonrpc: '2.0',
      method: 'presence_subscription',
      params: {
        subscription: bob.subscription,
        result: { type: 'state', i: 'user-alice', m: { sessionId: 's-a', locations } },
      },
    })

    bob.call('presence_rollcall', { session: 's-b' })
    expect(alice.events().at(-1)).toEqual({ type: 'rollCall', i: 'user-bob', session: 's-b' })

    alice.call('presence_disconnect', { session: 's-a' })
    expect(bob.events().at(-1)).toEqual({
      type: 'disconnect',
      i: 'user-alice',
      m: { session: 's-a' },
    })
  })

  it('should keep datasets apart and announce a closed socket as disconnected', () => {
    const presence = hub()
    const alice = signedIn(presence, 'alice')
    const bob = signedIn(presence, 'bob')
    const elsewhere = signedIn(presence, 'bob', 'staging')
    alice.call('presence_announce', { data: { sessionId: 's-a', locations: [] } })
    alice.connection.close()
    expect(bob.events()).toEqual([
      { type: 'state', i: 'user-alice', m: { sessionId: 's-a', locations: [] } },
      { type: 'disconnect', i: 'user-alice', m: { session: 's-a' } },
    ])
    expect(elsewhere.events()).toEqual([])
  })

  it('should not let one socket disconnect another socket’s session', () => {
    const presence = hub()
    const alice = signedIn(presence, 'alice')
    const bob = signedIn(presence, 'bob')
    alice.call('presence_announce', { data: { sessionId: 's-a', locations: [] } })
    expect(bob.call('presence_disconnect', { session: 's-a' })?.result).toBe(true)
    expect(
      alice.events().filter((event) => (event as { type: string }).type === 'disconnect'),
    ).toEqual([])
  })

  it('should answer a bad token with 4001 and close the socket', () => {
    const peer = join(hub())
    expect(peer.call('presence_subscribe')).toMatchObject({ error: { code: 4001 } })
    expect(peer.closed).toEqual([])
    expect(peer.call('authorization', { authorization: 'Bearer nope' })).toMatchObject({
      error: { code: 4001 },
    })
    expect(peer.closed.map(({ code }) => code)).toEqual([4001])
  })

  it('should answer JSON-RPC errors instead of throwing', () => {
    const presence = hub()
    const peer = signedIn(presence, 'alice')
    const bob = signedIn(presence, 'bob')
    peer.connection.message('{not json')
    expect(peer.sent.at(-1)).toMatchObject({ id: null, error: { code: -32700 } })
    peer.connection.message('null')
    expect(peer.sent.at(-1)).toMatchObject({ id: null, error: { code: -32600 } })
    peer.connection.message(JSON.stringify({ jsonrpc: '2.0', id: 'no-method' }))
    expect(peer.sent.at(-1)).toMatchObject({ id: 'no-method', error: { code: -32600 } })
    peer.connection.message('x'.repeat(64 * 1024 + 1))
    expect(peer.sent.at(-1)).toMatchObject({ error: { code: -32600 } })
    expect(peer.call('documents_subscribe')).toMatchObject({ error: { code: -32601 } })
    expect(peer.call('presence_nope')).toMatchObject({ error: { code: -32601 } })
    // Junk the other Studios would choke on destructuring is refused, not relayed.
    expect(peer.call('presence_announce', { data: null })).toMatchObject({
      error: { code: -32602 },
    })
    expect(peer.call('presence_announce', { data: { sessionId: 1 } })).toMatchObject({
      error: { code: -32602 },
    })
    expect(peer.call('presence_rollcall')).toMatchObject({ error: { code: -32602 } })
    expect(bob.events()).toEqual([])
  })
})
