import { publishedId } from '../groq/perspective.ts'
import type { DocumentChange, Store, TransactionRecord } from '../store/store.ts'

type Event = Record<string, unknown> & { type: string }

function variantType(id: string): 'draft' | 'version' | 'published' {
  if (id.startsWith('drafts.')) return 'draft'
  return id.startsWith('versions.') ? 'version' : 'published'
}

/**
 * What one transaction meant for a document group (published id + draft), in the vocabulary of
 * Sanity's events API. Plain draft edits are not events: the Studio reads those from the translog.
 */
function classify(record: TransactionRecord, baseId: string, draftId: string): Event | undefined {
  const published: DocumentChange | undefined = record.changes.find((c) => c.id === baseId)
  const draft = record.changes.find((c) => c.id === draftId)
  const tx = record.transactionId
  if (published && draft) {
    if (published.after && draft.before && !draft.after) {
      return {
        type: 'publishDocumentVersion',
        revisionId: tx,
        versionId: draftId,
        versionRevisionId: draft.before._rev ?? tx,
        publishCause: 'document.publish',
      }
    }
    if (published.before && !published.after && draft.after && !draft.before) {
      return { type: 'unpublishDocument', versionId: draftId, versionRevisionId: tx }
    }
    if (!published.after && !draft.after) return { type: 'deleteDocumentGroup' }
  }
  if (draft && !draft.before && draft.after) {
    const revisionId = published?.after?._rev ?? published?.before?._rev
    return {
      type: 'createDocumentVersion',
      versionId: draftId,
      versionRevisionId: tx,
      ...(revisionId ? { revisionId } : {}),
    }
  }
  if (draft?.before && !draft.after) {
    return {
      type: 'deleteDocumentVersion',
      versionId: draftId,
      versionRevisionId: draft.before._rev ?? tx,
    }
  }
  if (published && !draft) {
    if (!published.after) return { type: 'deleteDocumentGroup' }
    return { type: published.before ? 'updateLiveDocument' : 'createLiveDocument', revisionId: tx }
  }
  return undefined
}

export interface EventsPage {
  events: Record<string, Event[]>
  nextCursor: string
}

/**
 * `GET /data/history/:dataset/events/documents/:id`: the document group's events, newest first,
 * `limit` transactions per page. The cursor is the log position to continue below.
 */
export function documentEvents(
  store: Store,
  dataset: string,
  id: string,
  page: { limit: number; cursor: string | undefined },
): EventsPage {
  const baseId = publishedId(id)
  const draftId = `drafts.${baseId}`
  const before = Number(page.cursor)
  const records = store.readLog(dataset, {
    documentIds: [baseId, draftId],
    reverse: true,
    limit: page.limit,
    ...(page.cursor && Number.isInteger(before) ? { beforeSeq: before } : {}),
  })
  const events: Event[] = []
  for (const record of records) {
    const event = classify(record, baseId, draftId)
    if (!event) continue
    events.push({
      id: record.transactionId,
      timestamp: record.timestamp,
      author: record.author,
      documentId: baseId,
      documentVariantType: variantType(id),
      ...event,
    })
  }
  const last = records.at(-1)
  return {
    events: { [id]: events },
    nextCursor: records.length === page.limit && last ? String(last.seq) : '',
  }
}
