import { isPublicId } from '../groq/perspective.ts'
import type { DocumentChange, DocumentLookup, TransactionRecord } from '../store/store.ts'
import type { DocumentFilter } from './document-filter.ts'
import { effectsOf } from './mendoza.ts'

export interface ListenOptions {
  includeResult: boolean
  includePreviousRevision: boolean
  includeMutations: boolean
  includeAllVersions: boolean
  /** `effectFormat=mendoza` */
  includeEffects: boolean
  /** Anonymous listeners only see published documents. */
  anonymous: boolean
}

export interface MutationEvent {
  /** The SSE `id:`, also the `eventId`; listeners resume from it. */
  id: string
  documentId: string
  data: Record<string, unknown>
}

export function eventId(transactionId: string, documentId: string): string {
  return `${transactionId}#${documentId}`
}

/** Splits an event id; document ids never contain `#`, transaction ids might. */
export function parseEventId(id: string): { transactionId: string; documentId: string } | null {
  const at = id.lastIndexOf('#')
  if (at <= 0 || at === id.length - 1) return null
  return { transactionId: id.slice(0, at), documentId: id.slice(at + 1) }
}

function visible(id: string, options: ListenOptions): boolean {
  if (options.anonymous && !isPublicId(id)) return false
  return options.includeAllVersions || !id.startsWith('versions.')
}

type Transition = 'update' | 'appear' | 'disappear'

/**
 * What an anonymous listener's filter may join against: published documents only. Otherwise a
 * filter such as `*[_id == "x" && ref->title == "guess"]` on a public document would reveal a
 * draft's fields by whether its events arrive.
 */
function publicLookup(lookup: DocumentLookup): DocumentLookup {
  return {
    get: (id) => (isPublicId(id) ? lookup.get(id) : undefined),
    documents: () => lookup.documents().filter((doc) => isPublicId(doc._id)),
  }
}

async function transitionOf(
  change: DocumentChange,
  filter: DocumentFilter,
  lookup: DocumentLookup,
): Promise<Transition | null> {
  const was = change.before ? await filter(change.before, lookup) : false
  const is = change.after ? await filter(change.after, lookup) : false
  if (was && is) return 'update'
  if (is) return 'appear'
  return was ? 'disappear' : null
}

/**
 * The `mutation` events one transaction produces for one listener, in document id order (stable,
 * so a resume can skip what was already sent). Each event carries the whole new document as a
 * `createOrReplace` (or a `delete`), which @sanity/mutator replays on top of `previousRev`.
 */
export async function mutationEvents(
  record: TransactionRecord,
  filter: DocumentFilter,
  options: ListenOptions,
  lookup: DocumentLookup,
): Promise<MutationEvent[]> {
  const changes = record.changes
    .filter((change) => visible(change.id, options))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const matched: { change: DocumentChange; transition: Transition }[] = []
  const joinable = options.anonymous ? publicLookup(lookup) : lookup
  for (const change of changes) {
    const transition = await transitionOf(change, filter, joinable)
    if (transition) matched.push({ change, transition })
  }
  return matched.map(({ change, transition }, index) => {
    const { id, before, after } = change
    const data: Record<string, unknown> = {
      documentId: id,
      eventId: eventId(record.transactionId, id),
      transactionId: record.transactionId,
      identity: record.author,
      timestamp: record.timestamp,
      visibility: 'query',
      transition,
      transactionTotalEvents: matched.length,
      transactionCurrentEvent: index,
    }
    if (options.includeMutations) {
      data.mutations = after ? [{ createOrReplace: after }] : [{ delete: { id } }]
    }
    // Omitted for a new document: the Studio chains events by `previousRev === current _rev`.
    if (before?._rev !== undefined) data.previousRev = before._rev
    // Also on deletes: the Studio chains events by `resultRev`, and a delete without one never
    // joins the chain (the document pane then waits 30 s and resyncs).
    data.resultRev = after?._rev ?? record.transactionId
    if (options.includeResult && after) data.result = after
    if (options.includePreviousRevision) data.previous = before
    if (options.includeEffects) data.effects = effectsOf(before, after)
    return { id: eventId(record.transactionId, id), documentId: id, data }
  })
}
