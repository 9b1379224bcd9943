import { Hono } from 'hono'
import type { Context } from 'hono'
import type { LakeEnv } from '../http/lake-env.ts'
import { requireToken } from '../http/auth.ts'
import type { LakeDeps } from '../deps.ts'
import { requireDataset } from '../deps.ts'
import { httpError } from '../http/errors.ts'
import { documentAt } from '../history/document-at.ts'
import type { PointInTime } from '../history/document-at.ts'
import { documentEvents } from '../history/document-events.ts'
import { historyEntry, logQuery } from '../history/history-entries.ts'
import type { SanityDocument } from '../store/store.ts'

const encoder = new TextEncoder()
const maxLimit = 10_000

function flag(value: string | undefined): boolean {
  return value === 'true' || value === '1'
}

function idList(value: string): string[] {
  return [...new Set(value.split(',').map((id) => id.trim()))].filter(Boolean)
}

/** ISO timestamps compare as strings once normalised; anything unparseable is a 400. */
function timeParam(value: string | undefined, name: string): string | undefined {
  if (!value) return undefined
  const time = new Date(value)
  if (Number.isNaN(time.getTime())) throw httpError(400, `Invalid "${name}": ${value}`)
  return time.toISOString()
}

function limitParam(value: string | undefined, fallback?: number): number | undefined {
  if (value === undefined) return fallback
  const limit = Number(value)
  if (!Number.isInteger(limit) || limit < 1) throw httpError(400, `Invalid "limit": ${value}`)
  return Math.min(limit, maxLimit)
}

/** History needs the "history" grant, which every token has and anonymous callers don't. */
function dataset(c: Context<LakeEnv>, deps: LakeDeps): string {
  const name = c.req.param('dataset') ?? ''
  requireDataset(deps.store, name)
  requireToken(c, 'Unauthorized - a token is required to read document history')
  return name
}

/** The translog (transactions per document), past document states and the events API. */
export function historyRoutes(deps: LakeDeps): Hono<LakeEnv> {
  const app = new Hono<LakeEnv>()

  app.get('/:dataset/transactions/:ids', (c) => {
    const name = dataset(c, deps)
    const ids = idList(c.req.param('ids'))
    const query = (key: string) => c.req.query(key)
    const range = logQuery(deps.store, name, ids, {
      fromTransaction: query('fromTransaction'),
      toTransaction: query('toTransaction'),
      fromTime: timeParam(query('fromTime'), 'fromTime'),
      toTime: timeParam(query('toTime'), 'toTime'),
      reverse: flag(query('reverse')),
      limit: limitParam(query('limit'), maxLimit),
    })
    const options = {
      ids,
      identifiedOnly: flag(query('includeIdentifiedDocumentsOnly')),
      effects: query('effectFormat') === 'mendoza',
      mutations: !flag(query('excludeContent')) && !flag(query('excludeMutations')),
    }
    const lines = deps.store
      .readLog(name, range)
      .map((record) => `${JSON.stringify(historyEntry(record, options))}\n`)
    return c.body(encoder.encode(lines.join('')), 200, {
      'Content-Type': 'application/x-ndjson; charset=utf-8',
    })
  })

  app.get('/:dataset/documents/:ids', (c) => {
    const name = dataset(c, deps)
    const revision = c.req.query('revision')
    const time = timeParam(c.req.query('time'), 'time')
    let at: PointInTime
    if (flag(c.req.query('lastRevision'))) at = { lastRevision: true }
    else if (revision) at = { revision }
    else at = { time: time ?? new Date().toISOString() }
    const documents = idList(c.req.param('ids'))
      .map((id) => documentAt(deps.store, name, id, at))
      .filter((doc): doc is SanityDocument => doc !== undefined)
    return c.json({ documents })
  })

  app.get('/:dataset/events/documents/:id', (c) => {
    const name = dataset(c, deps)
    const page = {
      limit: limitParam(c.req.query('limit'), 100) ?? 100,
      cursor: c.req.query('nextCursor'),
    }
    return c.json(documentEvents(deps.store, name, c.req.param('id'), page))
  })

  // Release events: releases are switched off in the local Studio, so there are none.
  app.get('/:dataset/events/releases/:id', (c) => {
    dataset(c, deps)
    return c.json({ events: [], nextCursor: '' })
  })

  return app
}
