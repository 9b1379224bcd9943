import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readConfig } from '../env.ts'
import { rawRequest } from '@repo/raw-http/raw-request'
import type { RawAnswer } from '@repo/raw-http/raw-request'
import { startTestServer } from '../../test/test-lake.ts'

const listenPath =
  '/v2025-02-19/data/listen/production?query=*%5B_id%20in%20%24ids%5D&%24ids=%5B%22a%22%5D'
const studio = 'http://localhost:3333'

let server: Awaited<ReturnType<typeof startTestServer>>
let poolPorts: number[]

beforeAll(async () => {
  server = await startTestServer({ LAKE_LISTEN_POOL: '2' })
  const pool = await fetch(`http://127.0.0.1:${server.port}/listen-pool`)
  poolPorts = ((await pool.json()) as { ports: number[] }).ports
})
afterAll(async () => {
  await server.close()
})

const corsHeaders = (answer: RawAnswer) =>
  Object.keys(answer.headers).filter((name) => name.startsWith('access-control-'))

/** A listen request and its preflight, as a browser page of `origin` sends them. */
async function listenFrom(port: number, origin: string, host = `localhost:${port}`) {
  const preflight = await rawRequest(
    `http://127.0.0.1:${port}`,
    listenPath,
    {
      Host: host,
      Origin: origin,
      'Access-Control-Request-Method': 'GET',
      'Access-Control-Request-Headers': 'authorization',
    },
    'OPTIONS',
  )
  const stream = await rawRequest(`http://127.0.0.1:${port}`, listenPath, {
    Host: host,
    Origin: origin,
    Authorization: `Bearer ${server.lake.tokens.read}`,
  })
  return { preflight, stream }
}

describe('listener pool', () => {
  it('should default to eight pool ports and allow none', () => {
    expect(readConfig({}).listenPool).toBe(8)
    expect(readConfig({ LAKE_LISTEN_POOL: '0' }).listenPool).toBe(0)
  })

  it('should name its ports at /listen-pool, other ports than the main one', () => {
    expect(poolPorts).toHaveLength(2)
    expect(poolPorts).not.toContain(server.port)
  })

  it('should stream a listed origin’s listener with its token, on the pool and the main port', async () => {
    for (const port of [...poolPorts, server.port]) {
      const { preflight, stream } = await listenFrom(port, studio)
      expect(preflight.status).toBe(204)
      expect(preflight.headers['access-control-allow-origin']).toBe(studio)
      expect(preflight.headers['access-control-allow-headers']).toMatch(/authorization/i)
      expect(stream.status).toBe(200)
      expect(stream.headers['access-control-allow-origin']).toBe(studio)
      expect(stream.headers['access-control-allow-credentials']).toBe('true')
      expect(stream.body).toContain('event: welcome')
    }
  })

  it('should give Origin null and unlisted origins no CORS headers on any port', async () => {
    for (const port of [...poolPorts, server.port]) {
      for (const origin of ['null', 'http://localhost:9999', 'https://evil.example']) {
        const { preflight, stream } = await listenFrom(port, origin)
        expect(corsHeaders(preflight), `${origin} on ${port}`).toEqual([])
        expect(corsHeaders(stream), `${origin} on ${port}`).toEqual([])
      }
    }
  })

  it('should not take a Host naming a pool port as a pool request on the main port', async () => {
    for (const poolPort of poolPorts) {
      const { preflight, stream } = await listenFrom(server.port, 'null', `localhost:${poolPort}`)
      expect(corsHeaders(preflight)).toEqual([])
      expect(corsHeaders(stream)).toEqual([])
      // Streamed in place: no redirect, no ticket.
      expect(stream.status).toBe(200)
      expect(stream.headers.location).toBeUndefined()
    }
  })

  it('should answer nothing but listeners on the pool ports', async () => {
    const port = poolPorts[0] ?? 0
    for (const path of [
      '/health',
      '/listen-pool',
      '/v1/data/query/production?query=*',
      '/auth/login/local',
    ]) {
      const answer = await rawRequest(`http://127.0.0.1:${port}`, path, {
        Host: `localhost:${port}`,
      })
      expect(answer.status, path).toBe(404)
      expect(JSON.parse(answer.body)).toMatchObject({ statusCode: 404 })
    }
  })

  it('should close with streams open', async () => {
    const other = await startTestServer({ LAKE_LISTEN_POOL: '1' })
    const pool = await fetch(`http://127.0.0.1:${other.port}/listen-pool`)
    const [port] = ((await pool.json()) as { ports: number[] }).ports
    const open = await fetch(`http://localhost:${port}${listenPath}`)
    expect(open.status).toBe(200)
    await other.close()
  })
})
