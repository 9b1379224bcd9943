import { createHash, timingSafeEqual } from 'node:crypto'
import type { Context, MiddlewareHandler } from 'hono'
import type { EditorSessions } from './accounts/sessions.ts'
import { httpError } from './errors.ts'
import type { Tokens } from './tokens.ts'

export type Role = 'anonymous' | 'read' | 'write'

export interface LakeEnv {
  /** `identity` is the signed-in user's id, or null for API tokens and anonymous callers. */
  Variables: { role: Role; identity: string | null; token: string | null }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest()
}

/** Hashing first gives equal-length buffers, so timingSafeEqual leaks neither content nor length. */
function matches(candidate: Buffer, expected: Buffer): boolean {
  return timingSafeEqual(candidate, expected)
}

export function authMiddleware(
  tokens: Tokens,
  sessions: EditorSessions,
): MiddlewareHandler<LakeEnv> {
  const read = digest(tokens.read)
  const write = digest(tokens.write)
  return async (c, next) => {
    c.set('identity', null)
    c.set('token', null)
    const header = c.req.header('authorization')
    if (!header) {
      c.set('role', 'anonymous')
      return next()
    }
    const token = /^Bearer\s+(.+)$/i.exec(header.trim())?.[1] ?? ''
    const presented = digest(token)
    // Compare against both so the time taken doesn't reveal which token matched.
    const isWrite = matches(presented, write)
    const isRead = matches(presented, read)
    const sessionUser = isWrite || isRead ? undefined : sessions.userFor(token)
    if (!isWrite && !isRead && !sessionUser) throw httpError(401, 'Session not found')
    // Signed-in editors may do what the write token may.
    c.set('role', isRead ? 'read' : 'write')
    c.set('identity', sessionUser ?? null)
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
