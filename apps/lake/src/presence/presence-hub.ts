import { randomUUID } from 'node:crypto'

/** Resolves a bearer token to the user id presence is reported under; undefined = not accepted. */
export type TokenCheck = (token: string) => string | undefined

interface RpcRequest {
  method: string
  params: Record<string, unknown>
  id: string | number | null
}

type RpcError = { code: number; message: string }

/** One open socket: who it is and which presence subscriptions it holds. */
interface Peer {
  send: (text: string) => void
  close: (code: number, reason: string) => void
  userId: string | undefined
  subscriptions: Set<string>
  sessions: Set<string>
}

// The codes are the bifur client's ERROR_CODES; 4001 doubles as the close code for a bad token.
const unauthorized = { code: 4001, message: 'Unauthorized - sign in to share presence' }
const parseError = { code: -32700, message: 'Parse error' }
const invalidRequest = { code: -32600, message: 'Invalid request' }
const invalidParams = { code: -32602, message: 'Invalid params' }

/** Presence messages are a session id and a few locations; anything bigger is not the Studio. */
export const maxMessageBytes = 64 * 1024

function parse(text: string): { request: RpcRequest } | { error: RpcError; id: RpcRequest['id'] } {
  if (Buffer.byteLength(text) > maxMessageBytes)
    return { error: { ...invalidRequest, message: 'Message too large' }, id: null }
  let value: { method?: unknown; params?: unknown; id?: unknown } | null
  try {
    value = JSON.parse(text) as typeof value
  } catch {
    return { error: parseError, id: null }
  }
  if (typeof value !== 'object' || value === null) return { error: invalidRequest, id: null }
  const id = typeof value.id === 'string' || typeof value.id === 'number' ? value.id : null
  if (typeof value.method !== 'string') return { error: invalidRequest, id }
  const params =
    typeof value.params === 'object' && value.params !== null
      ? (value.params as Record<string, unknown>)
      : {}
  return { request: { method: value.method, params, id } }
}

/** What `presence_announce` carries; other Studios destructure it, so junk must not get through. */
function announcement(data: unknown): { sessionId: string; locations: unknown[] } | undefined {
  if (typeof data !== 'object' || data === null) return undefined
  const { sessionId, locations = [] } = data as { sessionId?: unknown; locations?: unknown }
  if (typeof sessionId !== 'string' || !Array.isArray(locations)) return undefined
  return { sessionId, locations }
}

/**
 * The part of Sanity's "bifur" socket the Studio uses: JSON-RPC 2.0 over a WebSocket with an
 * `authorization` call, and a `presence` channel where every announce, roll call and disconnect
 * is fanned out to the dataset's subscribers (`i` = user id, `m` = message). Without it the Studio
 * shows no one else in a document, and its connection status never turns "connected".
 */
export class PresenceHub {
  readonly #peers = new Map<string, Set<Peer>>()
  readonly #checkToken: TokenCheck

  constructor(checkToken: TokenCheck) {
    this.#checkToken = checkToken
  }

  /**
   * Registers a socket of `dataset`; feed it the socket's text messages and call close once.
   * `closeSocket` ends the connection after a rejected token, as Sanity does (code 4001).
   */
  connect(
    dataset: string,
    send: (text: string) => void,
    closeSocket: (code: number, reason: string) => void = () => undefined,
  ) {
    const peer: Peer = {
      send,
      close: closeSocket,
      userId: undefined,
      subscriptions: new Set(),
      sessions: new Set(),
    }
    let peers = this.#peers.get(dataset)
    if (!peers) {
      peers = new Set()
      this.#peers.set(dataset, peers)
    }
    peers.add(peer)
    const all = peers
    return {
      message: (text: string) => {
        const parsed = parse(text)
        if ('request' in parsed) this.#handle(all, peer, parsed.request)
        else peer.send(JSON.stringify({ jsonrpc: '2.0', id: parsed.id, error: parsed.error }))
      },
      close: () => {
        all.delete(peer)
        // Other tabs drop a session whose socket went away without saying goodbye.
        for (const session of peer.sessions) {
          this.#broadcast(all, { type: 'disconnect', i: peer.userId, m: { session } })
        }
      },
    }
  }

  #handle(peers: Set<Peer>, peer: Peer, request: RpcRequest): void {
    const reply = (result: unknown) => {
      peer.send(JSON.stringify({ jsonrpc: '2.0', id: request.id, result }))
    }
    const fail = (error: RpcError) => {
      peer.send(JSON.stringify({ jsonrpc: '2.0', id: request.id, error }))
    }
    const { method, params } = request
    if (method === 'authorization') {
      const header = typeof params.authorization === 'string' ? params.authorization : ''
      peer.userId = this.#checkToken(/^Bearer\s+(.+)$/i.exec(header.trim())?.[1] ?? '')
      if (peer.userId) {
        reply(true)
        return
      }
      fail(unauthorized)
      peer.close(unauthorized.code, unauthorized.message)
      return
    }
    if (!method.startsWith('presence_')) {
      fail({ code: -32601, message: `Method not found: ${method}` })
      return
    }
    if (!peer.userId) {
      fail(unauthorized)
      return
    }
    const session = typeof params.session === 'string' ? params.session : undefined
    if (!session && (method === 'presence_rollcall' || method === 'presence_disconnect')) {
      fail(invalidParams)
      return
    }
    switch (method) {
      case 'presence_subscribe': {
        const subscription = randomUUID()
        peer.subscriptions.add(subscription)
        reply(subscription)
        return
      }
      case 'presence_unsubscribe':
        reply(peer.subscriptions.delete(String(params.subscriptionId)))
        return
      case 'presence_rollcall':
        reply(true)
        this.#broadcast(peers, { type: 'rollCall', i: peer.userId, session })
        return
      case 'presence_announce': {
        const data = announcement(params.data)
        if (!data) {
          fail(invalidParams)
          return
        }
        peer.sessions.add(data.sessionId)
        reply(true)
        this.#broadcast(peers, { type: 'state', i: peer.userId, m: data })
        return
      }
      case 'presence_disconnect':
        reply(true)
        // Only a session this socket announced: one tab must not sign another out.
        if (session && peer.sessions.delete(session))
          this.#broadcast(peers, { type: 'disconnect', i: peer.userId, m: { session } })
        return
      default:
        fail({ code: -32601, message: `Method not found: ${method}` })
    }
  }

  #broadcast(peers: Set<Peer>, event: Record<string, unknown>): void {
    for (const peer of peers) {
      for (const subscription of peer.subscriptions) {
        peer.send(
          JSON.stringify({
            jsonrpc: '2.0',
            method: 'presence_subscription',
            params: { subscription, result: event },
          }),
        )
      }
    }
  }
}
