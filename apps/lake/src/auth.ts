import { createHash, timingSafeEqual } from 'node:crypto'
import type { Context, MiddlewareHandler } from 'hono'
import { httpError } from './errors.ts'
import type { Tokens } from './tokens.ts'

export type Role = 'anonymous' | 'read' | 'write'

export interface LakeEnv {
  Variables: { role: Role }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest()
}

/** Hashing first gives equal-length buffers, so timingSafeEqual leaks neither content nor length. */
function matches(candidate: Buffer, expected: Buffer): boolean {
  return timingSafeEqual(candidate, expected)
}

export function authMiddleware(tokens: Tokens): MiddlewareHandler<LakeEnv> {
  const read = digest(tokens.read)
  const write = digest(tokens.write)
  return async (c, next) => {
    const header = c.req.header('authorization')
    if (!header) {
      c.set('role', 'anonymous')
      return next()
    }
    const match = /^Bearer\s+(.+)$/i.exec(header.trim())
    const presented = digest(match?.[1] ?? '')
    // Compare against both so the time taken doesn't reveal which token matched.
    const isWrite = matches(presented, write)
    const isRead = matches(presented, read)
    if (!isWrite && !isRead) throw httpError(401, 'Session not found')
    c.set('role', isWrite ? 'write' : 'read')
    return next()
  }
}

export function requireToken(
  c: Context<LakeEnv>,
  message = 'Unauthorized - a token is required',
): void {
  if (c.var.role === 'anonymous') throw httpError(401, message)
}
