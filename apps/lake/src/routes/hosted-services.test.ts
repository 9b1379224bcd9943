import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { createTestLake } from '../../test/test-lake.ts'
import type { TestLake } from '../../test/test-lake.ts'

let lake: TestLake
const feedback: string[] = []
beforeEach(() => {
  feedback.length = 0
  lake = createTestLake({ logFeedback: (message) => feedback.push(message) })
})
afterEach(() => {
  lake.cleanup()
})

describe('Sanity-hosted services', () => {
  it('should name the running Studio version as the latest one', async () => {
    const response = await lake.request('/v1/modules/sanity/latest/%5E6.9.2/t1795920386')
    expect(await response.json()).toEqual({ packageVersion: '6.9.2', latest: '6.9.2' })
    expect((await lake.request('/v1/modules/sanity/latest/nonsense/t1')).status).toBe(400)
  })

  it('should accept the feedback probe and log what editors write', async () => {
    const dsn = 'https://key@sentry.example/1'
    const probe = await lake.request('/vX/intake/feedback', {
      body: `${JSON.stringify({ dsn, sent_at: new Date().toISOString() })}\n`,
    })
    expect(probe.status).toBe(200)
    expect(feedback).toEqual([])
    const event = { type: 'feedback', contexts: { feedback: { message: 'Publishing is fast' } } }
    const envelope = [{ dsn }, { type: 'event' }, event].map((line) => JSON.stringify(line))
    expect((await lake.request('/vX/intake/feedback', { body: envelope.join('\n') })).status).toBe(
      200,
    )
    expect(feedback).toEqual(['Publishing is fast'])
  })
})
