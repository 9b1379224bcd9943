import { lakeError } from '../http/errors.ts'
import type { DatasetSnapshot, SanityDocument } from '../store/store.ts'

/**
 * `raw`, or a stack of layers from highest to lowest priority: `drafts` means `drafts.<id>`,
 * `published` the bare id, anything else a release (`versions.<name>.<id>`). `rawWithoutVersions`
 * is raw as API versions before 2025-02-19 see it: Sanity returns no `versions.**` documents there.
 */
export type Perspective = 'raw' | 'rawWithoutVersions' | readonly string[]

export interface DocumentView {
  documents: readonly SanityDocument[]
  byId: ReadonlyMap<string, SanityDocument>
}

const releaseName = /^[a-zA-Z0-9_-]+$/

/**
 * `releases`: whether the API version has Content Releases (2025-02-19 and later). Before it, the
 * default perspective is raw and raw leaves versions out; from it, the default is published.
 */
export function parsePerspective(
  value: string | undefined,
  { releases }: { releases: boolean } = { releases: true },
): Perspective {
  const raw = releases ? 'raw' : 'rawWithoutVersions'
  if (value === undefined || value === '') return releases ? ['published'] : raw
  if (value === 'published') return ['published']
  if (value === 'raw') return raw
  // `previewDrafts` is the pre-2025 name of `drafts`.
  if (value === 'drafts' || value === 'previewDrafts') return ['drafts', 'published']
  const layers = value.split(',').map((layer) => layer.trim())
  if (layers.some((layer) => layer === 'raw' || !releaseName.test(layer))) {
    throw lakeError(400, 'invalidPerspectiveError', `Invalid perspective "${value}"`)
  }
  return layers.includes('published') ? layers : [...layers, 'published']
}

export function isPublishedOnly(perspective: Perspective): boolean {
  return (
    typeof perspective !== 'string' && perspective.length === 1 && perspective[0] === 'published'
  )
}

/** Raw shows drafts and versions side by side; an anonymous caller sees just the public ones. */
export function isRaw(perspective: Perspective): perspective is 'raw' | 'rawWithoutVersions' {
  return typeof perspective === 'string'
}

/** Published id of any document id (`drafts.x` and `versions.r.x` → `x`). */
export function publishedId(id: string): string {
  if (id.startsWith('drafts.')) return id.slice('drafts.'.length)
  if (id.startsWith('versions.')) return id.split('.').slice(2).join('.')
  return id
}

function layerOf(id: string): string {
  if (id.startsWith('drafts.')) return 'drafts'
  if (id.startsWith('versions.')) return id.split('.')[1] ?? ''
  return 'published'
}

/** Documents anonymous callers may see: Sanity treats every id with a `.` path as private. */
export function isPublicId(id: string): boolean {
  return !id.includes('.')
}

const cache = new WeakMap<DatasetSnapshot, Map<string, DocumentView>>()

export function viewOf(
  snapshot: DatasetSnapshot,
  perspective: Perspective,
  options: { anonymous: boolean },
): DocumentView {
  const key = `${options.anonymous ? 'anon' : 'auth'}:${isRaw(perspective) ? perspective : perspective.join(',')}`
  let views = cache.get(snapshot)
  if (!views) {
    views = new Map()
    cache.set(snapshot, views)
  }
  let view = views.get(key)
  if (!view) {
    view = buildView(snapshot.documents(), perspective, options.anonymous)
    views.set(key, view)
  }
  return view
}

function buildView(
  all: readonly SanityDocument[],
  perspective: Perspective,
  anonymous: boolean,
): DocumentView {
  let documents: SanityDocument[]
  if (anonymous) documents = all.filter((doc) => isPublicId(doc._id))
  else if (perspective === 'raw') documents = [...all]
  else if (perspective === 'rawWithoutVersions')
    documents = all.filter((doc) => !doc._id.startsWith('versions.'))
  else if (isPublishedOnly(perspective))
    documents = all.filter((doc) => layerOf(doc._id) === 'published')
  else documents = overlay(all, perspective)
  return { documents, byId: new Map(documents.map((doc) => [doc._id, doc])) }
}

/**
 * A version marked by `sanity.action.document.version.unpublish`: publishing its release
 * unpublishes the document (Sanity stores such a version with `_system.delete: true`).
 */
export function isMarkedForUnpublish(doc: SanityDocument): boolean {
  const system = doc._system as { delete?: unknown } | undefined
  return system?.delete === true
}

/**
 * For every published id, the highest-priority layer that has a version wins, under the published
 * id. A release perspective shows the dataset as if its releases were published, so a winning
 * version marked for unpublishing leaves the document out (the lower layers do not show through).
 */
function overlay(all: readonly SanityDocument[], stack: readonly string[]): SanityDocument[] {
  const winners = new Map<string, { rank: number; doc: SanityDocument }>()
  for (const doc of all) {
    const rank = stack.indexOf(layerOf(doc._id))
    if (rank === -1) continue
    const id = publishedId(doc._id)
    const current = winners.get(id)
    if (!current || rank < current.rank) winners.set(id, { rank, doc })
  }
  return [...winners.entries()]
    .filter(([, { doc }]) => !isMarkedForUnpublish(doc))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, { doc }]) => ({ ...doc, _id: id, _originalId: doc._id }))
}
