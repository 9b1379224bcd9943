import type { ExprNode, FilterNode, SliceNode } from 'groq-js'
import type { SanityDocument } from '../../store/store.ts'
import { someNode } from '../ast-children.ts'
import { isRefValues, nonEmptyCount, staticKey, staticValue } from './candidate-plan.ts'
import { compareValues } from './document-index.ts'
import type { DocumentIndex } from './document-index.ts'
import type { Positions } from './sorted-positions.ts'

/**
 * "Similar posts": `*[… && count(tags[]._ref[@ in $ids]) > 0] | order(count(…) desc, k, …)[s...e]`.
 * Every document sharing one tag is a candidate (half the dataset when one tag is on half the
 * articles), yet only the first `e` in that order matter. The index's posting lists tell, for each
 * candidate, how many of its objects reference each id — an upper bound on the count. Candidates
 * are ranked by that bound, then by `k` when it is a plain attribute (`publishedAt desc`), and a
 * prefix of that ranking is evaluated by groq-js; once the `e`-th result outranks every candidate
 * left (a lower bound, or the same bound and a later `k`), the prefix holds all the query needs.
 * groq-js then evaluates the query on those documents as on everything.
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
  /** The second order key when it is a plain attribute: ties of the count are ranked by it. */
  tieBreak?: { path: string[]; descending: boolean }
}

/** Evaluates a tree with groq-js (`root` as `@`); `undefined` when it cannot here. */
export type SubtreeEvaluator = (tree: ExprNode, root?: unknown) => unknown

/** `*[f]…[g] | order(a, …)[s...e]` taken apart; `undefined` for any other slice. */
interface OrderedScan {
  filters: ExprNode[]
  orderArgs: ExprNode[]
  end: number
}

function orderedScan(slice: SliceNode): OrderedScan | undefined {
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
  const exprs = filters.map((filter) => filter.expr)
  if (base.type !== 'Everything' || order.args.length === 0) return undefined
  if ([...exprs, ...order.args].some(looksOutwards)) return undefined
  return { filters: exprs, orderArgs: order.args, end }
}

export function recognizeTopK(slice: SliceNode): TopKSpec | undefined {
  const scan = orderedScan(slice)
  const [first, second] = scan?.orderArgs ?? []
  if (!scan || first?.type !== 'Desc') return undefined
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
  const guarded = scan.filters
    .flatMap((filter) => conjuncts(filter))
    .some((conjunct) => {
      if (conjunct.type !== 'OpCall') return false
      const filter = nonEmptyCount(conjunct.op, conjunct.left, conjunct.right)
      return filter !== undefined && JSON.stringify(filter) === same
    })
  if (!guarded) return undefined
  const tieBreak = second && orderKey(second)
  return {
    filters: scan.filters,
    orderArgs: scan.orderArgs,
    end: scan.end,
    count,
    match,
    key,
    tieBreak,
  }
}

/**
 * The candidates the query needs (see TopKSpec), in their original order: a subset of
 * `candidates`, or `candidates` itself when no subset is known to do.
 */
export function topKCandidates(
  spec: TopKSpec,
  candidates: Positions | 'all',
  index: DocumentIndex,
  params: Record<string, unknown>,
  evaluate: SubtreeEvaluator,
): Positions | 'all' {
  const value = staticValue(spec.key, params)
  const ids =
    spec.match === 'equals' ? [value] : Array.isArray(value) ? [...new Set<unknown>(value)] : []
  // Non-string ids could equal non-string `_ref`s, which the index does not count.
  if (ids.length === 0 || !ids.every((id): id is string => typeof id === 'string')) {
    return candidates
  }
  // Each document's bound; a document without one has a count of 0 (or null) and fails the guard.
  const bound = new Int32Array(index.documents.length)
  const referencing: number[] = []
  for (const id of ids) {
    const { positions, counts } = index.referencePostings(id)
    for (let i = 0; i < positions.length; i++) {
      const position = positions[i] as number
      const sum = bound[position] as number
      if (sum === 0) referencing.push(position)
      bound[position] = sum + (counts[i] as number)
    }
  }
  let allowed: number[]
  if (candidates === 'all') allowed = Array.from(Float64Array.from(referencing).sort())
  else {
    allowed = []
    for (const position of candidates) if (bound[position] !== 0) allowed.push(position)
  }
  const ranks = spec.tieBreak && index.rankBy(spec.tieBreak.path)
  const sign = spec.tieBreak?.descending === true ? -1 : 1
  const tieRank = (position: number) => (ranks ? sign * (ranks[position] as number) : 0)
  const boundOf = (position: number) => bound[position] as number
  const ranked = rankCandidates(allowed, bound, tieRank)
  // Whether the candidate at `i` and all after it rank after a result with this count and tie rank.
  const outranked = (i: number, count: number, rank: number) => {
    const position = ranked[i] as number
    return boundOf(position) < count || (boundOf(position) === count && tieRank(position) > rank)
  }
  let taken = Math.min(ranked.length, spec.end * 2)
  for (;;) {
    const subset = ranked.slice(0, taken).sort((a, b) => a - b)
    // Everything taken: nothing to rule out.
    if (taken >= ranked.length) return subset
    const documents = index.at(subset)
    const top = evaluate(topTree(spec, documents))
    if (!Array.isArray(top)) return candidates
    if (top.length < spec.end) {
      taken = Math.min(ranked.length, taken * 2)
      continue
    }
    const last = top[spec.end - 1] as unknown
    const count = evaluate(spec.count, last)
    const at = documents.indexOf(last as SanityDocument)
    if (typeof count !== 'number' || at === -1) return candidates
    const rank = tieRank(subset[at] as number)
    if (outranked(taken, count, rank)) {
      // The results alone, in their original order, are what the query needs.
      const positions = top.map((doc) => subset[documents.indexOf(doc as SanityDocument)])
      if (!positions.every((position) => position !== undefined)) return subset
      return positions.sort((a, b) => a - b)
    }
    while (taken < ranked.length && !outranked(taken, count, rank)) taken++
  }
}

/** Positions by descending bound, then ascending tie rank, then position. */
function rankCandidates(
  positions: readonly number[],
  bound: Int32Array,
  tieRank: (position: number) => number,
): number[] {
  let maxBound = 0
  let minRank = 0
  let maxRank = 0
  for (const position of positions) {
    const rank = tieRank(position)
    maxBound = Math.max(maxBound, bound[position] as number)
    if (rank < minRank) minRank = rank
    if (rank > maxRank) maxRank = rank
  }
  const ranks = maxRank - minRank + 1
  const size = bound.length
  // One number per candidate sorts natively, several times faster than with a comparator; it
  // must stay an exact integer.
  if ((maxBound + 1) * ranks * size >= Number.MAX_SAFE_INTEGER) {
    const boundOf = (position: number) => bound[position] as number
    return positions.toSorted((a, b) => boundOf(b) - boundOf(a) || tieRank(a) - tieRank(b) || a - b)
  }
  const keys = new Float64Array(positions.length)
  for (let i = 0; i < positions.length; i++) {
    const position = positions[i] as number
    const level = maxBound - (bound[position] as number)
    keys[i] = (level * ranks + (tieRank(position) - minRank)) * size + position
  }
  keys.sort()
  const out = new Array<number>(keys.length)
  for (let i = 0; i < keys.length; i++) out[i] = (keys[i] as number) % size
  return out
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
function looksOutwards(node: ExprNode): boolean {
  return someNode(node, (each) => each.type === 'Parent' || each.type === 'Everything')
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
  const scan = orderedScan(slice)
  const key = scan?.orderArgs[0] && orderKey(scan.orderArgs[0])
  if (!scan || !key) return undefined
  return { filters: scan.filters, end: scan.end, ...key }
}

/** `a.b desc`, `a.b asc` or `a.b`: the attribute path and direction, else `undefined`. */
export function orderKey(arg: ExprNode): { path: string[]; descending: boolean } | undefined {
  const path = attributePath(arg.type === 'Desc' || arg.type === 'Asc' ? arg.base : arg)
  return path && { path, descending: arg.type === 'Desc' }
}

/** The candidates an ordered slice needs (see OrderedSliceSpec), in their original order. */
export function orderedSliceCandidates(
  spec: OrderedSliceSpec,
  candidates: Positions | 'all',
  index: DocumentIndex,
  evaluate: SubtreeEvaluator,
): Positions | 'all' {
  const { positions, values } = index.orderedBy(spec.path)
  const member = candidates === 'all' ? undefined : index.membership(candidates)
  const length = positions.length
  const taken: number[] = []
  let next = 0
  let target = spec.end
  for (;;) {
    while (next < length) {
      const position = positions[spec.descending ? length - 1 - next : next] as number
      const last = taken.at(-1)
      if (
        taken.length >= target &&
        last !== undefined &&
        compareValues(values[last], values[position]) !== 0
      ) {
        break
      }
      next++
      if (!member || member[position] === 1) taken.push(position)
    }
    // Everything taken: nothing to gain over evaluating the query as it is.
    if (next >= length) return candidates
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

export function filterChain(
  filters: readonly ExprNode[],
  documents: readonly SanityDocument[],
): ExprNode {
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
