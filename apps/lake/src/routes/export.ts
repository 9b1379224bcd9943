import { Hono } from 'hono'
import type { LakeEnv } from '../http/lake-env.ts'
import type { LakeDeps } from '../deps.ts'
import { requireDataset } from '../deps.ts'
import { isPublicId } from '../groq/perspective.ts'
import type { SanityDocument } from '../store/store.ts'

const encoder = new TextEncoder()
// Lines are flushed in batches: one chunk per document would be slow, one per dataset unbounded.
const batchSize = 500

/**
 * `GET /data/export/:dataset?types=a,b` — every document as NDJSON, what `sanity dataset export`
 * (@sanity/export) streams. Drafts and versions need a token, as for queries; anonymous callers get
 * the published documents only. The export is taken from one snapshot, so it is consistent.
 */
export function exportRoutes(deps: LakeDeps): Hono<LakeEnv> {
  const app = new Hono<LakeEnv>()

  app.get('/:dataset', (c) => {
    const snapshot = requireDataset(deps.store, c.req.param('dataset'))
    const anonymous = c.var.role === 'anonymous'
    const types = c.req
      .query('types')
      ?.split(',')
      .map((type) => type.trim())
      .filter(Boolean)
    const wanted = (doc: SanityDocument) =>
      (!anonymous || isPublicId(doc._id)) && (!types?.length || types.includes(doc._type))
    const documents = snapshot.documents()

    let index = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        let lines = ''
        for (let taken = 0; index < documents.length && taken < batchSize; index++) {
          const doc = documents[index]
          if (!doc || !wanted(doc)) continue
          lines += `${JSON.stringify(doc)}\n`
          taken++
        }
        if (lines) controller.enqueue(encoder.encode(lines))
        if (index >= documents.length) controller.close()
      },
    })
    return c.body(body, 200, { 'Content-Type': 'application/x-ndjson; charset=utf-8' })
  })
  return app
}
