import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { viewOf } from '../groq/perspective.ts'
import { SqliteStore } from '../store/sqlite-store.ts'
import type { SanityDocument } from '../store/store.ts'
import { createInStore } from '../../test/store-fixtures.ts'
import { startTestServer } from '../../test/test-lake.ts'
import { QueryPool } from './query-pool.ts'

/**
 * The query pool over real HTTP: a real listening lake with two query workers (the CI machine's
 * cores), a dataset large enough that a nested join takes seconds.
 */
const writeToken = 'pool-test-write-token-0123456789'
const items = 1000
// Every item against every item, through a filter no index narrows: about a million evaluations.
const slowQuery = '*[_type == "item"]{ n, "same": count(*[_type == "item" && n % 7 == ^.n % 7]) }'
// `match` is never bounded by the clock checks (query-cost.ts), so this always runs on a worker.
const countOnWorker = '{"items": count(*[_type == "item"]), "m": "a" match "a"}'

type Lake = Awaited<ReturnType<typeof startTestServer>>

async function startLake(env: Record<string, string>) {
  const server = await startTestServer({
    LAKE_QUERY_WORKERS: '2',
    LAKE_LISTEN_POOL: '0',
    SANITY_API_WRITE_TOKEN: writeToken,
    ...env,
  })
  const base = `http://127.0.0.1:${server.port}`
  const mutations = Array.from({ length: items }, (_, n) => ({
    create: { _id: `item-${n}`, _type: 'item', n, slug: { current: `item-${n}` } },
  }))
  expect((await mutate(base, mutations)).status).toBe(200)
  return { server, base }
}

function mutate(base: string, mutations: unknown[]): Promise<Response> {
  return fetch(`${base}/v2025-02-19/data/mutate/production`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${writeToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ mutations }),
  })
}

async function query(base: string, groq: string, params: Record<string, unknown> = {}) {
  const url = new URL(`${base}/v2025-02-19/data/query/production`)
  url.searchParams.set('query', groq)
  for (const [name, value] of Object.entries(params)) {
    url.searchParams.set(`$${name}`, JSON.stringify(value))
  }
  const response = await fetch(url)
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

/** Milliseconds `work` takes, and when it ended (performance.now()). */
async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; at: number; value: T }> {
  const started = performance.now()
  const value = await work()
  const at = performance.now()
  return { ms: at - started, at, value }
}

describe('query pool, over real HTTP', () => {
  let lake: { server: Lake; base: string }

  beforeAll(async () => {
    lake = await startLake({ LAKE_QUERY_TIMEOUT_MS: '120000' })
  }, 60_000)
  afterAll(async () => {
    await lake.server.close()
  })

  it('answers /health, a by-slug query, a mutation and a listen event while four slow nested queries run', async () => {
    const { base } = lake
    // A listener opened before the slow queries; its first mutation event is the probe's.
    const listener = new AbortController()
    const events = await fetch(
      `${base}/v2025-02-19/data/listen/production?query=${encodeURIComponent('*[_type == "probe"]')}`,
      { headers: { Authorization: `Bearer ${writeToken}` }, signal: listener.signal },
    )
    const reader = (events.body as ReadableStream<Uint8Array>).getReader()
    const decoder = new TextDecoder()
    let received = ''
    const nextMutationEvent = async () => {
      while (!received.includes('event: mutation')) {
        const { value, done } = await reader.read()
        if (done) throw new Error('listener closed')
        received += decoder.decode(value, { stream: true })
      }
    }
    while (!received.includes('event: welcome')) {
      const { value } = await reader.read()
      received += decoder.decode(value, { stream: true })
    }

    const slow = Array.from({ length: 4 }, () => timed(() => query(base, slowQuery)))
    // Let all four reach the pool (two run, two wait) before probing.
    await new Promise((resolve) => setTimeout(resolve, 300))

    const probes: { name: string; ms: number; at: number }[] = []
    for (let round = 0; round < 5; round++) {
      const health = await timed(() => fetch(`${base}/health`).then((r) => r.status))
      expect(health.value).toBe(200)
      probes.push({ name: 'health', ...health })
      const bySlug = await timed(() =>
        query(base, '*[_type == "item" && slug.current == $slug][0].n', { slug: `item-${round}` }),
      )
      expect(bySlug.value).toMatchObject({ status: 200, body: { result: round } })
      probes.push({ name: 'by-slug', ...bySlug })
      const listened = nextMutationEvent()
      const mutation = await timed(() =>
        mutate(base, [{ createOrReplace: { _id: 'probe', _type: 'probe', round } }]),
      )
      expect(mutation.value.status).toBe(200)
      probes.push({ name: 'mutation', ...mutation })
      const event = await timed(() => listened)
      probes.push({ name: 'listen event', ms: mutation.ms + event.ms, at: event.at })
      received = received.slice(received.indexOf('event: mutation') + 1)
    }
    listener.abort()

    const finished = await Promise.all(slow)
    for (const { value } of finished) {
      expect(value.status).toBe(200)
      expect(value.body.result).toHaveLength(items)
    }
    const firstSlowDone = Math.min(...finished.map(({ at }) => at))
    // The strict figure (50 ms p99) is the bench's. Here: none waited for a slow query, and most
    // were quick (one commit's fsync may take seconds on a loaded disk).
    const report = probes.map(({ name, ms }) => `${name} ${Math.round(ms)} ms`).join(', ')
    for (const probe of probes) {
      expect(probe.at, `${probe.name} answered after a slow query: ${report}`).toBeLessThan(
        firstSlowDone,
      )
    }
    const sorted = probes.map(({ ms }) => ms).sort((a, b) => a - b)
    expect(sorted[Math.floor(sorted.length / 2)], report).toBeLessThan(250)
  }, 120_000)

  it('gives an answer computed on a worker the same precise sync tags as one computed inline', async () => {
    const { base } = lake
    // `match` sends the first to a worker; the second, a cheap by-slug query, may run inline.
    const onWorker = await query(base, '*[slug.current == $slug && "a" match "a"][0]{n}', {
      slug: 'item-3',
    })
    const inline = await query(base, '*[slug.current == $slug][0]{n}', { slug: 'item-3' })
    expect(onWorker.body.result).toEqual({ n: 3 })
    expect(inline.body.result).toEqual({ n: 3 })
    const everything = await query(base, 'count(*[n % 2 == 0])')
    // A scan no index narrows carries the dataset-wide tag; a by-slug answer a narrower one.
    expect(onWorker.body.syncTags).toEqual(inline.body.syncTags)
    expect(onWorker.body.syncTags).not.toEqual(everything.body.syncTags)
  })
})

describe('query pool time limit', () => {
  const limitMs = 1000
  let lake: { server: Lake; base: string }

  beforeAll(async () => {
    lake = await startLake({ LAKE_QUERY_TIMEOUT_MS: String(limitMs) })
  }, 60_000)
  afterAll(async () => {
    await lake.server.close()
  })

  const literal = `[${Array.from({ length: 700 }, (_, n) => n).join(',')}]`
  const stuck = {
    // Loops over literals no clock check sees: tens of seconds, stopped only by terminating.
    'a loop over literals': `count(${literal}[count(${literal}[@ in ${literal}]) > 0])`,
    // `diff::` runs on groq-js's async evaluator, which no watchdog can stop either.
    'an async-evaluator query (diff::)': `{"d": diff::changedAny({"a": 1}, {"a": 2}, (a)), "n": count(${literal}[count(${literal}[@ in ${literal}]) > 0])}`,
  }

  for (const [name, groq] of Object.entries(stuck)) {
    it(`stops ${name} and answers queryTimeoutError within 0.5 s of the limit`, async () => {
      const { base } = lake
      const answer = await timed(() => query(base, groq))
      expect(answer.value).toEqual({
        status: 400,
        body: {
          error: {
            type: 'queryTimeoutError',
            description: `Query exceeded the time limit of ${limitMs}ms`,
          },
        },
      })
      expect(answer.ms).toBeLessThan(limitMs + 500)
      // The terminated worker's replacement answers.
      expect((await query(base, countOnWorker)).body.result).toEqual({ items, m: true })
    }, 60_000)
  }
})

describe('query pool, a worker whose copy begins after a query was asked', () => {
  it('runs the waiting query on the worker at the newest revision, never on the main thread', async () => {
    const databaseFile = path.join(mkdtempSync(path.join(tmpdir(), 'pool-')), 'lake.db')
    const store = new SqliteStore(databaseFile)
    store.createDataset('production')
    await createInStore(store, 'production', [{ _id: 'item-0', _type: 'item', n: 0 }], 'first')
    // No warm(): the first query starts the worker and its copy, as for a dataset made after start.
    const pool = new QueryPool(store, { workers: 1, databaseFile })
    try {
      const snapshot = store.snapshot('production')
      const perspective = ['published']
      // `match` makes it a query that must not run on the main thread (query-cost.ts).
      const asked = pool.run('{"items": count(*[_type == "item"]), "m": "a" match "a"}', {
        view: viewOf(snapshot, perspective, { anonymous: false }),
        snapshot,
        perspective,
        anonymous: false,
        params: {},
        timeoutMs: 60_000,
        projectId: 'local',
        dataset: 'production',
      })
      // Committed before the new worker reads the file: its copy begins after this commit.
      await createInStore(store, 'production', [{ _id: 'item-1', _type: 'item', n: 1 }], 'second')
      expect(await asked).toEqual({ items: 2, m: true })
      expect(pool.counts).toEqual({ worker: 1, inline: 0 })
    } finally {
      await pool.close()
      store.close()
    }
  }, 60_000)
})

describe('query pool without spreading (front threads on the other cores)', () => {
  it('runs an unboundable query known to be fast inline under the watchdog, stopped at 100 ms', async () => {
    const databaseFile = path.join(mkdtempSync(path.join(tmpdir(), 'pool-')), 'lake.db')
    const store = new SqliteStore(databaseFile)
    store.createDataset('production')
    const pool = new QueryPool(store, { workers: 1, databaseFile, spread: false })
    pool.warm()
    await pool.ready()
    // Loops over a param no clock check sees (query-cost.ts): the watchdog or a worker's
    // termination alone can stop it; its cost grows with the cube of the array's length.
    const query = 'count($a[count($a[@ in $a]) > 0])'
    const run = (a: number[]) => {
      const snapshot = store.snapshot('production')
      const perspective = ['published']
      return pool.run(query, {
        view: viewOf(snapshot, perspective, { anonymous: false }),
        snapshot,
        perspective,
        anonymous: false,
        params: { a },
        timeoutMs: 60_000,
        projectId: 'local',
        dataset: 'production',
      })
    }
    try {
      // Unknown: a worker runs and times it. Known to be fast: inline from then on.
      expect(await run([1, 2, 3])).toBe(3)
      expect(pool.counts).toEqual({ worker: 1, inline: 0 })
      expect(await run([1, 2, 3])).toBe(3)
      expect(await run([1, 2, 3])).toBe(3)
      expect(pool.counts).toEqual({ worker: 1, inline: 2 })
      // Seconds with these parameters: stopped inline at 100 ms and answered by a worker…
      const many = Array.from({ length: 300 }, (_, n) => n)
      expect(await run(many)).toBe(300)
      expect(pool.counts).toEqual({ worker: 2, inline: 2 })
      // …and known to be slow from then on.
      expect(await run([1, 2, 3])).toBe(3)
      expect(pool.counts).toEqual({ worker: 3, inline: 2 })
    } finally {
      await pool.close()
      store.close()
    }
  }, 60_000)
})

describe('query pool snapshots', () => {
  const stores = {
    // Workers read their copy and every commit's changes from the file's log.
    'a SQLite file': () => path.join(mkdtempSync(path.join(tmpdir(), 'pool-')), 'lake.db'),
    // The pool posts the documents and each commit's changes.
    'an in-memory store': () => ':memory:',
  }
  for (const [name, file] of Object.entries(stores)) {
    it(`runs a query that waited for a worker across commits on the snapshot it was asked at (${name})`, async () => {
      const databaseFile = file()
      const store = new SqliteStore(databaseFile)
      store.createDataset('production')
      const write = (changes: { id: string; after: SanityDocument | null }[], id: string) =>
        store.write('production', () =>
          Promise.resolve({
            commits: [
              {
                transactionId: id,
                timestamp: '2026-01-01T00:00:00Z',
                author: 'test',
                mutations: [],
                changes: changes.map((change) => ({ ...change, before: null })),
              },
            ],
            result: undefined,
          }),
        )
      await createInStore(
        store,
        'production',
        Array.from({ length: items }, (_, n) => ({ _id: `item-${n}`, _type: 'item', n })),
        'items',
      )
      const pool = new QueryPool(store, { workers: 2, warmUpAfter: 0, databaseFile })
      const count =
        '{"items": count(*[_type == "item"]), "m": "a" match "a", "n0": *[_id == "item-0"][0].n}'
      try {
        const run = (groq: string) => {
          const snapshot = store.snapshot('production')
          const perspective = ['published']
          return pool.run(groq, {
            view: viewOf(snapshot, perspective, { anonymous: false }),
            snapshot,
            perspective,
            anonymous: false,
            params: {},
            timeoutMs: 120_000,
            projectId: 'local',
            dataset: 'production',
          })
        }
        // Both workers have read their copy before the commits (one still reading it when they
        // come would start at the newest revision).
        pool.warm()
        await pool.ready()
        await Promise.all([run(count), run(count)])
        const workers = pool.counts.worker
        // Two slow queries keep both workers busy; closing the pool ends them.
        for (const slow of [run(slowQuery), run(slowQuery)]) void slow.catch(() => undefined)
        const before = run(count)
        await write([{ id: 'item-extra', after: { _id: 'item-extra', _type: 'item', n: -1 } }], 'a')
        const middle = run(count)
        await write(
          [
            { id: 'item-1', after: null },
            { id: 'item-0', after: { _id: 'item-0', _type: 'item', n: 100 } },
          ],
          'b',
        )
        await write([{ id: 'item-2', after: null }], 'c')
        const after = run(count)
        // All three waited: the two workers were busy with the slow queries.
        expect(pool.counts.worker - workers).toBe(5)
        expect(await before).toEqual({ items, m: true, n0: 0 })
        expect(await middle).toEqual({ items: items + 1, m: true, n0: 0 })
        expect(await after).toEqual({ items: items - 1, m: true, n0: 100 })
      } finally {
        await pool.close()
        store.close()
      }
    }, 120_000)
  }
})
