import { randomUUID } from 'node:crypto'
import { Path } from 'groq-js'
import type {
  ExprNode,
  FilterNode,
  MapNode,
  ObjectNode,
  PipeFuncCallNode,
  SliceNode,
} from 'groq-js'
import type { SanityDocument } from '../../store/store.ts'
import { mapChildren, someNode } from '../ast-children.ts'
import { and, dynamicKeys, planFilter, relaxPlan, resolvePlan } from './candidate-plan.ts'
import type { CandidatePlan } from './candidate-plan.ts'
import { compareValues } from './document-index.ts'
import type { DocumentIndex } from './document-index.ts'
import { exactScan, readsOnlyTheDocument } from './exact-filters.ts'
import { everyKey, idKey, planKeys, referenceKey } from './read-keys.ts'
import { overProjectionSource } from './projected-attributes.ts'
import {
  orderKey,
  orderedSliceCandidates,
  recognizeOrderedSlice,
  recognizeTopK,
  topKCandidates,
} from './top-k.ts'
import type { OrderedSliceSpec, SubtreeEvaluator, TopKSpec } from './top-k.ts'
import type { Positions } from './sorted-positions.ts'

/**
 * A query tree rewritten so that its document scans (`*[filter]`) read only the candidates the
 * index gives for the filter. groq-js offers no hook into `*`, but it does into `->`: each
 * narrowed `*` becomes a dereference of a token (`{"_ref": token}->`) that the lake's
 * `dereference` function answers with the candidate documents, in dataset order. Filters that
 * depend on enclosing documents (`*[references(^._id)]`) build their token during evaluation;
 * when such a key is not a string the scan falls back to every document. The same hook answers
 * `references()` on those documents from a cached walk.
 */
export interface NarrowedQuery {
  tree: ExprNode
  /** Whether a `*` is left that groq-js evaluates over the whole dataset. */
  scansEverything: boolean
  /**
   * What a token dereferences to: candidates (`'all'`: every document), a scan's exact result
   * (see exact-filters.ts) or a `references()` answer; `undefined` when `ref` is no token but a
   * document id, or a scan's exact result is unknown (no document has that id: the scan's
   * select then falls back to filtering its candidates).
   */
  answer(ref: string, context: AnswerContext): TokenAnswer
}

/** What answering a token needs from the evaluation it is part of. */
export interface AnswerContext {
  index: DocumentIndex
  params: Record<string, unknown>
  evaluate: SubtreeEvaluator
  /** Told the read keys (see read-keys.ts) of what each answer was taken from. */
  read?: (key: string) => void
}

export type TokenAnswer = SanityDocument[] | 'all' | boolean | undefined

// Document ids cannot contain NUL; the random part keeps queries from forging tokens.
const tokenPrefix = `\u0000candidates:${randomUUID()}:`
const separator = '\u0000'
const everyDocument = `${tokenPrefix}all`
const referencesCheck = `${tokenPrefix}references${separator}`

const cache = new WeakMap<ExprNode, NarrowedQuery>()

/** Narrows a parsed query once; the result is cached with the (cached) tree. */
export function narrowQuery(tree: ExprNode): NarrowedQuery {
  let narrowed = cache.get(tree)
  if (!narrowed) {
    const rewriter = new Rewriter()
    const rewritten = rewriter.rewrite(tree)
    narrowed = {
      tree: rewritten,
      scansEverything: scansEverything(rewritten),
      answer: (ref, context) => rewriter.answer(ref, context),
    }
    cache.set(tree, narrowed)
  }
  return narrowed
}

class Rewriter {
  readonly #plans: CandidatePlan[] = []
  /**
   * Plans whose filters read only the document (see exact-filters.ts), with those filters:
   * `whole` tokens answer the filtered documents themselves (or nothing: the scan falls back),
   * the others their candidates narrowed to the filtered ones.
   */
  readonly #exact = new Map<number, { filters: ExprNode[]; whole: boolean }>()
  /** Plans of sliced, ordered scans that need only their first candidates (see top-k.ts). */
  readonly #slices = new Map<
    number,
    { kind: 'top-k'; spec: TopKSpec } | { kind: 'ordered'; spec: OrderedSliceSpec }
  >()

  /**
   * Plans of `*[p && references(k)]` scans whose `p` reads only the document (the tag page's
   * published articles of a tag): answered by the documents `references(k)` is true for (a list
   * per id kept by the index) that `p`'s memoized result holds (see exact-filters.ts, a bitmap
   * test each), without groq-js evaluating `p && references(k)` on each candidate.
   * With `first`, the scan is that of `| order(a desc, …)[s...e]` and only the documents
   * up to the `e`-th in `a`'s order (whole groups of equal `a`) are answered.
   */
  readonly #referencing = new Map<
    number,
    {
      pure: ExprNode[]
      plan: CandidatePlan
      first?: { path: string[]; descending: boolean; end: number }
    }
  >()

  rewrite(node: ExprNode): ExprNode {
    // `path("drafts.**")` compiles a regex on every call: compile it once.
    if (
      node.type === 'FuncCall' &&
      node.namespace === 'global' &&
      node.name === 'path' &&
      node.args[0]?.type === 'Value' &&
      typeof node.args[0].value === 'string'
    ) {
      return { type: 'Value', value: new Path(node.args[0].value) }
    }
    if (node.type === 'Slice') {
      const lifted = liftProjection(node)
      if (lifted) return this.#rewriteChildren(lifted)
      const topK = recognizeTopK(node)
      if (topK) return this.#slice(node, { kind: 'top-k', spec: topK })
      const ordered = recognizeOrderedSlice(node)
      if (ordered) return this.#slice(node, { kind: 'ordered', spec: ordered })
      const referencing = this.#referencingSlice(node)
      if (referencing) return referencing
    }
    if (node.type === 'Filter') {
      const narrowed = this.#filterChain(node)
      if (narrowed) return narrowed
    }
    return this.#rewriteChildren(node)
  }

  answer(ref: string, { index, params, evaluate, read }: AnswerContext): TokenAnswer {
    if (!ref.startsWith(tokenPrefix)) {
      // A `->` join: the empty id is exactScan's deadline check, which reads nothing.
      if (ref !== '') read?.(idKey(ref))
      return undefined
    }
    if (ref === everyDocument) {
      read?.(everyKey)
      return 'all'
    }
    // The document asked about is one a scan read, already covered by that scan's keys.
    if (ref.startsWith(referencesCheck)) {
      const [id = '', ...rest] = ref.slice(referencesCheck.length).split(separator)
      return index.documentReferences(id, rest.join(separator))
    }
    const [number = '', ...values] = ref.slice(tokenPrefix.length).split(separator)
    const plan = this.#plans[Number(number)]
    if (!plan) return undefined
    const referencing = this.#referencing.get(Number(number))
    if (referencing) {
      // A key holding the separator: not a document, the select falls back to the scan.
      const [id] = values
      if (values.length !== 1 || id === undefined) return undefined
      read?.(referenceKey(id))
      const positions = referencingScan(referencing, id, index, params, evaluate)
      return positions && index.at(positions)
    }
    const keys = dynamicKeys(plan)
    // A key holding the separator would shift the others: scan everything instead.
    if (keys.length !== values.length) {
      read?.(everyKey)
      return 'all'
    }
    const dynamic = new Map(keys.map((key, i) => [key, values[i] as string]))
    if (read) for (const key of planKeys(plan, params, dynamic)) read(key)
    let positions = resolvePlan(plan, index, params, dynamic)
    const exact = this.#exact.get(Number(number))
    if (exact) {
      // A whole scan evaluates its filters on every candidate anyway, so it computes the answer
      // for later ones; a slice evaluates them on a few and only reads an answer left before.
      const scan = exactScan(exact.filters, positions, index, evaluate, exact.whole)
      // Not a document: the select falls back to the scan with its filters.
      if (exact.whole) return scan ? (scan.documents as SanityDocument[]) : undefined
      if (scan) positions = scan.positions
    }
    const slice = this.#slices.get(Number(number))
    const needed =
      slice?.kind === 'top-k'
        ? topKCandidates(slice.spec, positions, index, params, evaluate)
        : slice?.kind === 'ordered'
          ? orderedSliceCandidates(slice.spec, positions, index, evaluate)
          : positions
    return needed === 'all' ? 'all' : index.at(needed)
  }

  /** `*[…] | order(…)[s...e]` over the candidates it needs (see top-k.ts). */
  #slice(
    slice: SliceNode,
    kind: { kind: 'top-k'; spec: TopKSpec } | { kind: 'ordered'; spec: OrderedSliceSpec },
  ): ExprNode {
    const order = slice.base as PipeFuncCallNode
    const { filters } = filtersDown(order.base)
    let plan = and(filters.map((filter) => planFilter(filter.expr)))
    if (kind.kind === 'top-k') {
      // The counted ids' lookup is redone from the posting lists (see top-k.ts): no need to
      // unite those lists here too.
      const key = JSON.stringify(kind.spec.key)
      plan = relaxPlan(
        plan,
        (lookup) =>
          lookup.field === 'ref' &&
          (lookup.match === 'in' || lookup.match === 'equals') &&
          lookup.keys.every((part) => 'static' in part && JSON.stringify(part.static) === key),
      )
    }
    const number = this.#plans.push(plan) - 1
    this.#slices.set(number, kind)
    const exprs = filters.map((filter) => filter.expr)
    if (kind.kind === 'ordered' && exprs.every(readsOnlyTheDocument)) {
      this.#exact.set(number, { filters: exprs, whole: false })
    }
    const token: ExprNode = {
      type: 'Deref',
      base: { type: 'Value', value: { _ref: `${tokenPrefix}${number}` } },
    }
    return {
      ...slice,
      base: {
        ...order,
        base: this.#rebuild(filters, token, true),
        args: order.args.map((arg) => this.rewrite(arg)),
      },
    }
  }

  /** `*[a][b]…` (and `*[a]{…}[b]`, whose `b` reads projected attributes) over the candidates. */
  #filterChain(node: FilterNode): ExprNode | undefined {
    const outer = filtersDown(node)
    if (outer.base.type === 'Everything') {
      const plan = and(outer.filters.map((filter) => planFilter(filter.expr)))
      const scan = this.#rebuild(outer.filters, this.#candidates(plan), true)
      const exprs = outer.filters.map((filter) => filter.expr)
      if (exprs.every(readsOnlyTheDocument)) return this.#exactOr(exprs, plan, scan)
      return this.#referencingOr(exprs, scan) ?? scan
    }
    const projection = projectionMap(outer.base)
    if (!projection) return undefined
    const inner = filtersDown(projection.map.base)
    if (inner.base.type !== 'Everything') return undefined
    const pushed = outer.filters.flatMap((filter) => {
      const expr = overProjectionSource(filter.expr, projection.object)
      return expr ? [planFilter(expr)] : []
    })
    const plan = and([...inner.filters.map((filter) => planFilter(filter.expr)), ...pushed])
    const map: MapNode = {
      ...projection.map,
      base: this.#rebuild(inner.filters, this.#candidates(plan), true),
      expr: this.rewrite(projection.map.expr),
    }
    return this.#rebuild(outer.filters, map)
  }

  /** `overDocuments`: the filters see the view's own documents, as `references()` checks need. */
  #rebuild(filters: readonly FilterNode[], base: ExprNode, overDocuments = false): ExprNode {
    return filters.reduceRight<ExprNode>((acc, filter) => {
      const expr = this.rewrite(filter.expr)
      return { ...filter, base: acc, expr: overDocuments ? fastReferences(expr) : expr }
    }, base)
  }

  /** `*[p && references(k)] | order(a…)[s...e]` (see `#referencing`), else `undefined`. */
  #referencingSlice(slice: SliceNode): ExprNode | undefined {
    const order = slice.base
    if (slice.left < 0 || slice.right < 0 || order.type !== 'PipeFuncCall') return undefined
    const end = slice.isInclusive ? slice.right + 1 : slice.right
    const [firstArg] = order.args
    const key = firstArg && orderKey(firstArg)
    if (order.name !== 'order' || end < 1 || !key) return undefined
    const outer = filtersDown(order.base)
    if (outer.filters.length === 0 || outer.base.type !== 'Everything') return undefined
    const exprs = outer.filters.map((filter) => filter.expr)
    const plan = and(exprs.map(planFilter))
    const scan = this.#rebuild(outer.filters, this.#candidates(plan), true)
    const base = this.#referencingOr(exprs, scan, { ...key, end })
    if (!base) return undefined
    return {
      ...slice,
      base: { ...order, base, args: order.args.map((arg) => this.rewrite(arg)) },
    }
  }

  /** The documents of `*[p && references(k)]` (see `#referencing`) or `scan` when not known. */
  #referencingOr(
    filters: ExprNode[],
    scan: ExprNode,
    first?: { path: string[]; descending: boolean; end: number },
  ): ExprNode | undefined {
    const conjuncts = filters.flatMap(conjunctsOf)
    const others = conjuncts.filter((conjunct) => !readsOnlyTheDocument(conjunct))
    const [call] = others
    if (others.length !== 1 || !call) return undefined
    const plan = planFilter(call)
    if (
      call.type !== 'FuncCall' ||
      call.args.length !== 1 ||
      plan.kind !== 'lookup' ||
      plan.match !== 'references' ||
      plan.keys.length !== 1
    ) {
      return undefined
    }
    const pure = conjuncts.filter(readsOnlyTheDocument)
    const folded =
      pure.length === 0 ? [] : [pure.reduce((left, right) => ({ type: 'And', left, right }))]
    const number = this.#plans.push(and(folded.map(planFilter))) - 1
    this.#referencing.set(number, {
      pure: folded,
      plan: this.#plans[number] as CandidatePlan,
      first,
    })
    // The key is read in a scope nested like the filter's own, so `^` means the same there.
    const token: ExprNode = {
      type: 'Projection',
      base: { type: 'Value', value: {} },
      expr: concat([
        { type: 'Value', value: `${tokenPrefix}${number}${separator}` },
        { type: 'Group', base: call.args[0] as ExprNode },
      ]),
    }
    const documents: ExprNode = {
      type: 'Deref',
      base: {
        type: 'Object',
        attributes: [{ type: 'ObjectAttributeValue', name: '_ref', value: token }],
      },
    }
    const notNull = (node: ExprNode): ExprNode => ({
      type: 'OpCall',
      op: '!=',
      left: node,
      right: { type: 'Value', value: null },
    })
    return {
      type: 'Select',
      alternatives: [
        {
          type: 'SelectAlternative',
          condition: { type: 'And', left: notNull(token), right: notNull(documents) },
          value: documents,
        },
      ],
      fallback: scan,
    }
  }

  /** The documents the filters keep, memoized per view, or `scan` when that cannot be done. */
  #exactOr(filters: ExprNode[], plan: CandidatePlan, scan: ExprNode): ExprNode {
    const number = this.#plans.push(plan) - 1
    this.#exact.set(number, { filters, whole: true })
    const documents: ExprNode = {
      type: 'Deref',
      base: { type: 'Value', value: { _ref: `${tokenPrefix}${number}` } },
    }
    return {
      type: 'Select',
      alternatives: [
        {
          type: 'SelectAlternative',
          condition: {
            type: 'OpCall',
            op: '!=',
            left: documents,
            right: { type: 'Value', value: null },
          },
          value: documents,
        },
      ],
      fallback: scan,
    }
  }

  #candidates(plan: CandidatePlan): ExprNode {
    if (plan.kind === 'all') return { type: 'Everything' }
    const number = this.#plans.push(plan) - 1
    const keys = dynamicKeys(plan)
    const fixed = `${tokenPrefix}${number}`
    if (keys.length === 0) return { type: 'Deref', base: { type: 'Value', value: { _ref: fixed } } }
    // The keys are read in a scope nested like the filter's own, so `^` means the same there.
    const token: ExprNode = {
      type: 'Projection',
      base: { type: 'Value', value: {} },
      expr: concat([
        { type: 'Value', value: fixed },
        ...keys.flatMap((key): ExprNode[] => [
          { type: 'Value', value: separator },
          { type: 'Group', base: key },
        ]),
      ]),
    }
    const fallback: ExprNode = {
      type: 'Deref',
      base: { type: 'Value', value: { _ref: everyDocument } },
    }
    return tokenOr(token, fallback)
  }

  #rewriteChildren(node: ExprNode): ExprNode {
    return mapChildren(node, (child) => this.rewrite(child))
  }
}

/**
 * `references(k)` on a document of the view (the filter's `@`, at its top level) answered by the
 * index: `{"_ref": token + @._id + k}->`. A `k` that is not a string (an array, say) makes the
 * token null and the original call runs.
 */
function fastReferences(node: ExprNode): ExprNode {
  switch (node.type) {
    case 'And':
    case 'Or':
      return { ...node, left: fastReferences(node.left), right: fastReferences(node.right) }
    case 'Not':
    case 'Group':
      return { ...node, base: fastReferences(node.base) }
    case 'FuncCall': {
      const [key] = node.args
      if (node.namespace !== 'global' || node.name !== 'references' || node.args.length !== 1) {
        return node
      }
      const token = concat([
        { type: 'Value', value: referencesCheck },
        { type: 'AccessAttribute', base: { type: 'This' }, name: '_id' },
        { type: 'Value', value: separator },
        { type: 'Group', base: key as ExprNode },
      ])
      return tokenOr(token, node)
    }
    default:
      return node
  }
}

function concat(parts: ExprNode[]): ExprNode {
  return parts.reduce((left, right) => ({ type: 'OpCall', op: '+', left, right }))
}

/** Dereferences `token`, or evaluates `fallback` when it is null (a part was not a string). */
function tokenOr(token: ExprNode, fallback: ExprNode): ExprNode {
  return {
    type: 'Select',
    alternatives: [
      {
        type: 'SelectAlternative',
        condition: { type: 'OpCall', op: '!=', left: token, right: { type: 'Value', value: null } },
        value: {
          type: 'Deref',
          base: {
            type: 'Object',
            attributes: [{ type: 'ObjectAttributeValue', name: '_ref', value: token }],
          },
        },
      },
    ],
    fallback,
  }
}

function filtersDown(node: ExprNode): { filters: FilterNode[]; base: ExprNode } {
  const filters: FilterNode[] = []
  let base = node
  while (base.type === 'Filter') {
    filters.push(base)
    base = base.base
  }
  return { filters, base }
}

/** `<base>{…}`: a map of an object projection over each element. */
function projectionMap(node: ExprNode): { map: MapNode; object: ObjectNode } | undefined {
  if (
    node.type === 'Map' &&
    node.expr.type === 'Projection' &&
    node.expr.base.type === 'This' &&
    node.expr.expr.type === 'Object'
  ) {
    return { map: node, object: node.expr.expr }
  }
  return undefined
}

/**
 * `*[a]{…}[b] | order(k)[0...n]` → `(*[a][b'] | order(k'))[0...n]{…}`: filter, sort and slice the
 * documents, then project only the slice. groq-js would otherwise project every document first
 * (dereferences included) and throw most of them away. The projection maps one document to one
 * object, so slicing before or after it picks the same ones; `b'` and `k'` read the projected
 * attributes' expressions (see projected-attributes.ts), so they keep and sort the same ones.
 */
function liftProjection(slice: SliceNode): ExprNode | undefined {
  let order: { name: string; args: ExprNode[] } | undefined
  let node = slice.base
  if (node.type === 'PipeFuncCall') {
    if (node.name !== 'order') return undefined
    order = { name: node.name, args: node.args }
    node = node.base
  }
  const outer = filtersDown(node)
  const projection = projectionMap(outer.base)
  // Only documents: on anything else a projection is null, which `b'` would not see.
  if (!projection || filtersDown(projection.map.base).base.type !== 'Everything') return undefined
  const source = (expr: ExprNode) => overProjectionSource(expr, projection.object)
  let base: ExprNode = projection.map.base
  for (const filter of outer.filters.toReversed()) {
    const expr = source(filter.expr)
    if (!expr) return undefined
    base = { ...filter, base, expr }
  }
  if (order) {
    const args = order.args.map(source)
    if (!args.every((arg) => arg !== undefined)) return undefined
    base = { type: 'PipeFuncCall', name: order.name, base, args }
  }
  return { ...projection.map, base: { ...slice, base } }
}

function scansEverything(tree: ExprNode): boolean {
  return someNode(
    tree,
    // releases::all() reads the dataset itself.
    (node) =>
      node.type === 'Everything' || (node.type === 'FuncCall' && node.namespace === 'releases'),
  )
}

/** `a && b && (c && d)` → `[a, b, c, d]`: a filter keeps a document when each of them is true. */
function conjunctsOf(node: ExprNode): ExprNode[] {
  if (node.type === 'Group') return conjunctsOf(node.base)
  if (node.type === 'And') return [...conjunctsOf(node.left), ...conjunctsOf(node.right)]
  return [node]
}

/**
 * The positions (ascending) of the documents `*[p && references(id)]` keeps: those that
 * `references(id)` is true for and the memoized `p` keeps. With `first` (an ordered slice), only
 * the first `end` of them in that attribute's order plus the rest of the last one's group of equal
 * values: groq-js's sort of those puts the same documents first as its sort of all of them.
 * `undefined` when `p`'s result is not known (the select then falls back to the scan).
 */
function referencingScan(
  scan: {
    pure: ExprNode[]
    plan: CandidatePlan
    first?: { path: string[]; descending: boolean; end: number }
  },
  id: string,
  index: DocumentIndex,
  params: Record<string, unknown>,
  evaluate: SubtreeEvaluator,
): Positions | undefined {
  let member: Uint8Array | undefined
  if (scan.pure.length > 0) {
    const candidates = resolvePlan(scan.plan, index, params)
    const exact = exactScan(scan.pure, candidates, index, evaluate, true)
    if (!exact) return undefined
    member = index.membership(exact.positions)
  }
  const referencing = index.referencedBy(id)
  const kept: number[] = member ? [] : [...referencing]
  if (member) for (const position of referencing) if (member[position] === 1) kept.push(position)
  const { first } = scan
  if (!first || kept.length <= first.end) return kept
  const inScan = new Uint8Array(index.documents.length)
  for (const position of kept) inScan[position] = 1
  const { positions, values } = index.orderedBy(first.path)
  const taken: number[] = []
  const length = positions.length
  for (let i = 0; i < length; i++) {
    const position = positions[first.descending ? length - 1 - i : i] as number
    if (inScan[position] !== 1) continue
    const last = taken.at(-1)
    if (
      taken.length >= first.end &&
      last !== undefined &&
      compareValues(values[last], values[position]) !== 0
    ) {
      break
    }
    taken.push(position)
  }
  return taken.sort((a, b) => a - b)
}
