import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readConfig } from '../env.ts'
import { lakeHostNames } from './host-names.ts'
import { rawRequest } from '@repo/raw-http/raw-request'
import { startTestServer } from '../../test/test-lake.ts'

let server: Awaited<ReturnType<typeof startTestServer>>
let poolPort: number

beforeAll(async () => {
  server = await startTestServer({
    LAKE_LISTEN_POOL: '2',
    LAKE_PUBLIC_URL: 'https://lake.example.org',
    LAKE_ALLOWED_HOSTS: 'studio-box.lan, 192.168.1.20',
  })
  const pool = await fetch(`http://127.0.0.1:${server.port}/listen-pool`)
  poolPort = ((await pool.json()) as { ports: number[] }).ports[0] ?? 0
})
afterAll(async () => {
  await server.close()
})

const listenPath = '/v2025-02-19/data/listen/production?query=*'

describe('the Host header (DNS rebinding)', () => {
  it('should refuse foreign names with a 403 in Sanity’s shape on the main and pool ports', async () => {
    for (const [port, path] of [
      [server.port, '/health'],
      [server.port, '/v1/data/query/production?query=*'],
      [poolPort, listenPath],
    ] as const) {
      for (const host of [
        'evil.example',
        `evil.example:${port}`,
        'localhost.evil.example',
        '127.0.0.2',
      ]) {
        const answer = await rawRequest(`http://127.0.0.1:${port}`, path, { Host: host })
        expect(answer.status, `${host} on ${port}`).toBe(403)
        expect(JSON.parse(answer.body)).toMatchObject({ statusCode: 403, error: 'Forbidden' })
      }
    }
  })

  it('should refuse a WebSocket upgrade of the presence socket naming a foreign host', async () => {
    const upgrade = {
      Connection: 'Upgrade',
      Upgrade: 'websocket',
      'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
    }
    const path = '/v2022-06-30/socket/production'
    const foreign = await rawRequest(`http://127.0.0.1:${server.port}`, path, {
      ...upgrade,
      Host: 'evil.example',
    })
    expect(foreign.status).toBe(403)
    const own = await rawRequest(`http://127.0.0.1:${server.port}`, path, {
      ...upgrade,
      Host: `localhost:${server.port}`,
    })
    expect(own.status).toBe(101)
  })

  it('should answer its own names: loopback, the public URL’s host and LAKE_ALLOWED_HOSTS', async () => {
    for (const host of [
      `localhost:${server.port}`,
      'LOCALHOST',
      `127.0.0.1:${server.port}`,
      `[::1]:${server.port}`,
      'lake.example.org',
      'studio-box.lan:8080',
      '192.168.1.20',
    ]) {
      expect(
        (await rawRequest(`http://127.0.0.1:${server.port}`, '/health', { Host: host })).status,
        host,
      ).toBe(200)
    }
    const pooled = await rawRequest(`http://127.0.0.1:${poolPort}`, listenPath, {
      Host: `localhost:${poolPort}`,
    })
    expect(pooled.status).toBe(200)
    expect(pooled.body).toContain('event: welcome')
  })

  it('should not take the bind address of every interface as a name', () => {
    const names = lakeHostNames(readConfig({ LAKE_HOST: '0.0.0.0' }))
    expect([...names].sort()).toEqual(['127.0.0.1', '[::1]', 'localhost'])
    expect([...lakeHostNames(readConfig({ LAKE_HOST: '::1' }))]).toContain('[::1]')
    expect(() => readConfig({ LAKE_ALLOWED_HOSTS: 'evil.example:80' })).toThrow(/host name/)
  })
})
