import { Hono } from 'hono'

import type { LakeEnv } from '../http/lake-env.ts'
import { httpError } from '../http/errors.ts'
import { limitBody } from '../http/read-body.ts'
import { lakeFeatures } from '../releases/release-features.ts'

export const maxFeedbackBodyBytes = 10 * 1024 * 1024

const exactVersion = /^[\^~]?(\d+\.\d+\.\d+(?:-[\w.]+)?)$/

/** The user's words in a Sentry feedback envelope (header line, then item header/payload pairs). */
function feedbackMessages(envelope: string): string[] {
  const lines = envelope.split('\n').slice(1)
  const messages: string[] = []
  for (let index = 0; index + 1 < lines.length; index += 2) {
    try {
      const item = JSON.parse(lines[index] ?? '') as { type?: string }
      const payload = JSON.parse(lines[index + 1] ?? '') as {
        contexts?: { feedback?: { message?: unknown } }
      }
      const message = payload.contexts?.feedback?.message
      if (item.type === 'event' && typeof message === 'string') messages.push(message)
    } catch {
      // Attachments are binary and not ours to read.
    }
  }
  return messages
}

/**
 * Sanity-hosted services the Studio calls besides the content API. Offline there is no Sanity to
 * ask, so the lake answers as those services do for a Studio with nothing to report: no newer
 * version, no announcements or trials, telemetry declined. Feedback an editor sends from the help
 * menu lands in the lake's log, the only inbox an offline operator has.
 */
export function hostedServiceRoutes(logFeedback: (message: string) => void) {
  const app = new Hono<LakeEnv>()
  app.get('/features', (c) => c.json(lakeFeatures))
  app.get('/intake/telemetry-status', (c) => c.json({ status: 'denied' }))
  // Room for the screenshot a feedback envelope may carry, which is not read anyway.
  app.post('/intake/feedback', limitBody(maxFeedbackBodyBytes), async (c) => {
    for (const message of feedbackMessages(await c.req.text())) logFeedback(message)
    return c.json({})
  })
  app.post('/intake/*', (c) => c.body(null, 204))
  app.get('/journey/*', (c) => c.json({}))
  // The help menu's links and Sanity's version advice; offline there are neither.
  app.get('/help', (c) => c.json({ resources: [] }))
  // The module CDN's "latest version" lookup: the newest version known here is the one running.
  app.get('/modules/:packageName/:tag/:minVersion/:timestamp', (c) => {
    const version = exactVersion.exec(c.req.param('minVersion'))?.[1]
    if (!version) throw httpError(400, 'Expected a version range like ^6.9.2')
    return c.json({ packageVersion: version, latest: version })
  })
  // Only probed after a network failure; every local origin may call the lake.
  app.get('/check/cors', (c) => c.json({ result: { allowed: true, withCredentials: true } }))
  // Role requests ("ask to edit") go to the project's admins; there are none to ask.
  app.get('/access/requests/me', (c) => c.json([]))
  // Cross-dataset references: datasets here never reference each other.
  app.get('/data/references/:dataset/documents/:id/to', (c) =>
    c.json({ totalCount: 0, references: [] }),
  )
  return app
}
