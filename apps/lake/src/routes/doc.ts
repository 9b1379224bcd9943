import { Hono } from 'hono'
import type { LakeEnv } from '../http/lake-env.ts'
import type { LakeDeps } from '../deps.ts'
import { requireDataset } from '../deps.ts'
import { isPublicId, publishedId } from '../groq/perspective.ts'
import type { DatasetSnapshot, SanityDocument } from '../store/store.ts'

type Omission = { id: string; reason: 'existence' | 'permission' }

/** The published document, its draft and every release version of it. */
function allVersions(snapshot: DatasetSnapshot, id: string): SanityDocument[] {
  const base = publishedId(id)
  return snapshot
    .documents()
    .filter(
      (doc) =>
        doc._id === base ||
        doc._id === `drafts.${base}` ||
        (doc._id.startsWith('versions.') && publishedId(doc._id) === base),
    )
}

export function docRoutes(deps: LakeDeps): Hono<LakeEnv> {
  const app = new Hono<LakeEnv>()

  app.get('/:dataset/:ids', (c) => {
    const snapshot = requireDataset(deps.store, c.req.param('dataset'))
    const anonymous = c.var.role === 'anonymous'
    const search = new URL(c.req.url).searchParams
    const excludeContent = search.get('excludeContent') === 'true'
    const includeAllVersions = search.get('includeAllVersions') === 'true'
    const ids = c.req
      .param('ids')
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean)

    const documents: SanityDocument[] = []
    const omitted: Omission[] = []
    for (const id of ids) {
      if (anonymous && !isPublicId(id)) {
        omitted.push({ id, reason: 'permission' })
        continue
      }
      const found = includeAllVersions
        ? allVersions(snapshot, id).filter((doc) => !anonymous || isPublicId(doc._id))
        : [snapshot.get(id)].filter((doc) => doc !== undefined)
      if (found.length === 0) omitted.push({ id, reason: 'existence' })
      else if (!excludeContent) documents.push(...found)
    }
    return c.json({ documents, omitted })
  })
  return app
}
