import { createHash, timingSafeEqual } from 'node:crypto'
import type { Context, MiddlewareHandler } from 'hono'
import type { EditorSessions } from '../accounts/sessions.ts'
import { httpError } from './errors.ts'
import type { Caller, LakeEnv } from './lake-env.ts'
import type { Tokens } from './tokens.ts'

export function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest()
}

/**
 * Whether a presented token is the one whose digest is `expected`, in time that depends on
 * neither: hashing first gives equal-length buffers, so timingSafeEqual (which throws on unequal
 * lengths) leaks neither the content nor the length of the secret.
 */
export function matchesDigest(presented: string, expected: Buffer): boolean {
  return timingSafeEqual(digest(presented), expected)
}

/** Who a bearer token belongs to, or undefined for an unknown token. Shared by HTTP and sockets. */
export function tokenResolver(
  tokens: Tokens,
  sessions: EditorSessions,
): (token: string) => Caller | undefined {
  const read = digest(tokens.read)
  const write = digest(tokens.write)
  return (token) => {
    // Compare against both so the time taken doesn't reveal which token matched.
    const isWrite = matchesDigest(token, write)
    const isRead = matchesDigest(token, read)
    if (isWrite || isRead) return { role: isRead ? 'read' : 'write', identity: null }
    const sessionUser = sessions.userFor(token)
    // Signed-in editors may do what the write token may.
    return sessionUser ? { role: 'write', identity: sessionUser } : undefined
  }
}

export function authMiddleware(
  tokens: Tokens,
  sessions: EditorSessions,
): MiddlewareHandler<LakeEnv> {
  const resolve = tokenResolver(tokens, sessions)
  return async (c, next) => {
    c.set('identity', null)
    c.set('token', null)
    const header = c.req.header('authorization')
    if (!header) {
      c.set('role', 'anonymous')
      return next()
    }
    const token = /^Bearer\s+(.+)$/i.exec(header.trim())?.[1] ?? ''
    const caller = resolve(token)
    if (!caller) throw httpError(401, 'Session not found')
    c.set('role', caller.role)
    c.set('identity', caller.identity)
    c.set('token', token)
    return next()
  }
}

export function requireToken(
  c: Context<LakeEnv>,
  message = 'Unauthorized - a token is required',
): void {
  if (c.var.role === 'anonymous') throw httpError(401, message)
}
