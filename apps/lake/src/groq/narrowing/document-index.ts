import type { SanityDocument } from '../../store/store.ts'
import type { DocumentView } from '../perspective.ts'
import type { Positions } from './sorted-positions.ts'

// Documents are immutable and shared between snapshots, so the references found in one survive
// commits: after a write only the changed documents are walked again.
const referencedOf = new WeakMap<SanityDocument, ReadonlySet<string>>()
const referenceCountsOf = new WeakMap<SanityDocument, ReadonlyMap<string, number>>()
// Sets of positions asked about more than once (an index's lookups, memoized filters).
const memberships = new WeakMap<Positions, Uint8Array>()

/** How many memoized filter results an index keeps (the least recently used goes first). */
const maxMemos = 32

/**
 * Lookup tables over one view (a snapshot seen through a perspective): documents by `_type`,
 * `slug.current`, `_id` (exact and by prefix) and by every string `_ref` they hold at any depth.
 * Each table is built on first use, since a view lives only until the next commit, and assigned
 * only once complete: a query stopped midway (even by query-deadline.ts's watchdog) leaves no
 * partial table to later queries on the view.
 */
export class DocumentIndex {
  readonly documents: readonly SanityDocument[]
  #byType: Map<string, number[]> | undefined
  #bySlug: Map<string, number[]> | undefined
  #byId: Map<string, number> | undefined
  #idOrder: { ids: string[]; positions: number[] } | undefined
  readonly #orders = new Map<string, AttributeOrder>()
  readonly #ranks = new Map<string, Int32Array>()
  #postings: Map<string, ReferencePostings> | undefined
  #referencedBy: Map<string, number[]> | undefined
  #positionOf: Map<SanityDocument, number> | undefined
  readonly #memos = new Map<string, unknown>()

  constructor(documents: readonly SanityDocument[]) {
    this.documents = documents
  }

  ofType(type: string): Positions {
    this.#byType ??= this.#group((doc) => (typeof doc._type === 'string' ? [doc._type] : []))
    return this.#byType.get(type) ?? []
  }

  withSlug(slug: string): Positions {
    this.#bySlug ??= this.#group((doc) => {
      const value = doc.slug
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return []
      const current = (value as { current?: unknown }).current
      return typeof current === 'string' ? [current] : []
    })
    return this.#bySlug.get(slug) ?? []
  }

  /** Documents holding an object with this `_ref` anywhere (a superset of `references()`). */
  referencing(id: string): Positions {
    return this.referencePostings(id).positions
  }

  /**
   * Whether `references(ref)` is true for the document with this id, answered from a cached walk
   * instead of groq-js walking the whole document on every evaluation.
   */
  documentReferences(id: string, ref: string): boolean {
    const position = this.withId(id)[0]
    return position !== undefined && this.referencesAt(position, ref)
  }

  /** `references(ref)` for the document at this position, as `documentReferences` answers it. */
  referencesAt(position: number, ref: string): boolean {
    const doc = this.documents[position]
    return doc !== undefined && cachedReferences(doc).has(ref)
  }

  /**
   * The documents `references(id)` is true for (ascending positions), as `referencesAt` answers
   * it: built for every id in one pass.
   */
  referencedBy(id: string): Positions {
    if (!this.#referencedBy) {
      const referencedBy = new Map<string, number[]>()
      this.documents.forEach((doc, position) => {
        for (const ref of cachedReferences(doc)) {
          const positions = referencedBy.get(ref)
          if (positions) positions.push(position)
          else referencedBy.set(ref, [position])
        }
      })
      this.#referencedBy = referencedBy
    }
    return this.#referencedBy.get(id) ?? []
  }

  /** How many objects in the document (at any depth) have this string `_ref`. */
  referenceCount(doc: SanityDocument, ref: string): number {
    return cachedReferenceCounts(doc).get(ref) ?? 0
  }

  /**
   * The documents holding an object with this string `_ref` (ascending positions) and, for each,
   * how many such objects it holds: the posting list of one id, built for every id in one pass.
   */
  referencePostings(id: string): ReferencePostings {
    if (!this.#postings) {
      const postings = new Map<string, { positions: number[]; counts: number[] }>()
      this.documents.forEach((doc, position) => {
        for (const [ref, count] of cachedReferenceCounts(doc)) {
          const posting = postings.get(ref)
          if (posting) {
            posting.positions.push(position)
            posting.counts.push(count)
          } else {
            postings.set(ref, { positions: [position], counts: [count] })
          }
        }
      })
      this.#postings = postings
    }
    return this.#postings.get(id) ?? noPostings
  }

  withId(id: string): Positions {
    if (!this.#byId) {
      const byId = new Map<string, number>()
      this.documents.forEach((doc, position) => byId.set(doc._id, position))
      this.#byId = byId
    }
    const position = this.#byId.get(id)
    return position === undefined ? [] : [position]
  }

  withIdPrefix(prefix: string): Positions {
    this.#idOrder ??= this.#sortIds()
    const { ids, positions } = this.#idOrder
    let low = 0
    let high = ids.length
    while (low < high) {
      const mid = (low + high) >>> 1
      if ((ids[mid] as string) < prefix) low = mid + 1
      else high = mid
    }
    const out: number[] = []
    for (let i = low; i < ids.length && (ids[i] as string).startsWith(prefix); i++) {
      out.push(positions[i] as number)
    }
    return out.sort((a, b) => a - b)
  }

  /**
   * Every document ordered by the value at `path` (`publishedAt`, `slug.current`) as groq-js's
   * `order()` compares values (numbers, then strings, then booleans, then anything else; ties in
   * document order), with each position's value.
   */
  orderedBy(path: readonly string[]): AttributeOrder {
    const key = path.join('\u0000')
    let order = this.#orders.get(key)
    if (!order) {
      const values = this.documents.map((doc) => valueAt(doc, path))
      const positions = this.documents.map((_, position) => position)
      positions.sort((a, b) => compareValues(values[a], values[b]) || a - b)
      order = { positions, values }
      this.#orders.set(key, order)
    }
    return order
  }

  /**
   * For each position, the rank of its value at `path` in `orderedBy(path)`: 0 for the smallest
   * value, equal values (as `order()` compares them) sharing a rank.
   */
  rankBy(path: readonly string[]): Int32Array {
    const key = path.join('\u0000')
    let ranks = this.#ranks.get(key)
    if (!ranks) {
      const { positions, values } = this.orderedBy(path)
      ranks = new Int32Array(this.documents.length)
      let rank = 0
      positions.forEach((position, i) => {
        const previous = positions[i - 1]
        if (previous !== undefined && compareValues(values[previous], values[position]) !== 0) {
          rank++
        }
        ;(ranks as Int32Array)[position] = rank
      })
      this.#ranks.set(key, ranks)
    }
    return ranks
  }

  /** The position of a document of this view, by identity. */
  positionOf(doc: SanityDocument): number | undefined {
    if (!this.#positionOf) {
      const positionOf = new Map<SanityDocument, number>()
      this.documents.forEach((each, position) => positionOf.set(each, position))
      this.#positionOf = positionOf
    }
    return this.#positionOf.get(doc)
  }

  /** 1 at each of these positions, 0 elsewhere; kept with the positions array. */
  membership(positions: Positions): Uint8Array {
    let member = memberships.get(positions)
    if (!member || member.length !== this.documents.length) {
      member = new Uint8Array(this.documents.length)
      for (const position of positions) member[position] = 1
      memberships.set(positions, member)
    }
    return member
  }

  /**
   * A value computed from this view alone, kept under `key` until the view is replaced (a few,
   * least recently used dropped); `compute` answering `undefined` keeps nothing.
   */
  memo<T>(key: string, compute: () => T | undefined): T | undefined {
    if (this.#memos.has(key)) {
      const value = this.#memos.get(key) as T
      this.#memos.delete(key)
      this.#memos.set(key, value)
      return value
    }
    const value = compute()
    if (value === undefined) return undefined
    this.#memos.set(key, value)
    if (this.#memos.size > maxMemos) {
      const oldest = this.#memos.keys().next()
      if (!oldest.done) this.#memos.delete(oldest.value)
    }
    return value
  }

  at(positions: Positions): SanityDocument[] {
    return positions.map((position) => this.documents[position] as SanityDocument)
  }

  #group(keysOf: (doc: SanityDocument) => readonly string[]): Map<string, number[]> {
    const groups = new Map<string, number[]>()
    this.documents.forEach((doc, position) => {
      for (const key of keysOf(doc)) {
        const group = groups.get(key)
        if (group) group.push(position)
        else groups.set(key, [position])
      }
    })
    return groups
  }

  #sortIds(): { ids: string[]; positions: number[] } {
    const order = this.documents.map((_, position) => position)
    const idAt = (position: number) => (this.documents[position] as SanityDocument)._id
    // Views come sorted by id already; sorting is only the fallback.
    const sorted = order.every((position, i) => i === 0 || idAt(position - 1) < idAt(position))
    if (!sorted) order.sort((a, b) => (idAt(a) < idAt(b) ? -1 : idAt(a) > idAt(b) ? 1 : 0))
    return { ids: order.map(idAt), positions: order }
  }
}

function cachedReferences(doc: SanityDocument): ReadonlySet<string> {
  let refs = referencedOf.get(doc)
  if (!refs) {
    const found = new Set<string>()
    collectReferencesLikeGroq(doc, found)
    refs = found
    referencedOf.set(doc, refs)
  }
  return refs
}

function cachedReferenceCounts(doc: SanityDocument): ReadonlyMap<string, number> {
  let counts = referenceCountsOf.get(doc)
  if (!counts) {
    const found = new Map<string, number>()
    countReferences(doc, found)
    counts = found
    referenceCountsOf.set(doc, counts)
  }
  return counts
}

export interface ReferencePostings {
  /** Ascending positions of the documents holding the `_ref`. */
  positions: Positions
  /** How many objects with the `_ref` each of those holds (at any depth). */
  counts: readonly number[]
}

const noPostings: ReferencePostings = { positions: [], counts: [] }

export interface AttributeOrder {
  /** Positions, ascending by value. */
  positions: readonly number[]
  /** The value of each position (by position, not in order). */
  values: readonly unknown[]
}

/** `a.b.c` as groq-js reads it: an attribute of an object, otherwise null. */
function valueAt(doc: unknown, path: readonly string[]): unknown {
  let value = doc
  for (const name of path) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
    if (!Object.hasOwn(value, name)) return null
    value = (value as Record<string, unknown>)[name]
  }
  return value ?? null
}

/** groq-js's total order for stored (JSON) values, as `order()` uses it. */
export function compareValues(a: unknown, b: unknown): number {
  const rank = (value: unknown) =>
    typeof value === 'number'
      ? 2
      : typeof value === 'string'
        ? 3
        : typeof value === 'boolean'
          ? 4
          : 100
  const byType = rank(a) - rank(b)
  if (byType !== 0) return byType
  if (typeof a === 'number' || typeof a === 'boolean') return Number(a) - Number(b)
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0
  return 0
}

function countReferences(value: unknown, found: Map<string, number>): void {
  if (Array.isArray(value)) {
    for (const item of value) countReferences(item, found)
  } else if (typeof value === 'object' && value !== null) {
    const ref = (value as { _ref?: unknown })._ref
    if (typeof ref === 'string') found.set(ref, (found.get(ref) ?? 0) + 1)
    for (const child of Object.values(value)) countReferences(child, found)
  }
}

/**
 * The references groq-js's `references()` sees: it stops at the first object with a truthy `_ref`
 * on each branch (a string one counts), without looking inside it.
 */
function collectReferencesLikeGroq(value: unknown, found: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectReferencesLikeGroq(item, found)
  } else if (typeof value === 'object' && value !== null) {
    const ref = (value as { _ref?: unknown })._ref
    if (ref) {
      if (typeof ref === 'string') found.add(ref)
      return
    }
    for (const child of Object.values(value)) collectReferencesLikeGroq(child, found)
  }
}

const indexes = new WeakMap<DocumentView, DocumentIndex>()

/** The index of a view, shared by every query against it until the next commit replaces it. */
export function documentIndexOf(view: DocumentView): DocumentIndex {
  let index = indexes.get(view)
  if (!index) {
    index = new DocumentIndex(view.documents)
    indexes.set(view, index)
  }
  return index
}

/** Every string `_ref` the document holds at any depth: what `referencing` and `referencedBy` see. */
export function referencedIds(doc: SanityDocument): Iterable<string> {
  return cachedReferenceCounts(doc).keys()
}
