import type { SanityDocument } from '../store/store.ts'

/** Where Sanity keeps release system documents: `_.releases.<releaseId>`. */
export const releaseDocumentPrefix = '_.releases.'
export const releaseDocumentType = 'system.release'

export type ReleaseState =
  | 'active'
  | 'archiving'
  | 'unarchiving'
  | 'archived'
  | 'published'
  | 'publishing'
  | 'scheduled'
  | 'scheduling'

export interface ReleaseDocument extends SanityDocument {
  _type: typeof releaseDocumentType
  name: string
  state: ReleaseState
  metadata: { releaseType: 'asap' | 'scheduled' | 'undecided'; [key: string]: unknown }
  publishAt?: string
  publishedAt?: string
  finalDocumentStates?: { id: string }[]
  /** Why its scheduled publish failed; set with `state: "active"` (see record-publish-failure.ts). */
  error?: { message: string }
}

export function releaseDocumentId(releaseId: string): string {
  return `${releaseDocumentPrefix}${releaseId}`
}

/** The release a `versions.<releaseId>.<id>` document belongs to. */
export function releaseIdOfVersion(id: string): string | undefined {
  if (!id.startsWith('versions.')) return undefined
  return id.split('.')[1]
}

export function isReleaseDocument(doc: SanityDocument | undefined): doc is ReleaseDocument {
  return doc?._type === releaseDocumentType && doc._id.startsWith(releaseDocumentPrefix)
}
