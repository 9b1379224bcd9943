import { Hono } from 'hono'
import { z } from 'zod'

import type { KeyValues } from '../accounts/key-values.ts'
import { knownUsers, userFor } from '../accounts/users.ts'
import type { LakeEnv } from '../http/lake-env.ts'
import { httpError } from '../http/errors.ts'
import { limitBody, readJson } from '../http/read-body.ts'

export const maxKeyValueBodyBytes = 1024 * 1024

const keyValueBody = z.array(z.object({ key: z.string().min(1).max(200), value: z.unknown() }))

export function userRoutes(keyValues: KeyValues) {
  const app = new Hono<LakeEnv>()

  const currentUser = (c: { var: LakeEnv['Variables'] }) => {
    const user = userFor(c.var.role, c.var.identity)
    if (!user) throw httpError(401, 'Unauthorized - Session not found')
    return user
  }

  // Anonymous callers get Sanity's empty object (not an error), which the Studio reads as "signed
  // out"; a token that names no session is still a 401.
  app.get('/me', (c) => (c.var.role === 'anonymous' ? c.json({}) : c.json(currentUser(c))))

  app.get('/me/keyvalue/:keys', (c) => {
    const user = currentUser(c)
    return c.json(keyValues.get(user.id, c.req.param('keys').split(',')))
  })

  // The Studio keeps small settings here (layouts, recent searches).
  app.put('/me/keyvalue', limitBody(maxKeyValueBodyBytes), async (c) => {
    const user = currentUser(c)
    const parsed = keyValueBody.safeParse(await readJson(c, 'badRequest'))
    if (!parsed.success) throw httpError(400, 'Expected an array of {key, value}')
    return c.json(keyValues.set(user.id, parsed.data))
  })

  app.get('/:ids', (c) => {
    const ids = c.req.param('ids').split(',')
    const users = ids.map((id) => {
      const user = knownUsers.find((candidate) => candidate.id === id)
      return user
        ? { id: user.id, displayName: user.name, imageUrl: null, email: user.email }
        : null
    })
    return c.json(ids.length === 1 ? (users[0] ?? null) : users)
  })

  return app
}
