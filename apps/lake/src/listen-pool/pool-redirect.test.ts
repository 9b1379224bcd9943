import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { readConfig } from '../env.ts'
import { serve } from '../server.ts'
import { createTestLake, testTokens } from '../test-lake.ts'
import type { TestLake } from '../test-lake.ts'

const listenPath =
  '/v2025-02-19/data/listen/production?query=*%5B_id%20in%20%24ids%5D&%24ids=%5B%22a%22%5D'
const studio = 'http://localhost:3333'

/** Reads the first chunk of an event stream, then lets it go. */
async function firstChunk(response: Response): Promise<string> {
  const reader = response.body?.getReader()
  const chunk = (await reader?.read()) as { value?: Uint8Array } | undefined
  await reader?.cancel()
  return new TextDecoder().decode(chunk?.value)
}

let lake: TestLake | undefined
afterEach(() => {
  lake?.cleanup()
  lake = undefined
})

describe('listener pool', () => {
  it('should default to eight pool ports and allow none', () => {
    expect(readConfig({}).listenPool).toBe(8)
    expect(readConfig({ LAKE_LISTEN_POOL: '0' }).listenPool).toBe(0)
  })

  it('should redirect browser listeners to a pool port with a one-time ticket', async () => {
    lake = createTestLake({ listenPoolPorts: [4001, 4002] })
    const headers = { Origin: studio, Authorization: `Bearer ${testTokens.write}` }
    const redirect = await lake.app.request(`http://localhost:3210${listenPath}`, { headers })
    expect(redirect.status).toBe(307)
    const target = new URL(redirect.headers.get('location') ?? '')
    expect(target.port).toBe('4001')
    expect(target.searchParams.get('query')).toBe('*[_id in $ids]')
    const ticket = target.searchParams.get('lakeTicket') ?? ''
    expect(ticket.length).toBeGreaterThanOrEqual(43)

    // The browser follows without the Authorization header and from origin "null".
    const stream = await lake.app.request(target.href, { headers: { Origin: 'null' } })
    expect(stream.status).toBe(200)
    expect(stream.headers.get('access-control-allow-origin')).toBe('null')
    expect(await firstChunk(stream)).toContain('event: welcome')
    const again = await lake.app.request(target.href, { headers: { Origin: 'null' } })
    expect(again.status).toBe(401)

    // Round robin over the pool.
    const next = await lake.app.request(`http://localhost:3210${listenPath}`, { headers })
    expect(new URL(next.headers.get('location') ?? '').port).toBe('4002')
  })

  it('should stream in place for non-browser clients and without a pool', async () => {
    lake = createTestLake({ listenPoolPorts: [4001] })
    const direct = await lake.app.request(`http://localhost:3210${listenPath}`)
    expect(direct.status).toBe(200)
    await direct.body?.cancel()
    lake.cleanup()
    lake = createTestLake()
    const unpooled = await lake.app.request(listenPath, { headers: { Origin: studio } })
    expect(unpooled.status).toBe(200)
    await unpooled.body?.cancel()
  })

  it('should not honour tickets on the main port or a null origin elsewhere', async () => {
    lake = createTestLake({ listenPoolPorts: [4001] })
    const withTicket = await lake.app.request(`http://localhost:3210${listenPath}&lakeTicket=x`, {
      headers: { Origin: 'null' },
    })
    expect(withTicket.headers.get('access-control-allow-origin')).toBeNull()
    await withTicket.body?.cancel()
  })

  it('should serve the pool from the real server and close with streams open', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lake-pool-'))
    const config = readConfig({ LAKE_PORT: '0', LAKE_DATA_DIR: dir, LAKE_SEED: 'none' })
    const running = await serve({ ...config, listenPool: 2 }, () => undefined)
    try {
      const redirect = await fetch(`${running.url}${listenPath}`, {
        headers: { Origin: studio, Authorization: `Bearer ${running.tokens.read}` },
        redirect: 'manual',
      })
      expect(redirect.status).toBe(307)
      const location = redirect.headers.get('location') ?? ''
      expect(new URL(location).port).not.toBe(new URL(running.url).port)
      const stream = await fetch(location, { headers: { Origin: 'null' } })
      expect(await firstChunk(stream)).toContain('event: welcome')
      const open = await fetch(location.replace(/lakeTicket=[^&]+/, ''))
      expect(open.status).toBe(200)
    } finally {
      await running.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
