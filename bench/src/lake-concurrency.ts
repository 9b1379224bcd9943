import { Agent, get as httpGet } from 'node:http'
import { availableParallelism } from 'node:os'

import type { GeneratedDocument } from '@repo/content-generator'
import { Random } from '@repo/content-generator/random'
import { HOME_PAGE_SIZE, SIMILAR_LIMIT, TAG_PAGE_SIZE } from '@repo/queries/page-sizes'
import * as siteQueries from '@repo/queries/queries'

import { startLake } from './lake.ts'
import type { PreparedLake } from './lake.ts'
import { lakeUrl } from './paths.ts'
import { percentile, round } from './stats.ts'

/** `lake_concurrency` in latest.json (issue 17). */
export interface LakeConcurrency {
  /** The site's queries answered per second by 32 concurrent clients, all on one thread. */
  rps_single: number
  /** The same against the lake's defaults: front threads and the query pool. */
  rps_pool: number
  /** Answers that were errors (each counted, none in the requests/s) in the two runs. */
  errors_single: number
  errors_pool: number
  rps_pool_over_single: number
  /** By-slug queries, one after another, while four slow nested queries run on the pool. */
  by_slug_p99_ms_during_slow_queries: number
  by_slug_samples_during_slow_queries: number
  /** How long the four slow queries took (the first and the last to finish). */
  slow_queries_s: { first: number; last: number }
  /** The pool's size: the lake's default, one per core. */
  workers: number
  /** Front threads answering queries beside the main thread: the lake's default, cores − 1. */
  http_threads: number
}

export const clients = 32
const seconds = 15
// Long enough for the pool's workers to read their copies and build the index on a loaded machine.
const warmupSeconds = 5

/**
 * A nested join no index narrows: 60 tags against every article, about 600,000 filter evaluations
 * at 10,000 articles — seconds, and two rounds of them (four queries on two workers) within the
 * time limit.
 */
export const slowQuery =
  '*[_type == "tag"] | order(_id asc)[0...60]{ _id, "sameLength": count(*[_type == "article" && length(title) == length(^.title)]) }'

type Ask = () => { query: string; params: Record<string, unknown> }

/** The site's four queries in turn, each with parameters drawn from the dataset. */
export function siteMix(documents: readonly GeneratedDocument[], seed = 17): Ask {
  const random = new Random(seed)
  const articles = documents.filter((doc) => doc._type === 'article' && !doc._id.includes('.'))
  const tags = documents.filter((doc) => doc._type === 'tag')
  const slugOf = (doc: GeneratedDocument) => (doc.slug as { current: string }).current
  const asks: Ask[] = [
    () => ({
      query: siteQueries.articleBySlugQuery,
      params: { slug: slugOf(random.pick(articles)) },
    }),
    () => ({ query: siteQueries.articlePageQuery, params: { start: 0, end: HOME_PAGE_SIZE } }),
    () => {
      const article = random.pick(articles)
      return {
        query: siteQueries.relatedArticlesQuery,
        params: {
          id: article._id,
          tagIds: (article.tags as { _ref: string }[]).map((tag) => tag._ref),
          limit: SIMILAR_LIMIT,
        },
      }
    },
    () => ({
      query: siteQueries.tagWithArticlesQuery,
      params: { slug: slugOf(random.pick(tags)), start: 0, end: TAG_PAGE_SIZE },
    }),
  ]
  let next = 0
  return () => (asks[next++ % asks.length] as Ask)()
}

export function queryUrl(base: string, query: string, params: Record<string, unknown>): URL {
  const url = new URL(`${base}/v2025-02-19/data/query/production`)
  url.searchParams.set('query', query)
  for (const [name, value] of Object.entries(params)) {
    url.searchParams.set(`$${name}`, JSON.stringify(value))
  }
  url.searchParams.set('returnQuery', 'false')
  return url
}

/**
 * The load's own HTTP client: node:http over kept-alive connections, one per client. It shares
 * the two cores with the lake, and fetch() took about 0.4 of a core at these rates against about
 * 0.25 for this (apps/lake/README.md, "Front threads"): what the client spends, the lake lacks.
 */
const agent = new Agent({ keepAlive: true, maxSockets: clients })

function get(url: URL): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    httpGet(url, { agent }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() })
      })
      response.on('error', reject)
    }).on('error', reject)
  })
}

async function ask(query: string, params: Record<string, unknown>): Promise<void> {
  const { status, body } = await get(queryUrl(lakeUrl, query, params))
  if (status !== 200) throw new Error(`query failed (${status}): ${body.slice(0, 300)}`)
}

/** Whether the answer was a success; failures (a reset connection too) are counted, not fatal. */
async function asked(query: string, params: Record<string, unknown>): Promise<boolean> {
  try {
    return (await get(queryUrl(lakeUrl, query, params))).status === 200
  } catch {
    return false
  }
}

/** `clients` closed loops over the site's queries; answers per second after a warm-up. */
async function siteQueriesPerSecond(
  documents: readonly GeneratedDocument[],
): Promise<{ rps: number; errors: number }> {
  const next = siteMix(documents)
  // One after another first: the pool's workers read their copies and build the indexes.
  for (let i = 0; i < 12; i++) {
    const { query, params } = next()
    await asked(query, params)
  }
  const warmupEnd = performance.now() + warmupSeconds * 1000
  const end = warmupEnd + seconds * 1000
  let answered = 0
  let errors = 0
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) {
        const { query, params } = next()
        const ok = await asked(query, params)
        const now = performance.now()
        if (!ok) errors++
        else if (now > warmupEnd && now <= end) answered++
      }
    }),
  )
  return { rps: answered / seconds, errors }
}

/**
 * By-slug queries one after another until the first of four slow queries has answered. The slow
 * query runs once first, as an editor's repeated Vision query would: the pool then knows it.
 */
async function bySlugDuringSlowQueries(documents: readonly GeneratedDocument[]) {
  await asked(slowQuery, {})
  const random = new Random(23)
  const articles = documents.filter((doc) => doc._type === 'article' && !doc._id.includes('.'))
  const started = performance.now()
  const finished: number[] = []
  const slow = Array.from({ length: 4 }, () =>
    asked(slowQuery, {}).then(() => finished.push((performance.now() - started) / 1000)),
  )
  const times: number[] = []
  while (finished.length === 0) {
    const slug = (random.pick(articles).slug as { current: string }).current
    const sent = performance.now()
    await ask(siteQueries.articleBySlugQuery, { slug })
    times.push(performance.now() - sent)
  }
  await Promise.all(slow)
  return { times, finished }
}

export function summarize(
  single: { rps: number; errors: number },
  pool: { rps: number; errors: number },
  during: { times: readonly number[]; finished: readonly number[] },
  workers = availableParallelism(),
  // The lake's default (apps/lake/src/env.ts): SO_REUSEPORT spreads connections on Linux only.
  httpThreads = process.platform === 'linux' ? workers - 1 : 0,
): LakeConcurrency {
  return {
    workers,
    http_threads: httpThreads,
    rps_single: round(single.rps),
    rps_pool: round(pool.rps),
    errors_single: single.errors,
    errors_pool: pool.errors,
    rps_pool_over_single: round(pool.rps / single.rps),
    by_slug_p99_ms_during_slow_queries: round(percentile(during.times, 99)),
    by_slug_samples_during_slow_queries: during.times.length,
    slow_queries_s: {
      first: round(Math.min(...during.finished)),
      last: round(Math.max(...during.finished)),
    },
  }
}

/**
 * The site's queries at `clients` concurrency against the lake with every query inline
 * (LAKE_QUERY_WORKERS=0) and then with its default pool, in the same run; then by-slug latency
 * while four slow queries run on the pool.
 */
export async function measureLakeConcurrency(
  lake: PreparedLake,
  logDir: string,
): Promise<LakeConcurrency> {
  const single = await startLake(lake, {
    webhooks: false,
    logDir,
    env: { LAKE_QUERY_WORKERS: '0', LAKE_HTTP_THREADS: '0' },
    logName: 'lake-single-thread',
  })
  let rpsSingle: { rps: number; errors: number }
  try {
    rpsSingle = await siteQueriesPerSecond(lake.documents)
  } finally {
    await single.stop()
  }
  const pooled = await startLake(lake, { webhooks: false, logDir, logName: 'lake-pool' })
  try {
    const rpsPool = await siteQueriesPerSecond(lake.documents)
    return summarize(rpsSingle, rpsPool, await bySlugDuringSlowQueries(lake.documents))
  } finally {
    await pooled.stop()
  }
}
