import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { resolve } from 'node:path'

import { expect, test } from '@playwright/test'
import {
  freePort,
  hasRedisServer,
  type RedisTestServer,
  startRedisServer,
} from '@repo/redis-test-server'
import { encodeSignatureHeader } from '@sanity/webhook'

import { e2eEnv, inheritedEnv } from './env.ts'
import { mutate as publish } from './lake-api.ts'

/**
 * Several web instances, one cache: a second build of the site with REDIS_URL (so its cacheHandler
 * is the Redis one), two instances of its server (server.ts), and one revalidation on instance A that
 * must refresh instance B. Redis going away must leave both serving.
 */
const { lakeUrl, readToken, revalidateSecret } = e2eEnv
const webDir = resolve('apps/web')
// Inside `.next` so it is ignored like the main build (which cleans it on its next run).
const distDir = '.next/e2e-shared-cache'
const deepseek = {
  id: 'article-deepseek-soft-power',
  slug: 'open-source-or-soft-power-the-real-face-of-deepseek',
  path: '/articles/open-source-or-soft-power-the-real-face-of-deepseek',
  title: 'Open Source or Soft Power? The Real Face of DeepSeek',
}

const processes: ChildProcess[] = []
const logs = new Map<ChildProcess, string>()

/** Starts a process in its own group, so afterAll can end it and its children. */
function start(command: string, args: string[], env: Record<string, string>, cwd = webDir) {
  const child = spawn(command, args, {
    cwd,
    env: { ...inheritedEnv, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  logs.set(child, '')
  const keep = (chunk: Buffer) => logs.set(child, (logs.get(child) ?? '') + chunk.toString())
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  processes.push(child)
  return child
}

function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return Promise.resolve()
  const exited = new Promise((done) => child.once('exit', done))
  try {
    process.kill(-child.pid, 'SIGKILL')
  } catch {
    // already gone
  }
  return exited
}

const exitCode = (child: ChildProcess) =>
  new Promise<number | null>((done) => child.once('exit', done))

async function answers(url: string, seconds: number) {
  const deadline = Date.now() + seconds * 1000
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return true
    } catch {
      // not up yet
    }
    await new Promise((done) => setTimeout(done, 200))
  }
  return false
}

test.describe.configure({ mode: 'serial' })

test.describe('two web instances sharing one Redis cache', () => {
  test.skip(!hasRedisServer, 'no redis-server binary (scripts/test installs it)')

  let redis: RedisTestServer | undefined
  let instanceA: string
  let instanceB: string
  let title: string | undefined

  test.beforeAll(async () => {
    test.setTimeout(150_000)
    const started = await startRedisServer()
    redis = started
    const portA = await freePort()
    const portB = await freePort()
    instanceA = `http://127.0.0.1:${portA}`
    instanceB = `http://127.0.0.1:${portB}`
    const siteEnv = {
      SANITY_API_HOST: lakeUrl,
      NEXT_PUBLIC_SANITY_IMAGE_HOST: lakeUrl,
      NEXT_PUBLIC_SANITY_PROJECT_ID: 'local',
      NEXT_PUBLIC_SANITY_DATASET: 'production',
      SANITY_REVALIDATE_SECRET: revalidateSecret,
      SANITY_API_READ_TOKEN: readToken,
      SITE_URL: instanceA,
      REDIS_URL: started.url,
      NEXT_DIST_DIR: distDir,
    }
    const next = resolve(webDir, 'node_modules/next/dist/bin/next')

    const build = start(process.execPath, [next, 'build'], siteEnv)
    expect(await exitCode(build), logs.get(build)).toBe(0)
    const servers = [portA, portB].map((port) =>
      start(process.execPath, ['server.ts'], {
        ...siteEnv,
        NODE_ENV: 'production',
        PORT: String(port),
      }),
    )
    for (const [index, url] of [instanceA, instanceB].entries()) {
      const server = servers[index]
      expect(await answers(`${url}/`, 30), server && logs.get(server)).toBe(true)
    }
  })

  test.afterAll(async () => {
    if (title) {
      await publish([{ patch: { id: deepseek.id, set: { title: deepseek.title } } }])
    }
    await Promise.all([...processes.map(stop), redis?.stop()])
  })

  const html = async (base: string, path: string) => (await fetch(`${base}${path}`)).text()

  test('both instances serve the article from the one cache', async () => {
    for (const base of [instanceA, instanceB]) {
      const response = await fetch(`${base}${deepseek.path}`)
      expect(response.status).toBe(200)
      expect(await response.text()).toContain('The Real Face of DeepSeek')
    }
    // The build and the instances wrote their pages and data to Redis, not to a private cache.
    const keys = execFileSync('redis-cli', ['-p', String(redis?.port), 'dbsize']).toString()
    expect(Number(keys)).toBeGreaterThan(0)
  })

  test('one revalidation, on instance A only, refreshes instance B', async () => {
    title = `DeepSeek, Soft Power and Shared Caches ${Date.now().toString(36)}`
    await publish([{ patch: { id: deepseek.id, set: { title } } }])

    const payload = JSON.stringify({
      _id: deepseek.id,
      _type: 'article',
      slug: deepseek.slug,
      previousSlug: deepseek.slug,
      tagIds: [],
      previousTagIds: [],
    })
    const signature = await encodeSignatureHeader(payload, Date.now(), revalidateSecret)
    const response = await fetch(`${instanceA}/api/revalidate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'sanity-webhook-signature': signature },
      body: payload,
    })
    expect(response.status).toBe(200)

    await expect
      .poll(() => html(instanceB, deepseek.path), { timeout: 5_000, intervals: [100] })
      .toContain(title)
    expect(await html(instanceA, deepseek.path)).toContain(title)
  })

  test('with Redis gone, both instances keep serving cached pages', async () => {
    await redis?.stop()
    for (const base of [instanceA, instanceB]) {
      for (const path of [deepseek.path, '/', '/tags/deepseek']) {
        const response = await fetch(`${base}${path}`)
        expect(response.status, `${base}${path}`).toBe(200)
      }
    }
    expect(await html(instanceB, deepseek.path)).toContain(title)
  })
})
