import { createHash } from 'node:crypto'
import { documentKeys, everyKey } from '../groq/narrowing/read-keys.ts'
import { publishedId } from '../groq/perspective.ts'
import type { DatasetSnapshot, DocumentChange, SanityDocument } from '../store/store.ts'

/**
 * Sync tags are read keys (see groq/narrowing/read-keys.ts) in Sanity's format, `s1:` and six
 * base64url characters: a query answer carries the tags of what its result was computed from, a
 * live event the tags of what a commit changed, and a client re-fetches the answers whose tags an
 * event names. Two keys sharing a tag only cost an extra re-fetch.
 */
export function syncTag(projectId: string, dataset: string, key: string = everyKey): string {
  // The dataset-wide tag keeps the value it had before tags were per key.
  const name = key === everyKey ? `${projectId}/${dataset}` : `${projectId}/${dataset}\u0000${key}`
  return `s1:${createHash('sha1').update(name).digest('base64url').slice(0, 6)}`
}

/**
 * At most this many tags per answer, else the dataset-wide one: next-sanity hands them to Next's
 * `cacheTag`, which keeps only 128 tags per call (with the caller's own tags) and drops the rest,
 * whose changes would then refresh nothing.
 */
export const maxSyncTags = 64

/** The sync tags of a query answer computed from these read keys. */
export function answerSyncTags(
  projectId: string,
  dataset: string,
  readKeys: ReadonlySet<string>,
): string[] {
  const tags = new Set([...readKeys].map((key) => syncTag(projectId, dataset, key)))
  if (readKeys.has(everyKey) || tags.size > maxSyncTags) return [syncTag(projectId, dataset)]
  return [...tags].sort()
}

/**
 * The sync tags a commit makes stale: the dataset-wide tag, and the keys of each changed document
 * before and after, under its own id and its published id (perspectives show a draft or version
 * under that). A perspective shows, per published id, one of its versions: when a draft or
 * version changes, the one shown may switch to any other version of it, so theirs count too.
 */
export function commitSyncTags(
  projectId: string,
  dataset: string,
  changes: readonly DocumentChange[],
  snapshot: DatasetSnapshot,
): string[] {
  const keys = new Set([everyKey])
  const add = (doc: SanityDocument) => {
    for (const key of documentKeys(doc)) keys.add(key)
    const published = publishedId(doc._id)
    if (published !== doc._id) for (const key of documentKeys(doc, published)) keys.add(key)
  }
  const layered = new Set<string>()
  for (const { id, before, after } of changes) {
    if (before) add(before)
    if (after) add(after)
    if (publishedId(id) !== id) layered.add(publishedId(id))
  }
  if (layered.size > 0) {
    for (const doc of snapshot.documents()) if (layered.has(publishedId(doc._id))) add(doc)
  }
  return [...new Set([...keys].map((key) => syncTag(projectId, dataset, key)))].sort()
}
