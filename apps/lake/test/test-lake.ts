import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createApp } from '../src/app.ts'
import { readConfig } from '../src/env.ts'
import { serve } from '../src/server.ts'
import type { AppOptions } from '../src/app.ts'
import { SqliteStore } from '../src/store/sqlite-store.ts'

export const testTokens = {
  read: 'test-read-token-0123456789',
  write: 'test-write-token-0123456789',
}

/** The sign-in link's secret in tests (a real lake makes one in its data directory). */
export const testLoginSecret = 'test-login-secret-0123456789abcdefghij'

export interface RequestOptions {
  method?: string
  /** 'read', 'write', or any other literal token to send. */
  token?: string
  body?: unknown
  headers?: Record<string, string>
}

export interface TestLakeOptions extends Partial<AppOptions> {
  /**
   * Keeps the SQLite database in memory: no fsync per commit, for tests that write thousands of
   * times and are not about durability (assets and accounts still go to the temp directory).
   */
  inMemory?: boolean
}

/** A lake on a temp SQLite file with one `production` dataset, for tests through `app.request()`. */
export function createTestLake({ inMemory = false, ...options }: TestLakeOptions = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'lake-test-'))
  const store = new SqliteStore(inMemory ? ':memory:' : path.join(dir, 'lake.db'))
  store.createDataset('production')
  const app = createApp({
    store,
    tokens: testTokens,
    dataDir: dir,
    projectId: 'local',
    publicUrl: 'http://lake.test',
    logError: () => undefined,
    logNotFound: () => undefined,
    logFeedback: () => undefined,
    login: {
      enabled: true,
      studioOrigins: ['http://localhost:3333', 'http://127.0.0.1:3333'],
      secret: testLoginSecret,
    },
    ...options,
  })

  async function request(url: string, init: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { ...init.headers }
    if (init.token) {
      const token =
        init.token === 'read'
          ? testTokens.read
          : init.token === 'write'
            ? testTokens.write
            : init.token
      headers.Authorization = `Bearer ${token}`
    }
    let body: RequestInit['body']
    if (init.body instanceof Uint8Array) body = init.body
    else if (typeof init.body === 'string') body = init.body
    else if (init.body !== undefined) {
      body = JSON.stringify(init.body)
      headers['Content-Type'] ??= 'application/json'
    }
    return app.request(url, {
      method: init.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      body,
    })
  }

  async function mutate(mutations: unknown[], query = ''): Promise<Response> {
    return request(`/v2025-02-19/data/mutate/production${query}`, {
      token: 'write',
      body: { mutations },
    })
  }

  function cleanup(): void {
    store.close()
    rmSync(dir, { recursive: true, force: true })
  }

  return { app, store, dir, request, mutate, cleanup }
}

export type TestLake = ReturnType<typeof createTestLake>

/** The real Node server (needed for WebSocket upgrades and streams) on a free port and temp dir. */
export async function startTestServer(env: Record<string, string> = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'lake-server-'))
  const lake = await serve(
    readConfig({ LAKE_PORT: '0', LAKE_DATA_DIR: dir, LAKE_SEED: 'none', ...env }),
    () => undefined,
  )
  return {
    lake,
    /** The port listened on (the public URL may name another). */
    port: lake.port,
    async close() {
      await lake.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
