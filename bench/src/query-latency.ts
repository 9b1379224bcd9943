import path from 'node:path'

import type { GeneratedDocument } from '@repo/content-generator'
import { Random } from '@repo/content-generator/random'
import { parsePerspective, viewOf } from '@repo/lake/groq/perspective'
import { runQuery } from '@repo/lake/groq/run-query'
import { SqliteStore } from '@repo/lake/store/sqlite-store'
import { HOME_PAGE_SIZE, SIMILAR_LIMIT, TAG_PAGE_SIZE } from '@repo/queries/page-sizes'
import {
  articleBySlugQuery,
  articlePageQuery,
  relatedArticlesQuery,
  tagWithArticlesQuery,
} from '@repo/queries/queries'

import { lakeUrl } from './paths.ts'
import { percentile } from './stats.ts'

export const queryNames = ['by_slug', 'home', 'related', 'tag'] as const
export type QueryName = (typeof queryNames)[number]

export interface Latency {
  p50: number
  p99: number
  samples: number
}

interface Reference {
  _ref: string
}

/** Times one query with its parameters, in milliseconds. */
export type QueryTimer = (query: string, params: Record<string, unknown>) => Promise<number>

/**
 * The site's four queries with parameters drawn from the dataset, so every sample asks about
 * another article or tag (the lake keeps no result cache, but identical requests would flatter
 * any cache on the way), `samples` each after a warm-up.
 */
export async function measureQueryLatency(
  documents: readonly GeneratedDocument[],
  samples: Record<QueryName, number>,
  time: QueryTimer,
): Promise<Record<QueryName, Latency>> {
  const random = new Random(7)
  const articles = documents.filter((doc) => doc._type === 'article' && !doc._id.includes('.'))
  const tags = documents.filter((doc) => doc._type === 'tag')
  const slugOf = (doc: GeneratedDocument) => (doc.slug as { current: string }).current
  const paramsFor: Record<QueryName, () => Record<string, unknown>> = {
    by_slug: () => ({ slug: slugOf(random.pick(articles)) }),
    home: () => ({ start: 0, end: HOME_PAGE_SIZE }),
    related: () => {
      const article = random.pick(articles)
      return {
        id: article._id,
        tagIds: (article.tags as Reference[]).map((tag) => tag._ref),
        limit: SIMILAR_LIMIT,
      }
    },
    tag: () => ({ slug: slugOf(random.pick(tags)), start: 0, end: TAG_PAGE_SIZE }),
  }
  const queries: Record<QueryName, string> = {
    by_slug: articleBySlugQuery,
    home: articlePageQuery,
    related: relatedArticlesQuery,
    tag: tagWithArticlesQuery,
  }
  const result = {} as Record<QueryName, Latency>
  for (const name of queryNames) {
    const times: number[] = []
    const warmup = Math.min(20, samples[name])
    for (let i = 0; i < warmup + samples[name]; i++) {
      const elapsed = await time(queries[name], paramsFor[name]())
      if (i >= warmup) times.push(elapsed)
    }
    result[name] = { p50: percentile(times, 50), p99: percentile(times, 99), samples: times.length }
  }
  return result
}

/**
 * The lake's own work for a query: its query path (perspective view, document index, groq-js)
 * run in this process against the data directory, plus serializing the result, as the query
 * route does — without HTTP. The lake must not be running on the same directory.
 */
export function inProcessTimer(dataDir: string): { time: QueryTimer; close(): void } {
  const store = new SqliteStore(path.join(dataDir, 'lake.db'))
  return {
    time: async (query, params) => {
      const started = performance.now()
      const view = viewOf(store.snapshot('production'), parsePerspective(undefined), {
        anonymous: true,
      })
      const result = await runQuery(query, {
        view,
        params,
        timeoutMs: 10_000,
        projectId: 'local',
        dataset: 'production',
      })
      JSON.stringify({ result })
      return performance.now() - started
    },
    close: () => {
      store.close()
    },
  }
}

/**
 * Over HTTP, as the site asks: GET, published perspective, no token, `returnQuery=false` like
 * @sanity/client; one request at a time.
 */
export const httpTimer: QueryTimer = async (query, params) => {
  const url = new URL(`${lakeUrl}/v2025-02-19/data/query/production`)
  url.searchParams.set('query', query)
  for (const [name, value] of Object.entries(params)) {
    url.searchParams.set(`$${name}`, JSON.stringify(value))
  }
  url.searchParams.set('returnQuery', 'false')
  const started = performance.now()
  const response = await fetch(url)
  const body = await response.text()
  const elapsed = performance.now() - started
  if (!response.ok) throw new Error(`query failed (${response.status}): ${body.slice(0, 300)}`)
  return elapsed
}
