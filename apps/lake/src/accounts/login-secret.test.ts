import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { readConfig } from '../env.ts'
import { rawRequest } from '@repo/raw-http/raw-request'
import { serve, signInUrlFor } from '../server.ts'
import { loadLoginSecret } from './login-secret.ts'

const dirs: string[] = []
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lake-secret-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('the sign-in link', () => {
  it('should keep one secret in the data directory, readable by its owner only', () => {
    const dir = tempDir()
    const secret = loadLoginSecret(dir)
    const file = path.join(dir, 'login-secret')
    expect(secret).toMatch(/^[\w-]{43}$/)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(loadLoginSecret(dir)).toBe(secret)
    chmodSync(file, 0o644)
    expect(loadLoginSecret(dir)).toBe(secret)
    expect(statSync(file).mode & 0o777).toBe(0o600)
  })

  it('should name localhost for a loopback lake and the public host otherwise', () => {
    expect(signInUrlFor('http://127.0.0.1:3210', 'abc')).toBe(
      'http://localhost:3210/auth/sign-in?secret=abc',
    )
    expect(signInUrlFor('https://lake.example.org', 'abc')).toBe(
      'https://lake.example.org/auth/sign-in?secret=abc',
    )
  })

  it('should be printed on start, approve the browser that opens it, and never be served', async () => {
    const dir = tempDir()
    const lines: string[] = []
    const config = readConfig({ LAKE_PORT: '0', LAKE_DATA_DIR: dir, LAKE_SEED: 'none' })
    const lake = await serve({ ...config, listenPool: 0 }, (line) => lines.push(line))
    try {
      const secret = readFileSync(path.join(dir, 'login-secret'), 'utf8')
      const link = `http://localhost:${lake.port}/auth/sign-in?secret=${secret}`
      expect(lines).toContain(`Studio sign-in: ${link}`)
      const host = { Host: `localhost:${lake.port}` }
      const approved = await rawRequest(
        `http://127.0.0.1:${lake.port}`,
        new URL(link).pathname + new URL(link).search,
        host,
      )
      expect(approved.status).toBe(303)
      const cookie = String(approved.headers['set-cookie']).split(';')[0] ?? ''
      expect(cookie).toMatch(new RegExp(`^lake-browser-${lake.port}=`))
      const login = `/auth/login/local?origin=${encodeURIComponent('http://localhost:3333')}`
      expect((await rawRequest(`http://127.0.0.1:${lake.port}`, login, host)).status).toBe(401)
      const signedIn = await rawRequest(`http://127.0.0.1:${lake.port}`, login, {
        ...host,
        Cookie: cookie,
      })
      expect(signedIn.status).toBe(302)
      expect(signedIn.headers.location).toMatch(/^http:\/\/localhost:3333\/#sid=/)
      for (const path of [
        '/login-secret',
        '/auth/login-secret',
        '/files/../login-secret',
        '/v1/auth/providers',
      ]) {
        expect((await rawRequest(`http://127.0.0.1:${lake.port}`, path, host)).body).not.toContain(
          secret,
        )
      }
    } finally {
      await lake.close()
    }
  })

  it('should make no secret and print no link with LAKE_LOCAL_LOGIN=false', async () => {
    const dir = tempDir()
    const lines: string[] = []
    const config = readConfig({
      LAKE_PORT: '0',
      LAKE_DATA_DIR: dir,
      LAKE_SEED: 'none',
      LAKE_LOCAL_LOGIN: 'false',
    })
    const lake = await serve({ ...config, listenPool: 0 }, (line) => lines.push(line))
    await lake.close()
    expect(lines.join('\n')).not.toContain('sign-in')
    expect(() => statSync(path.join(dir, 'login-secret'))).toThrow()
  })
})
