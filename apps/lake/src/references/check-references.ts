import type { MutationErrorItem } from '../http/errors.ts'
import { mutationError } from '../http/errors.ts'
import type { Overlay } from '../mutations/overlay.ts'
import type { DocumentChange } from '../store/store.ts'
import type { ReferrerIndex } from './referrer-index.ts'
import { enforcesReferences, strongReferencesOf } from './strong-references.ts'

/**
 * Sanity's referential integrity, checked on the state a whole transaction leaves behind (so a
 * transaction may create a target and its referrer together, or delete them together): every
 * document it writes (release versions aside) may reference strongly only documents that exist,
 * and it may not delete a document that another document still references strongly. Weak
 * references never count. Throws the 409 `mutationError` Sanity answers with; `referrers` is the
 * index of the state before the transaction.
 */
export function checkReferences(
  overlay: Overlay,
  changes: readonly DocumentChange[],
  referrers: ReferrerIndex,
): void {
  const violations: { index: number; item: MutationErrorItem }[] = []
  const written = new Set(changes.map((change) => change.id))
  const deleted = new Set<string>()
  for (const { id, before, after } of changes) if (before && !after) deleted.add(id)

  const blockers = new Map<string, Set<string>>()
  for (const id of deleted) {
    const unchanged = [...referrers.referrersOf(id)].filter((referrer) => !written.has(referrer))
    if (unchanged.length > 0) blockers.set(id, new Set(unchanged))
  }
  for (const { id, after } of changes) {
    if (!after || !enforcesReferences(id)) continue
    for (const target of strongReferencesOf(after)) {
      if (overlay.get(target) === undefined && !deleted.has(target)) {
        violations.push({
          index: overlay.indexOf(id),
          item: {
            type: 'documentReferenceDoesNotExistError',
            description: `Document "${id}" references non-existent document "${target}"`,
            id,
            referenceID: target,
          },
        })
        break
      }
      if (deleted.has(target)) {
        const set = blockers.get(target) ?? new Set<string>()
        set.add(id)
        blockers.set(target, set)
      }
    }
  }
  for (const [id, referencing] of blockers) {
    const referencingIDs = [...referencing].sort()
    violations.push({
      index: overlay.indexOf(id),
      item: {
        type: 'documentHasExistingReferencesError',
        description: `Document "${id}" cannot be deleted as there are references to it from "${referencingIDs[0] ?? ''}"`,
        id,
        referencingIDs,
      },
    })
  }
  const first = violations.sort((a, b) => a.index - b.index)[0]
  if (first) throw mutationError(409, first.item, first.index)
}
