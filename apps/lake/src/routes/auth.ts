import type { Context } from 'hono'
import { Hono } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'

import type { EditorSessions } from '../accounts/sessions.ts'
import type { SignedInBrowsers } from '../accounts/signed-in-browsers.ts'
import { userFor } from '../accounts/users.ts'
import type { LakeEnv } from '../http/lake-env.ts'
import { digest, matchesDigest } from '../http/auth.ts'
import { httpError } from '../http/errors.ts'

export interface LocalLoginOptions {
  enabled: boolean
  /** Studio origins a login may return to; any other would be handed a session code. */
  studioOrigins: string[]
  /** The sign-in link's secret (`<data dir>/login-secret`, see login-secret.ts). */
  secret: string
}

/** The only path the browser proof is sent to: the provider URL the Studio sends browsers to. */
const proofCookiePath = '/auth/login/local'
const proofMaxAgeSeconds = 365 * 24 * 60 * 60

/** Named after the lake's port: two lakes on one machine share the host's cookies. */
function proofCookieName(c: Context): string {
  return `lake-browser-${new URL(c.req.url).port || '80'}`
}

/** A small page for people (the Studio sends the browser here), Sanity's error shape otherwise. */
function refusal(c: Context, status: 401 | 403, title: string, text: string): Response {
  if (!c.req.header('accept')?.includes('text/html')) {
    const error = httpError(status, `${title}. ${text.replace(/<\/?code>/g, '`')}`)
    return c.json(error.body, error.status)
  }
  c.header('Content-Security-Policy', "default-src 'none'")
  c.header('Referrer-Policy', 'no-referrer')
  return c.html(
    `<!doctype html><html lang="en"><meta charset="utf-8"><title>${title}</title>` +
      `<body style="font:16px/1.5 system-ui;max-width:40em;margin:3em auto"><h1>${title}</h1><p>${text}</p></body></html>`,
    status,
  )
}

const openTheLink =
  'Open the link printed as “Studio sign-in” by <code>./scripts/start</code> (or by the lake when it starts) in this browser, once; after that the Studio signs you in by itself.'

/**
 * Sanity's login flow against the lake. The Studio sends the browser to a provider URL with
 * `origin` (where to come back) and `withSid=true`; the provider redirects to `origin#sid=<code>`
 * and the Studio trades the code for a token at `/auth/fetch`. The local provider asks for no
 * password, but for proof that the browser belongs to the person at this machine: a cookie it got
 * by opening the sign-in link, whose secret only the lake's files and start output hold.
 */
export function authRoutes(
  sessions: EditorSessions,
  browsers: SignedInBrowsers,
  login: LocalLoginOptions,
  publicUrl: string,
) {
  const app = new Hono<LakeEnv>()
  if (login.enabled && login.secret.length < 32) throw new Error('the sign-in secret is too short')
  const secretDigest = digest(login.secret)

  app.get('/sign-in', (c) => {
    if (!login.enabled) throw httpError(404, 'Local sign-in is disabled on this lake')
    if (!matchesDigest(c.req.query('secret') ?? '', secretDigest)) {
      return refusal(c, 403, 'This sign-in link is not valid', openTheLink)
    }
    setCookie(c, proofCookieName(c), browsers.add(), {
      path: proofCookiePath,
      httpOnly: true,
      sameSite: 'Lax',
      maxAge: proofMaxAgeSeconds,
    })
    c.header('Cache-Control', 'no-store')
    c.header('Referrer-Policy', 'no-referrer')
    const studio = login.studioOrigins[0]
    if (!studio) return c.text('This browser may now sign in to the Studio.')
    return c.redirect(`${studio}/`, 303)
  })

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
    const proof = getCookie(c, proofCookieName(c))
    if (!proof || !browsers.has(proof)) {
      return refusal(c, 401, 'This browser is not signed in to the lake yet', openTheLink)
    }
    c.header('Cache-Control', 'no-store')
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
