import { lakeError } from '../http/errors.ts'
import { publishedId as publishedIdOf } from '../groq/perspective.ts'

// Sanity's id alphabet; `.` separates path segments such as `drafts.`.
const validId = /^[a-zA-Z0-9_][a-zA-Z0-9_-]*(\.[a-zA-Z0-9_-]+)*$/

function invalid(description: string, index: number) {
  return lakeError(400, 'invalidDocumentIdError', description, { actionIndex: index })
}

/** A published id: no `drafts.` or `versions.` path. */
export function requirePublishedId(id: string, index: number): string {
  if (!validId.test(id) || id.length > 200 || publishedIdOf(id) !== id) {
    throw invalid(`"${id}" is not a valid published document ID`, index)
  }
  return id
}

/** `drafts.<publishedId>` or `versions.<release>.<publishedId>`. */
export function requireVersionOf(versionId: string, publishedId: string, index: number): string {
  requirePublishedId(publishedId, index)
  if (!validId.test(versionId) || versionId === publishedId) {
    throw invalid(`"${versionId}" is not a draft or version ID`, index)
  }
  if (publishedIdOf(versionId) !== publishedId) {
    throw invalid(`"${versionId}" is not a draft or version of "${publishedId}"`, index)
  }
  if (!versionId.startsWith('drafts.') && !versionId.startsWith('versions.')) {
    throw invalid(`"${versionId}" must start with "drafts." or "versions."`, index)
  }
  return versionId
}

/** Any draft or version id, whatever document it belongs to. */
export function requireVersionId(versionId: string, index: number): string {
  return requireVersionOf(versionId, publishedIdOf(versionId), index)
}
