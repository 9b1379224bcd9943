import type { ExprNode, FilterNode, SliceNode } from 'groq-js'
import type { SanityDocument } from '../../store/store.ts'
import { isRefValues, nonEmptyCount, staticKey, staticValue } from './candidate-plan.ts'
import { compareValues } from './document-index.ts'
import type { DocumentIndex } from './document-index.ts'
import type { Positions } from './sorted-positions.ts'

/**
 * "Similar posts": `*[… && count(tags[]._ref[@ in $ids]) > 0] | order(count(…) desc, …)[s...e]`.
 * Every document sharing one tag is a candidate (half the dataset when one tag is on half the
 * articles), yet only the first `e` in that order matter. The index knows, for each candidate,
 * how many of its objects reference each id — an upper bound on the count — so candidates are
 * taken in descending bound, the top `e` of those taken is evaluated by groq-js, and once the
 * `e`-th has a count above every bound left, no other candidate can rank before it: the taken
 * ones are all the query needs. groq-js then evaluates the query on them as on everything.
 */
export interface TopKSpec {
  /** The filter expressions (none looks outwards with `^` or scans `*`). */
  filters: ExprNode[]
  /** The order arguments, the first being `count(…) desc`. */
  orderArgs: ExprNode[]
  /** Documents needed: the slice's end. */
  end: number
  /** The count, evaluated with the document as `@`. */
  count: ExprNode
  /** `@ in $ids` or `@ == $id`: the ids counted. */
  match: 'in' | 'equals'
  key: ExprNode
}

/** Evaluates a tree with groq-js (`root` as `@`); `undefined` when it cannot here. */
export type SubtreeEvaluator = (tree: ExprNode, root?: unknown) => unknown

export function recognizeTopK(slice: SliceNode): TopKSpec | undefined {
  if (slice.left < 0 || slice.right < 0) return undefined
  const end = slice.isInclusive ? slice.right + 1 : slice.right
  const order = slice.base
  if (end < 1 || order.type !== 'PipeFuncCall' || order.name !== 'order') return undefined
  const filters: FilterNode[] = []
  let base = order.base
  while (base.type === 'Filter') {
    filters.push(base)
    base = base.base
  }
  const [first] = order.args
  if (base.type !== 'Everything' || first?.type !== 'Desc') return undefined
  const count = withoutGroups(first.base)
  const counted = count.type === 'FuncCall' && count.name === 'count' ? count.args[0] : undefined
  if (
    count.type !== 'FuncCall' ||
    count.namespace !== 'global' ||
    count.args.length !== 1 ||
    counted?.type !== 'Filter' ||
    !isRefValues(counted.base)
  ) {
    return undefined
  }
  const element = counted.expr
  let match: TopKSpec['match'] | undefined
  let key: ExprNode | undefined
  if (element.type === 'OpCall' && element.op === 'in' && element.left.type === 'This') {
    match = 'in'
    key = element.right
  } else if (element.type === 'OpCall' && element.op === '==') {
    match = 'equals'
    key =
      element.left.type === 'This'
        ? element.right
        : element.right.type === 'This'
          ? element.left
          : undefined
  }
  if (!match || !key || !staticKey(key)) return undefined
  // Documents whose count is null would sort first (groq-js puts null after numbers, and `desc`
  // reverses that); a `count(…) > 0` filter rules them out, so it is required.
  const same = JSON.stringify(counted)
  const guarded = filters
    .flatMap((filter) => conjuncts(filter.expr))
    .some((conjunct) => {
      if (conjunct.type !== 'OpCall') return false
      const filter = nonEmptyCount(conjunct.op, conjunct.left, conjunct.right)
      return filter !== undefined && JSON.stringify(filter) === same
    })
  const exprs = filters.map((filter) => filter.expr)
  if (!guarded || looksOutwards([...exprs, ...order.args])) return undefined
  return { filters: exprs, orderArgs: order.args, end, count, match, key }
}

/** The candidates the query needs (see TopKSpec), in their original order. */
export function topKCandidates(
  spec: TopKSpec,
  candidates: readonly SanityDocument[],
  index: DocumentIndex,
  params: Record<string, unknown>,
  evaluate: SubtreeEvaluator,
): readonly SanityDocument[] {
  const value = staticValue(spec.key, params)
  const ids =
    spec.match === 'equals' ? [value] : Array.isArray(value) ? [...new Set<unknown>(value)] : []
  // Non-string ids could equal non-string `_ref`s, which the index does not count.
  if (ids.length === 0 || !ids.every((id): id is string => typeof id === 'string')) {
    return candidates
  }
  const ranked = candidates
    .map((doc, position) => ({
      doc,
      position,
      bound: ids.reduce((sum, id) => sum + index.referenceCount(doc, id), 0),
    }))
    .sort((a, b) => b.bound - a.bound || a.position - b.position)
  let taken = 0
  while (taken < ranked.length) {
    const level = ranked[taken]?.bound
    while (taken < ranked.length && ranked[taken]?.bound === level) taken++
    // Everything taken: nothing to gain over evaluating the query as it is.
    if (taken === ranked.length) break
    if (taken < spec.end) continue
    const rest = ranked[taken]?.bound ?? 0
    const subset = ranked
      .slice(0, taken)
      .sort((a, b) => a.position - b.position)
      .map((entry) => entry.doc)
    const top = evaluate(topTree(spec, subset))
    if (!Array.isArray(top)) return candidates
    if (top.length < spec.end) continue
    const count = evaluate(spec.count, top[spec.end - 1])
    if (typeof count === 'number' && count > rest) return subset
  }
  return candidates
}

function topTree(spec: TopKSpec, documents: readonly SanityDocument[]): ExprNode {
  const filtered = filterChain(spec.filters, documents)
  return {
    type: 'Slice',
    base: { type: 'PipeFuncCall', name: 'order', base: filtered, args: spec.orderArgs },
    left: 0,
    right: spec.end,
    isInclusive: false,
  }
}

function withoutGroups(node: ExprNode): ExprNode {
  return node.type === 'Group' ? withoutGroups(node.base) : node
}

function conjuncts(node: ExprNode): ExprNode[] {
  if (node.type === 'Group') return conjuncts(node.base)
  if (node.type === 'And') return [...conjuncts(node.left), ...conjuncts(node.right)]
  return [node]
}

/** Uses `^` or `*`, which an evaluation outside the query's own scopes could not reproduce. */
function looksOutwards(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(looksOutwards)
  if (typeof node !== 'object' || node === null) return false
  const record = node as Record<string, unknown>
  if (record.type === 'Value') return false
  if (record.type === 'Parent' || record.type === 'Everything') return true
  return Object.values(record).some(looksOutwards)
}

/**
 * `*[…] | order(publishedAt desc, …)[s...e]`: the first order key is a plain attribute, so the
 * index's order by that attribute hands out candidates best first, in whole groups of equal
 * values. Once the filter keeps `e` of those taken, every candidate left has a first key ranking
 * strictly after all of them and cannot reach the slice.
 */
export interface OrderedSliceSpec {
  filters: ExprNode[]
  end: number
  path: string[]
  descending: boolean
}

export function recognizeOrderedSlice(slice: SliceNode): OrderedSliceSpec | undefined {
  if (slice.left < 0 || slice.right < 0) return undefined
  const end = slice.isInclusive ? slice.right + 1 : slice.right
  const order = slice.base
  if (end < 1 || order.type !== 'PipeFuncCall' || order.name !== 'order') return undefined
  const filters: FilterNode[] = []
  let base = order.base
  while (base.type === 'Filter') {
    filters.push(base)
    base = base.base
  }
  const [first] = order.args
  if (base.type !== 'Everything' || !first) return undefined
  const descending = first.type === 'Desc'
  const path = attributePath(first.type === 'Desc' || first.type === 'Asc' ? first.base : first)
  const exprs = filters.map((filter) => filter.expr)
  if (!path || looksOutwards([...exprs, ...order.args])) return undefined
  return { filters: exprs, end, path, descending }
}

/** The candidates an ordered slice needs (see OrderedSliceSpec), in their original order. */
export function orderedSliceCandidates(
  spec: OrderedSliceSpec,
  candidates: Positions | 'all',
  index: DocumentIndex,
  evaluate: SubtreeEvaluator,
): Positions | 'all' {
  const { positions, values } = index.orderedBy(spec.path)
  const member = candidates === 'all' ? undefined : new Set(candidates)
  const sequence = spec.descending ? positions.toReversed() : positions
  const taken: number[] = []
  let next = 0
  let target = spec.end
  for (;;) {
    while (next < sequence.length) {
      const position = sequence[next] as number
      const last = taken.at(-1)
      if (
        taken.length >= target &&
        last !== undefined &&
        compareValues(values[last], values[position]) !== 0
      ) {
        break
      }
      next++
      if (!member || member.has(position)) taken.push(position)
    }
    // Everything taken: nothing to gain over evaluating the query as it is.
    if (next >= sequence.length) return candidates
    const subset = taken.toSorted((a, b) => a - b)
    const kept = evaluate({
      type: 'FuncCall',
      namespace: 'global',
      name: 'count',
      args: [filterChain(spec.filters, index.at(subset))],
    })
    if (typeof kept !== 'number') return candidates
    if (kept >= spec.end) return subset
    target *= 4
  }
}

function filterChain(filters: readonly ExprNode[], documents: readonly SanityDocument[]): ExprNode {
  return filters.reduceRight<ExprNode>((base, expr) => ({ type: 'Filter', base, expr }), {
    type: 'Value',
    value: documents,
  })
}

/** `a.b.c` read from `@`: the attribute names, or `undefined` for anything else. */
function attributePath(node: ExprNode): string[] | undefined {
  if (node.type === 'Group') return attributePath(node.base)
  if (node.type !== 'AccessAttribute') return undefined
  if (node.base === undefined || node.base.type === 'This') return [node.name]
  const base = attributePath(node.base)
  return base && [...base, node.name]
}
