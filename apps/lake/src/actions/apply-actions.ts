import { lakeError } from '../http/errors.ts'
import { applyPatch } from '../mutations/apply-patch.ts'
import { maxDocumentDepth, nestsDeeperThan } from '../mutations/document-depth.ts'
import { Overlay } from '../mutations/overlay.ts'
import { strengthenOnPublish } from '../references/strengthen-on-publish.ts'
import { applyReleaseAction } from '../releases/apply-release-action.ts'
import {
  isReleaseDocument,
  releaseDocumentId,
  releaseIdOfVersion,
} from '../releases/release-ids.ts'
import type { DocumentChange, DocumentLookup, SanityDocument } from '../store/store.ts'
import { requirePublishedId, requireVersionId, requireVersionOf } from './document-ids.ts'
import type { Action } from './parse-actions.ts'

export interface ActionContext {
  transactionId: string
  timestamp: string
  /** The last state of a deleted document (unarchiving a release restores its versions). */
  lastStateOf?: (id: string) => SanityDocument | undefined
}

export interface AppliedActions {
  changes: DocumentChange[]
  overlay: Overlay
}

/**
 * Applies the actions in order to one overlay of `base`, so the whole list is one transaction:
 * the first failing action throws and nothing is kept. Written documents get the lake's system
 * fields, with the transaction id as `_rev`.
 */
export function applyActions(
  base: DocumentLookup,
  actions: readonly Action[],
  context: ActionContext,
): AppliedActions {
  const overlay = new Overlay(base)
  for (const [index, action] of actions.entries()) {
    overlay.at(index)
    applyAction(overlay, action, context, index)
  }
  return { changes: overlay.changes(), overlay }
}

function applyAction(docs: Overlay, action: Action, context: ActionContext, index: number): void {
  const fail = (status: 400 | 404 | 409, type: string, description: string, id: string) =>
    lakeError(status, type, description, { id, actionIndex: index })
  const write = (id: string, doc: SanityDocument, previous?: SanityDocument) => {
    if (nestsDeeperThan(doc, maxDocumentDepth)) {
      throw fail(
        400,
        'documentTooDeepError',
        `Document "${id}" nests objects and arrays deeper than ${maxDocumentDepth} levels`,
        id,
      )
    }
    const next: SanityDocument = { ...doc, _id: id }
    // `_originalId` only exists in perspective views; it must never be stored.
    delete next._originalId
    docs.set(id, {
      ...next,
      _createdAt: previous?._createdAt ?? context.timestamp,
      _updatedAt: context.timestamp,
      _rev: context.transactionId,
    })
  }
  const existing = (id: string, what = 'Document') => {
    const doc = docs.get(id)
    if (!doc) throw fail(409, 'documentNotFoundError', `${what} "${id}" does not exist`, id)
    return doc
  }
  const absent = (id: string) => {
    if (docs.get(id)) {
      throw fail(409, 'documentAlreadyExistsError', `Document "${id}" already exists`, id)
    }
  }
  const checkRev = (doc: SanityDocument | undefined, id: string, expected?: string) => {
    if (expected === undefined || doc?._rev === expected) return
    throw fail(
      409,
      'documentRevisionIDDoesNotMatchError',
      `Document "${id}" has unexpected revision ID ("${doc?._rev ?? ''}"), expected "${expected}"`,
      id,
    )
  }

  // A scheduled release is locked: its versions cannot change until it is unscheduled.
  const unlocked = (id: string) => {
    const releaseId = releaseIdOfVersion(id)
    const release = releaseId === undefined ? undefined : docs.get(releaseDocumentId(releaseId))
    if (isReleaseDocument(release) && release.state === 'scheduled') {
      throw fail(
        409,
        'releaseLockedError',
        `"${id}" belongs to release "${releaseId ?? ''}", which is scheduled and cannot be changed`,
        id,
      )
    }
    return id
  }

  if (action.actionType.startsWith('sanity.action.release.')) {
    applyReleaseAction(
      {
        docs,
        index,
        timestamp: context.timestamp,
        write,
        lastStateOf: (id) => context.lastStateOf?.(id),
      },
      action as Parameters<typeof applyReleaseAction>[1],
    )
    return
  }

  switch (action.actionType) {
    case 'sanity.action.document.create': {
      const { publishedId, attributes } = action
      const id = unlocked(
        requireVersionOf(attributes._id ?? `drafts.${publishedId}`, publishedId, index),
      )
      if (docs.get(id) && action.ifExists === 'ignore') return
      absent(id)
      write(id, attributes as SanityDocument)
      return
    }
    case 'sanity.action.document.edit': {
      const { draftId, publishedId } = action
      unlocked(requireVersionOf(draftId, publishedId, index))
      // A missing draft starts out as a copy of the published document.
      const base = docs.get(draftId) ?? docs.get(publishedId)
      if (!base) {
        throw fail(
          409,
          'documentNotFoundError',
          `Cannot edit "${draftId}": no draft or published document`,
          draftId,
        )
      }
      const draft = base._id === draftId ? base : { ...base, _id: draftId }
      write(draftId, applyPatch(draft, action.patch, index), base)
      return
    }
    case 'sanity.action.document.publish': {
      const { draftId, publishedId } = action
      requireVersionOf(draftId, publishedId, index)
      const draft = existing(draftId, 'Draft')
      checkRev(draft, draftId, action.ifDraftRevisionId)
      const published = docs.get(publishedId)
      checkRev(published, publishedId, action.ifPublishedRevisionId)
      // Sanity strengthens placeholder references when a draft is published, never when a
      // release version is.
      const next = draftId.startsWith('versions.') ? draft : strengthenOnPublish(draft)
      write(publishedId, next, published ?? draft)
      docs.set(draftId, null)
      return
    }
    case 'sanity.action.document.unpublish': {
      const { draftId, publishedId } = action
      requireVersionOf(draftId, publishedId, index)
      const published = existing(publishedId, 'Published document')
      if (!docs.get(draftId)) write(draftId, published, published)
      docs.set(publishedId, null)
      return
    }
    case 'sanity.action.document.discard':
    case 'sanity.action.document.version.discard': {
      const id = unlocked(
        requireVersionId('draftId' in action ? action.draftId : action.versionId, index),
      )
      existing(id)
      docs.set(id, null)
      return
    }
    case 'sanity.action.document.delete': {
      const { publishedId, includeDrafts = [] } = action
      requirePublishedId(publishedId, index)
      for (const id of includeDrafts) requireVersionOf(id, publishedId, index)
      const draftId = `drafts.${publishedId}`
      if (docs.get(draftId) && !includeDrafts.includes(draftId)) {
        throw fail(
          409,
          'documentHasDraftsError',
          `Draft "${draftId}" must be deleted as well`,
          draftId,
        )
      }
      existing(publishedId)
      for (const id of [publishedId, ...includeDrafts]) docs.set(id, null)
      return
    }
    case 'sanity.action.document.replaceDraft': {
      const { publishedId, attributes } = action
      const id = requireVersionOf(attributes._id ?? `drafts.${publishedId}`, publishedId, index)
      const current = docs.get(id)
      if (!current) existing(publishedId, 'Neither the draft nor the published document')
      write(id, attributes as SanityDocument, current)
      return
    }
    case 'sanity.action.document.version.create': {
      const { publishedId, document, baseId, versionId } = action
      if (document) {
        absent(unlocked(requireVersionOf(document._id, publishedId, index)))
        write(document._id, document as SanityDocument)
        return
      }
      if (!baseId || !versionId) {
        throw fail(
          400,
          'invalidActionError',
          'Either "document" or "baseId" and "versionId" are required',
          publishedId,
        )
      }
      absent(unlocked(requireVersionOf(versionId, publishedId, index)))
      const base = existing(baseId)
      checkRev(base, baseId, action.ifBaseRevisionId)
      write(versionId, base)
      return
    }
    case 'sanity.action.document.version.replace': {
      const id = unlocked(requireVersionId(action.document._id, index))
      write(id, action.document as SanityDocument, existing(id))
      return
    }
    case 'sanity.action.document.version.unpublish': {
      // Marks the version so that publishing its release unpublishes the document.
      const { versionId, publishedId } = action
      if (!unlocked(requireVersionOf(versionId, publishedId, index)).startsWith('versions.')) {
        throw fail(
          400,
          'invalidDocumentIdError',
          `"${versionId}" is not a release version`,
          versionId,
        )
      }
      const published = existing(publishedId, 'Published document')
      const version = docs.get(versionId) ?? { ...published, _id: versionId }
      const system = (version._system as Record<string, unknown> | undefined) ?? {}
      write(versionId, { ...version, _system: { ...system, delete: true } }, version)
      return
    }
  }
}
