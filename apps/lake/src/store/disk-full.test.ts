import { execFileSync, spawnSync } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { afterAll, describe, expect, it } from 'vitest'
import { startLakeProcess } from '../../test/test-process.ts'

/**
 * A full disk under the real process: writes answer 507 and name SQLITE_FULL in the log, reads keep
 * working, nothing acknowledged is lost, and writes work again once space is freed, no restart.
 * Needs a small tmpfs, so root (or CAP_SYS_ADMIN); elsewhere the test is skipped, saying why.
 */

const tokens = {
  read: 'disk-full-read-token-0123456789',
  write: 'disk-full-write-token-0123456789',
}
const children = new Set<ChildProcess>()
const mountPoint = mkdtempSync(path.join(tmpdir(), 'lake-disk-full-'))

function mountTmpfs(): string | undefined {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=5m', 'tmpfs', mountPoint], { stdio: 'pipe' })
    return undefined
  } catch (error) {
    return error instanceof Error ? error.message.split('\n')[0] : String(error)
  }
}
const cannotMount = mountTmpfs()
if (cannotMount)
  console.warn(`disk-full.test.ts skipped: cannot mount a 5 MB tmpfs (${cannotMount})`)

afterAll(() => {
  for (const child of children) child.kill('SIGKILL')
  if (!cannotMount) execFileSync('umount', ['-l', mountPoint])
  rmSync(mountPoint, { recursive: true, force: true })
})

const json = { 'Content-Type': 'application/json' }
const auth = (token: string) => ({ Authorization: `Bearer ${token}` })

async function mutate(url: string, mutations: unknown[]): Promise<Response> {
  return fetch(`${url}/v2025-02-19/data/mutate/production`, {
    method: 'POST',
    headers: { ...auth(tokens.write), ...json },
    body: JSON.stringify({ mutations }),
  })
}

async function createAction(url: string, id: string): Promise<Response> {
  return fetch(`${url}/v2025-02-19/data/actions/production`, {
    method: 'POST',
    headers: { ...auth(tokens.write), ...json },
    body: JSON.stringify({
      actions: [
        {
          actionType: 'sanity.action.document.create',
          publishedId: id,
          attributes: { _id: `drafts.${id}`, _type: 't' },
          ifExists: 'fail',
        },
      ],
    }),
  })
}

/** An incompressible PNG, new bytes (so a new asset) every call. */
async function noisePng(): Promise<Buffer> {
  return sharp({
    create: {
      width: 64,
      height: 64,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  })
    .png()
    .toBuffer()
}

async function upload(url: string): Promise<Response> {
  return fetch(`${url}/v2025-02-19/assets/images/production`, {
    method: 'POST',
    headers: { ...auth(tokens.write), 'Content-Type': 'image/png' },
    body: new Uint8Array(await noisePng()),
  })
}

async function queryRevs(url: string): Promise<Map<string, string>> {
  const response = await fetch(`${url}/v2025-02-19/data/query/production?perspective=raw`, {
    method: 'POST',
    headers: { ...auth(tokens.read), ...json },
    body: JSON.stringify({ query: '*[_type == "t"]{_id, _rev}' }),
  })
  expect(response.status).toBe(200)
  const { result } = (await response.json()) as { result: { _id: string; _rev: string }[] }
  return new Map(result.map((doc) => [doc._id, doc._rev]))
}

async function expectDiskFull(response: Response): Promise<void> {
  expect(response.status).toBe(507)
  expect(await response.json()).toEqual({
    statusCode: 507,
    error: 'Insufficient Storage',
    message: expect.stringContaining('disk is full') as unknown,
  })
}

/** Repeats a write while it succeeds (200) and returns the first answer that is not a success. */
async function untilFull(write: () => Promise<Response>): Promise<Response> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const response = await write()
    if (response.status !== 200) return response
  }
  throw new Error('the disk never filled up again')
}

describe('a full disk', () => {
  it.skipIf(cannotMount !== undefined)(
    'should refuse writes with 507, keep reads and acknowledged writes, and write again once freed',
    async () => {
      const dataDir = path.join(mountPoint, 'lake')
      mkdirSync(dataDir)
      // Space to give back later: the lake fills what is left around it. More than the lake will
      // use, since the first write after it checkpoints the WAL into the database file, which then
      // grows by about what the WAL holds (the WAL keeps its size for reuse).
      const filler = path.join(mountPoint, 'filler')
      writeFileSync(filler, Buffer.alloc(3 * 1024 * 1024))
      const lake = await startLakeProcess(dataDir, tokens, children, process.env)
      const acked = new Map<string, string>()

      // Big documents until the disk is full, then small ones until not even those fit.
      let n = 0
      for (const size of [32 * 1024, 1024, 16]) {
        for (;;) {
          const id = `doc-${n++}`
          const response = await mutate(lake.url, [
            { create: { _id: id, _type: 't', text: 'x'.repeat(size) } },
          ])
          if (response.status === 507) {
            await expectDiskFull(response)
            break
          }
          expect(response.status, await response.clone().text()).toBe(200)
          acked.set(id, ((await response.json()) as { transactionId: string }).transactionId)
          expect(n, 'the disk never filled up').toBeLessThan(5000)
        }
      }
      expect(acked.size).toBeGreaterThan(10)

      // Every kind of write says so; the log names SQLite's error, not a failed ROLLBACK. SQLite
      // may hand back a few pages after a failed write, so what still fits is acknowledged like
      // any write, until the disk is full again.
      let actions = 0
      await expectDiskFull(
        await untilFull(async () => {
          const id = `action-while-full-${actions++}`
          const response = await createAction(lake.url, id)
          if (response.status === 200) {
            const { transactionId } = (await response.clone().json()) as { transactionId: string }
            acked.set(`drafts.${id}`, transactionId)
          }
          return response
        }),
      )
      await expectDiskFull(await untilFull(() => upload(lake.url)))
      // The offline import (another connection to the same database) says so too.
      const ndjson = path.join(
        mkdtempSync(path.join(tmpdir(), 'lake-disk-full-import-')),
        'x.ndjson',
      )
      writeFileSync(
        ndjson,
        `${JSON.stringify({ _id: 'imported', _type: 't', text: 'x'.repeat(65_536) })}\n`,
      )
      const imported = spawnSync(process.execPath, ['src/cli.ts', 'import', ndjson], {
        cwd: path.resolve(import.meta.dirname, '../..'),
        env: { ...process.env, LAKE_DATA_DIR: dataDir, LAKE_SEED: 'none' },
        encoding: 'utf8',
      })
      rmSync(path.dirname(ndjson), { recursive: true, force: true })
      expect(imported.status, imported.stderr).toBe(1)
      expect(imported.stderr).toContain('the disk is full, nothing was written (SQLITE_FULL')
      expect(lake.output()).toContain('SQLITE_FULL: database or disk is full')
      expect(lake.output()).not.toContain('no transaction is active')

      // Reads still work and hold every acknowledged write, with its revision.
      expect((await fetch(`${lake.url}/health`)).status).toBe(200)
      expect(await queryRevs(lake.url)).toEqual(acked)
      const doc = await fetch(`${lake.url}/v2025-02-19/data/doc/production/doc-0`, {
        headers: auth(tokens.read),
      })
      expect(doc.status).toBe(200)

      // Space freed: every kind of write works again, without a restart.
      rmSync(filler)
      const after = await mutate(lake.url, [{ create: { _id: 'after', _type: 't' } }])
      expect(after.status).toBe(200)
      acked.set('after', ((await after.json()) as { transactionId: string }).transactionId)
      const action = await createAction(lake.url, 'action-after')
      expect(action.status).toBe(200)
      const { transactionId } = (await action.json()) as { transactionId: string }
      acked.set('drafts.action-after', transactionId)
      expect((await upload(lake.url)).status).toBe(200)

      // And all of it is on disk: a restarted lake has every acknowledged document.
      lake.child.kill('SIGTERM')
      await once(lake.child, 'exit')
      const restarted = await startLakeProcess(dataDir, tokens, children, process.env)
      expect(await queryRevs(restarted.url)).toEqual(acked)
      restarted.child.kill('SIGTERM')
      await once(restarted.child, 'exit')
    },
    60_000,
  )
})
