import { Hono } from 'hono'

import type { EditorSessions } from '../accounts/sessions.ts'
import { userFor } from '../accounts/users.ts'
import type { LakeEnv } from '../auth.ts'
import { httpError } from '../errors.ts'

export interface LocalLoginOptions {
  enabled: boolean
  /** Studio origins a login may return to; any other would be handed a session code. */
  studioOrigins: string[]
}

/**
 * Sanity's login flow against the lake. The Studio sends the browser to a provider URL with
 * `origin` (where to come back) and `withSid=true`; the provider redirects to `origin#sid=<code>`
 * and the Studio trades the code for a token at `/auth/fetch`. The local provider asks for no
 * password: whoever can reach the lake on this machine is the local editor.
 */
export function authRoutes(sessions: EditorSessions, login: LocalLoginOptions, publicUrl: string) {
  const app = new Hono<LakeEnv>()

  app.get('/login/local', (c) => {
    if (!login.enabled) throw httpError(404, 'Local sign-in is disabled on this lake')
    const origin = c.req.query('origin')
    let target: URL
    try {
      target = new URL(origin ?? '')
    } catch {
      throw httpError(400, 'The "origin" parameter must be the URL of the Studio to return to')
    }
    if (!login.studioOrigins.includes(target.origin)) {
      throw httpError(
        403,
        `${target.origin} is not an allowed Studio origin (LAKE_STUDIO_ORIGINS: ${login.studioOrigins.join(', ')})`,
      )
    }
    target.hash = `sid=${sessions.startLogin()}`
    return c.redirect(target.href, 302)
  })

  app.get('/fetch', (c) => {
    const token = sessions.redeem(c.req.query('sid') ?? '')
    if (!token) throw httpError(401, 'Session code is unknown, used or expired: sign in again')
    return c.json({ token })
  })

  app.post('/logout', (c) => {
    if (c.var.token && c.var.identity) sessions.revoke(c.var.token)
    return c.body(null, 204)
  })

  // The Studio's auth probe: any valid token or session is someone (a robot for API tokens).
  app.get('/id', (c) => {
    const user = userFor(c.var.role, c.var.identity)
    if (!user) throw httpError(401, 'Not signed in')
    return c.json({ id: user.id })
  })

  app.get('/providers', (c) =>
    c.json({
      thirdPartyLogin: false,
      sso: {},
      providers: login.enabled
        ? [{ name: 'local', title: 'Local editor', url: `${publicUrl}/auth/login/local` }]
        : [],
    }),
  )

  return app
}
