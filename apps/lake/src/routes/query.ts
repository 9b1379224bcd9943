import { Hono } from 'hono'
import type { Context } from 'hono'
import { z } from 'zod'
import type { LakeEnv } from '../http/lake-env.ts'
import { deadlineParams } from '../groq/deadline-params.ts'
import type { LakeDeps } from '../deps.ts'
import { requireDataset } from '../deps.ts'
import { queryParamsFrom } from '../groq/query-params.ts'
import { httpError } from '../http/errors.ts'
import { isPublishedOnly, isRaw, parsePerspective, viewOf } from '../groq/perspective.ts'
import { contentSourceMap } from '../groq/source-map.ts'
import { runQuery } from '../groq/run-query.ts'
import { answerSyncTags } from '../listen/sync-tag.ts'
import { refuseComplexPerspective, supportsReleases } from '../releases/release-api-version.ts'
import { limitBody, readJson } from '../http/read-body.ts'

const postBody = z.object({
  query: z.string(),
  params: z.record(z.string(), z.unknown()).optional(),
  perspective: z.union([z.string(), z.array(z.string())]).optional(),
})

interface QueryInput {
  query: string | undefined
  params: Record<string, unknown>
  perspective: string | undefined
}

/** GET form: `?query=…&$name=<JSON>&perspective=…`. */
function fromSearchParams(url: URL): QueryInput {
  const params = queryParamsFrom(url.searchParams)
  return {
    query: url.searchParams.get('query') ?? undefined,
    params,
    perspective: url.searchParams.get('perspective') ?? undefined,
  }
}

async function fromBody(c: Context, url: URL): Promise<QueryInput> {
  const parsed = postBody.safeParse(await readJson(c, 'httpBadRequest'))
  if (!parsed.success) throw httpError(400, `Invalid query body: ${z.prettifyError(parsed.error)}`)
  const { query, params = {}, perspective } = parsed.data
  return {
    query,
    params,
    perspective:
      (Array.isArray(perspective) ? perspective.join(',') : perspective) ??
      url.searchParams.get('perspective') ??
      undefined,
  }
}

/** What the query route reads of the lake: a front thread (src/front-threads) has no more. */
export type QueryDeps = Pick<LakeDeps, 'projectId' | 'queryTimeoutMs' | 'queryPool'> & {
  store: Pick<LakeDeps['store'], 'hasDataset' | 'snapshot'>
}

export function queryRoutes(deps: QueryDeps): Hono<LakeEnv> {
  const app = new Hono<LakeEnv>()
  const queryPool = deps.queryPool ?? { run: runQuery }

  const handle = async (c: Context<LakeEnv>, url: URL, input: QueryInput) => {
    const started = performance.now()
    const dataset = c.req.param('dataset') ?? ''
    const snapshot = requireDataset(deps.store, dataset)
    if (input.query === undefined || input.query.trim() === '')
      throw httpError(400, 'Missing query')
    const apiVersion = c.req.param('apiVersion')
    refuseComplexPerspective(input.perspective, apiVersion)
    const perspective = parsePerspective(input.perspective, {
      releases: supportsReleases(apiVersion),
    })
    const anonymous = c.var.role === 'anonymous'
    if (anonymous && !isPublishedOnly(perspective) && !isRaw(perspective)) {
      throw httpError(
        401,
        `Unauthorized - perspective "${input.perspective ?? ''}" requires a token`,
      )
    }
    const view = viewOf(snapshot, perspective, { anonymous })
    const readKeys = new Set<string>()
    const result = await queryPool.run(input.query, {
      readKeys,
      view,
      snapshot,
      perspective,
      anonymous,
      params: deadlineParams(input.params, deps.queryTimeoutMs),
      timeoutMs: deps.queryTimeoutMs,
      projectId: deps.projectId,
      dataset,
    })
    const search = url.searchParams
    const returnQuery = search.get('returnQuery') !== 'false'
    // Asked for by visual editing (`true` or `withKeyArraySelector`; the lake always keys arrays).
    const sourceMap = (search.get('resultSourceMap') ?? 'false') !== 'false'
    return c.json({
      ...(returnQuery ? { query: input.query } : {}),
      result,
      ...(sourceMap ? { resultSourceMap: contentSourceMap(result, view) } : {}),
      syncTags: answerSyncTags(deps.projectId, dataset, readKeys),
      ms: Math.round(performance.now() - started),
    })
  }

  app.get('/:dataset', (c) => {
    const url = new URL(c.req.url)
    return handle(c, url, fromSearchParams(url))
  })
  app.post('/:dataset', limitBody(1024 * 1024), async (c) => {
    const url = new URL(c.req.url)
    return handle(c, url, await fromBody(c, url))
  })
  return app
}
