import { Hono } from 'hono'

import type { LakeEnv } from '../http/lake-env.ts'
import type { LakeDeps } from '../deps.ts'
import { requireDataset } from '../deps.ts'
import { httpError } from '../http/errors.ts'
import { isPublicId } from '../groq/perspective.ts'
import { eventStream } from '../listen/event-stream.ts'
import type { EventStreamOptions } from '../listen/event-stream.ts'
import type { TransactionRecord } from '../store/store.ts'
import { commitSyncTags } from '../listen/sync-tag.ts'

/**
 * `GET /data/live/events/:dataset`: the Live Content API's event stream (next-sanity's `SanityLive`,
 * the Presentation tool). `welcome` on connect, then a `message` naming the sync tags that went
 * stale after each commit (see listen/sync-tag.ts). Without `includeDrafts` (which needs a token) only changes to documents
 * readers can see are announced, so the stream says nothing about drafts.
 */
export function liveRoutes(deps: LakeDeps, options: EventStreamOptions = {}): Hono<LakeEnv> {
  const app = new Hono<LakeEnv>()
  // Every stream of a dataset is handed the same records: their tags are computed once per
  // audience (with drafts or without), not once per reader.
  const tagsOf = new WeakMap<TransactionRecord, Map<boolean, string[]>>()
  const staleTags = (record: TransactionRecord, includeDrafts: boolean): string[] => {
    let byAudience = tagsOf.get(record)
    if (!byAudience) {
      byAudience = new Map()
      tagsOf.set(record, byAudience)
    }
    let tags = byAudience.get(includeDrafts)
    if (!tags) {
      const visible = record.changes.filter((change) => includeDrafts || isPublicId(change.id))
      tags =
        visible.length === 0
          ? []
          : commitSyncTags(
              deps.projectId,
              record.dataset,
              visible,
              deps.store.snapshot(record.dataset),
            )
      byAudience.set(includeDrafts, tags)
    }
    return tags
  }

  app.get('/events/:dataset', (c) => {
    const dataset = c.req.param('dataset')
    requireDataset(deps.store, dataset)
    const includeDrafts = c.req.query('includeDrafts') === 'true'
    if (includeDrafts && c.var.role === 'anonymous') {
      throw httpError(401, 'Unauthorized - includeDrafts requires a token')
    }

    return eventStream(c, options, async (stream) => {
      await stream.writeSSE({ event: 'welcome', data: '{}' })
      return deps.store.subscribe(dataset, (records) => {
        for (const record of records) {
          const tags = staleTags(record, includeDrafts)
          if (tags.length === 0) continue
          const id = `${dataset}:${record.seq}`
          void stream.writeSSE({ id, event: 'message', data: JSON.stringify({ id, tags }) })
        }
      })
    })
  })
  return app
}
