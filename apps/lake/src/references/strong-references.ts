import type { SanityDocument } from '../store/store.ts'

// Documents are immutable and shared between snapshots, so one walk per document object serves
// every later check and every index update.
const cache = new WeakMap<SanityDocument, readonly string[]>()

/**
 * The ids a document references strongly: every object at any depth with a string `_ref` and no
 * `_weak: true`. Cross-dataset and global references (`_dataset`, `_projectId`) are left out:
 * Sanity validates those on another path (`skipCrossDatasetReferenceValidation`).
 */
export function strongReferencesOf(doc: SanityDocument): readonly string[] {
  let refs = cache.get(doc)
  if (!refs) {
    const found = new Set<string>()
    collect(doc, found)
    refs = [...found]
    cache.set(doc, refs)
  }
  return refs
}

function collect(value: unknown, found: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collect(item, found)
    return
  }
  if (typeof value !== 'object' || value === null) return
  const node = value as Record<string, unknown>
  if (typeof node._ref === 'string') {
    if (node._weak !== true && !('_dataset' in node) && !('_projectId' in node)) {
      found.add(node._ref)
    }
    return
  }
  for (const child of Object.values(node)) collect(child, found)
}

/**
 * Whether a document's strong references are held to account: Sanity checks them on every
 * document but release versions (`versions.*`), whose references the Studio writes strong before
 * their targets exist and which a release's publish checks instead.
 */
export function enforcesReferences(id: string): boolean {
  return !id.startsWith('versions.')
}
