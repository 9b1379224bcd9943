import type { ExprNode } from 'groq-js'
import type { SanityDocument } from '../../store/store.ts'
import { lookupStrings, staticValue } from './candidate-plan.ts'
import type { CandidatePlan, Field } from './candidate-plan.ts'
import { referencedIds } from './document-index.ts'

/**
 * Read keys: what a query's result depends on, named the way a commit names what it changed
 * (`documentKeys`), so the Live Content API can tell which results a write may have changed.
 * A scan narrowed by the index can only keep documents its plan allows, so it depends on the
 * documents holding the plan's keys (for `a && b`, those of either side: a document must hold
 * both); a `->` join on the document with that id; anything else (a scan left whole, a key that is
 * not a string) on every document: `everyKey`, which every commit names.
 */
export const everyKey = '*'

const keyOf = (field: Field, value: string) => `${field}\u0000${value}`

export const idKey = (id: string) => keyOf('id', id)
export const referenceKey = (id: string) => keyOf('ref', id)

/** The keys of the documents a plan allows, or `everyKey` when it may allow any. */
export function planKeys(
  plan: CandidatePlan,
  params: Record<string, unknown>,
  dynamic: ReadonlyMap<ExprNode, string>,
): string[] {
  return resolve(plan, params, dynamic) ?? [everyKey]
}

/** `undefined`: any document. */
function resolve(
  plan: CandidatePlan,
  params: Record<string, unknown>,
  dynamic: ReadonlyMap<ExprNode, string>,
): string[] | undefined {
  switch (plan.kind) {
    case 'all':
      return undefined
    case 'and':
      // Any one side covers every document the conjunction allows: the narrowest.
      return plan.plans
        .map((part) => resolve(part, params, dynamic))
        .reduce<
          string[] | undefined
        >((best, keys) => (keys && (!best || breadth(keys) < breadth(best)) ? keys : best), undefined)
    case 'or': {
      const parts = plan.plans.map((part) => resolve(part, params, dynamic))
      return parts.some((part) => part === undefined) ? undefined : (parts as string[][]).flat()
    }
    case 'lookup': {
      // `path()` prefixes are not keys a commit names.
      if (plan.match === 'idPath') return undefined
      const values = plan.keys.map((key) =>
        'dynamic' in key ? dynamic.get(key.dynamic) : staticValue(key.static, params),
      )
      const strings = lookupStrings(plan.match, values)
      return strings === 'all' ? undefined : strings.map((value) => keyOf(plan.field, value))
    }
  }
}

/** How many documents keys may stand for, roughly: a type holds many, an id or slug one. */
function breadth(keys: readonly string[]): number {
  const weight = (key: string) =>
    key.startsWith(keyOf('type', '')) ? 1000 : key.startsWith(keyOf('ref', '')) ? 10 : 1
  return keys.reduce((sum, key) => sum + weight(key), 0)
}

/**
 * The keys a document holds, as the index finds them (see document-index.ts): its `_type`, `_id`,
 * `slug.current` and every string `_ref` in it. `id` is the id it is seen under, which a
 * perspective may change (`drafts.x` seen as `x`).
 */
export function documentKeys(doc: SanityDocument, id: string = doc._id): string[] {
  const keys = [idKey(id)]
  if (typeof doc._type === 'string') keys.push(keyOf('type', doc._type))
  const slug = doc.slug
  if (typeof slug === 'object' && slug !== null && !Array.isArray(slug)) {
    const current = (slug as { current?: unknown }).current
    if (typeof current === 'string') keys.push(keyOf('slug', current))
  }
  for (const ref of referencedIds(doc)) keys.push(referenceKey(ref))
  return keys
}
