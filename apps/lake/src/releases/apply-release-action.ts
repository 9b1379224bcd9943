import type { z } from 'zod'
import { lakeError } from '../http/errors.ts'
import { applyPatch } from '../mutations/apply-patch.ts'
import type { Overlay } from '../mutations/overlay.ts'
import { isMarkedForUnpublish } from '../groq/perspective.ts'
import type { SanityDocument } from '../store/store.ts'
import type { releaseActionSchemas } from './parse-release-actions.ts'
import { releaseMetadata } from './parse-release-actions.ts'
import type { ReleaseDocument, ReleaseState } from './release-ids.ts'
import { isReleaseDocument, releaseDocumentId, releaseDocumentType } from './release-ids.ts'

export type ReleaseAction = z.infer<(typeof releaseActionSchemas)[number]>

export interface ReleaseActionTools {
  docs: Overlay
  index: number
  timestamp: string
  /** Stores a document with the lake's system fields (`_rev`, `_updatedAt`, …). */
  write(id: string, doc: SanityDocument, previous?: SanityDocument): void
  /** The last state a (since deleted) document had, from the transaction log. */
  lastStateOf(id: string): SanityDocument | undefined
}

/** Every `versions.<releaseId>.*` document, in id order. */
export function versionsOf(docs: Overlay, releaseId: string): SanityDocument[] {
  const prefix = `versions.${releaseId}.`
  return docs
    .documents()
    .filter((doc) => doc._id.startsWith(prefix))
    .sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0))
}

/**
 * The release actions: a release is the system document `_.releases.<releaseId>` whose `state`
 * moves active → scheduled → published (or active → archived → active), and its contents are the
 * `versions.<releaseId>.*` documents. Publishing replaces each published document with its
 * version (or unpublishes it, for a version marked `_system.delete` by `version.unpublish`) and
 * deletes the versions, all in the one transaction the actions run in.
 */
export function applyReleaseAction(tools: ReleaseActionTools, action: ReleaseAction): void {
  const { docs, index, timestamp } = tools
  const id = releaseDocumentId(action.releaseId)
  const fail = (type: string, description: string) =>
    lakeError(409, type, description, { id, actionIndex: index })
  const release = (...states: ReleaseState[]): ReleaseDocument => {
    const doc = docs.get(id)
    if (!isReleaseDocument(doc)) {
      throw fail('releaseNotFoundError', `Release "${action.releaseId}" does not exist`)
    }
    if (!states.includes(doc.state)) {
      throw fail(
        'releaseStateError',
        `Release "${action.releaseId}" is ${doc.state}; this action needs it ${states.join(' or ')}`,
      )
    }
    return doc
  }
  const update = (current: ReleaseDocument, next: ReleaseDocument) => {
    tools.write(id, next, current)
  }

  switch (action.actionType) {
    case 'sanity.action.release.create': {
      if (docs.get(id)) {
        throw fail('documentAlreadyExistsError', `Release "${action.releaseId}" already exists`)
      }
      const created: ReleaseDocument = {
        _id: id,
        _type: releaseDocumentType,
        name: action.releaseId,
        state: 'active',
        metadata: action.metadata,
      }
      tools.write(id, created)
      return
    }
    case 'sanity.action.release.edit': {
      const current = release('active', 'scheduled', 'archived', 'published')
      const patched = applyPatch(current, action.patch, index) as ReleaseDocument
      const metadata = releaseMetadata.safeParse(patched.metadata)
      if (!metadata.success) {
        throw lakeError(400, 'invalidActionError', 'The edit leaves invalid release metadata', {
          id,
          actionIndex: index,
        })
      }
      update(current, { ...current, metadata: metadata.data })
      return
    }
    case 'sanity.action.release.schedule': {
      const current = release('active')
      const next: ReleaseDocument = { ...current, state: 'scheduled', publishAt: action.publishAt }
      // A new attempt: the failure of an earlier one no longer applies.
      delete next.error
      update(current, next)
      return
    }
    case 'sanity.action.release.unschedule': {
      const current = release('scheduled')
      const next: ReleaseDocument = { ...current, state: 'active' }
      delete next.publishAt
      update(current, next)
      return
    }
    case 'sanity.action.release.publish': {
      const current = release('active', 'scheduled')
      const versions = versionsOf(docs, action.releaseId)
      for (const version of versions) publishVersion(tools, version)
      const next: ReleaseDocument = {
        ...current,
        state: 'published',
        publishedAt: timestamp,
        finalDocumentStates: versions.map((version) => ({ id: version._id })),
      }
      delete next.error
      update(current, next)
      return
    }
    case 'sanity.action.release.archive': {
      const current = release('active')
      const versions = versionsOf(docs, action.releaseId)
      for (const version of versions) docs.set(version._id, null)
      update(current, {
        ...current,
        state: 'archived',
        finalDocumentStates: versions.map((version) => ({ id: version._id })),
      })
      return
    }
    case 'sanity.action.release.unarchive': {
      const current = release('archived')
      for (const { id: versionId } of current.finalDocumentStates ?? []) {
        const last = tools.lastStateOf(versionId)
        if (last && !docs.get(versionId)) tools.write(versionId, last)
      }
      const next: ReleaseDocument = { ...current, state: 'active' }
      delete next.finalDocumentStates
      update(current, next)
      return
    }
    case 'sanity.action.release.delete': {
      release('archived', 'published')
      docs.set(id, null)
      return
    }
  }
}

/** One version's part of a release publish; its references stay as written (no strengthening). */
function publishVersion(tools: ReleaseActionTools, version: SanityDocument): void {
  const publishedId = version._id.split('.').slice(2).join('.')
  const published = tools.docs.get(publishedId)
  tools.docs.set(version._id, null)
  if (isMarkedForUnpublish(version)) {
    // Sanity unpublishes, it does not delete: the content stays as a draft, made from the
    // published document when there is no draft already.
    const draftId = `drafts.${publishedId}`
    if (published && !tools.docs.get(draftId)) tools.write(draftId, published, published)
    tools.docs.set(publishedId, null)
    return
  }
  const next: SanityDocument = { ...version, _id: publishedId }
  delete next._system
  tools.write(publishedId, next, published ?? version)
}
