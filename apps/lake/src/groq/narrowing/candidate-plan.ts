import type { ExprNode, FilterNode } from 'groq-js'
import type { DocumentIndex } from './document-index.ts'
import { intersect, union } from './sorted-positions.ts'
import type { Positions } from './sorted-positions.ts'

/**
 * Which documents a GROQ filter can possibly keep, read off its syntax tree: `_type`, `_id`
 * (exact, or a `path()` prefix), `slug.current` and references (`references()`, `x._ref == id`,
 * `id in tags[]._ref`, `count(tags[]._ref[@ in $ids]) > 0`), combined with `&&` and `||`.
 * Everything else (`!`, comparisons, functions …) can match any document.
 *
 * A plan only ever describes a SUPERSET of the matching documents: groq-js still evaluates the
 * whole filter on each candidate, so results are those of a full scan.
 */
export type CandidatePlan =
  | { kind: 'all' }
  | { kind: 'lookup'; field: Field; match: Match; keys: Key[] }
  | { kind: 'and' | 'or'; plans: CandidatePlan[] }

export type Field = 'type' | 'id' | 'slug' | 'ref'

/**
 * `equals` takes one string, `in` an array of strings (anything else cannot be looked up and
 * matches all), `references` strings and arrays of them ignoring other values (as
 * `references()` does), `idPath` a `path()` pattern.
 */
export type Match = 'equals' | 'in' | 'references' | 'idPath'

/** A key known before evaluation (literal, `$param`), or read from `^` during evaluation. */
export type Key = { static: ExprNode } | { dynamic: ExprNode }

const all: CandidatePlan = { kind: 'all' }

/** The plan of a filter expression evaluated with `@` = the document being filtered. */
export function planFilter(node: ExprNode): CandidatePlan {
  switch (node.type) {
    case 'And':
      return and([planFilter(node.left), planFilter(node.right)])
    case 'Or':
      return or([planFilter(node.left), planFilter(node.right)])
    case 'Group':
      return planFilter(node.base)
    case 'OpCall':
      return comparison(node.op, node.left, node.right)
    case 'FuncCall':
      if (node.namespace === 'global' && node.name === 'references' && node.args.length > 0) {
        const keys = node.args.map(keyOf)
        if (keys.every((key) => key !== undefined)) {
          return { kind: 'lookup', field: 'ref', match: 'references', keys }
        }
      }
      return all
    default:
      return all
  }
}

/** The dynamic key expressions of a plan, in a stable order. */
export function dynamicKeys(plan: CandidatePlan): ExprNode[] {
  if (plan.kind === 'all') return []
  if (plan.kind === 'lookup')
    return plan.keys.flatMap((key) => ('dynamic' in key ? [key.dynamic] : []))
  return plan.plans.flatMap(dynamicKeys)
}

function comparison(op: string, left: ExprNode, right: ExprNode): CandidatePlan {
  if (op === '==') {
    for (const [subject, value] of [
      [left, right],
      [right, left],
    ] as const) {
      const field = fieldOf(subject)
      const key = field && keyOf(value)
      if (field && key) return { kind: 'lookup', field, match: 'equals', keys: [key] }
    }
  } else if (op === 'in') {
    const field = fieldOf(left)
    if (field) {
      const key = staticKey(right)
      if (key) return { kind: 'lookup', field, match: 'in', keys: [key] }
      if (
        field === 'id' &&
        right.type === 'FuncCall' &&
        right.namespace === 'global' &&
        right.name === 'path' &&
        right.args.length === 1
      ) {
        const pattern = keyOf(right.args[0] as ExprNode)
        if (pattern) return { kind: 'lookup', field: 'id', match: 'idPath', keys: [pattern] }
      }
      return all
    }
    // `$id in tags[]._ref`: an element equal to the key is some object's `_ref`.
    const key = isRefValues(right) ? keyOf(left) : undefined
    if (key) return { kind: 'lookup', field: 'ref', match: 'equals', keys: [key] }
    return all
  }
  const filter = nonEmptyCount(op, left, right)
  return filter ? refElementPlan(filter.expr) : all
}

function keyOf(node: ExprNode): Key | undefined {
  const kind = keyKind(node)
  if (kind === 'static') return { static: node }
  if (kind === 'dynamic') return { dynamic: node }
  return undefined
}

/** The documents a plan allows, or `'all'`; `dynamic` holds the values of its dynamic keys. */
export function resolvePlan(
  plan: CandidatePlan,
  index: DocumentIndex,
  params: Record<string, unknown>,
  dynamic: ReadonlyMap<ExprNode, string> = new Map(),
): Positions | 'all' {
  switch (plan.kind) {
    case 'all':
      return 'all'
    case 'and': {
      const parts = plan.plans
        .map((part) => resolvePlan(part, index, params, dynamic))
        .filter((part): part is Positions => part !== 'all')
        .sort((a, b) => a.length - b.length)
      if (parts.length === 0) return 'all'
      return parts.reduce((acc, part) => intersect(acc, part))
    }
    case 'or': {
      const parts = plan.plans.map((part) => resolvePlan(part, index, params, dynamic))
      if (parts.some((part) => part === 'all')) return 'all'
      return union(parts as Positions[])
    }
    case 'lookup': {
      const values = plan.keys.map((key) =>
        'dynamic' in key ? dynamic.get(key.dynamic) : staticValue(key.static, params),
      )
      const strings = lookupStrings(plan.match, values)
      if (strings === 'all') return 'all'
      return union(strings.map((value) => lookup(index, plan.field, plan.match, value)))
    }
  }
}

export function lookupStrings(match: Match, values: unknown[]): string[] | 'all' {
  const [value] = values
  switch (match) {
    case 'equals':
      return typeof value === 'string' ? [value] : 'all'
    case 'idPath': {
      if (typeof value !== 'string') return 'all'
      // groq-js turns each dot-separated part of a path into a pattern and joins them with
      // regex dots; only a literal first part is matched verbatim, so it is the safe prefix.
      const first = value.split('.')[0] ?? ''
      return first === '*' || first === '**' ? 'all' : [first]
    }
    case 'in':
      return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : 'all'
    case 'references':
      return values.flatMap((item) =>
        typeof item === 'string'
          ? [item]
          : Array.isArray(item)
            ? item.filter((ref): ref is string => typeof ref === 'string')
            : [],
      )
  }
}

function lookup(index: DocumentIndex, field: Field, match: Match, value: string): Positions {
  if (match === 'idPath') return index.withIdPrefix(value)
  switch (field) {
    case 'type':
      return index.ofType(value)
    case 'id':
      return index.withId(value)
    case 'slug':
      return index.withSlug(value)
    case 'ref':
      return index.referencing(value)
  }
}

/** The plan with the lookups `drop` picks allowing every document: a superset of it. */
export function relaxPlan(
  plan: CandidatePlan,
  drop: (lookup: Extract<CandidatePlan, { kind: 'lookup' }>) => boolean,
): CandidatePlan {
  switch (plan.kind) {
    case 'all':
      return plan
    case 'lookup':
      return drop(plan) ? all : plan
    case 'and':
      return and(plan.plans.map((part) => relaxPlan(part, drop)))
    case 'or':
      return or(plan.plans.map((part) => relaxPlan(part, drop)))
  }
}

/** Documents every plan allows. */
export function and(plans: CandidatePlan[]): CandidatePlan {
  const parts = plans.flatMap((plan) =>
    plan.kind === 'and' ? plan.plans : plan.kind === 'all' ? [] : [plan],
  )
  if (parts.length === 0) return all
  return parts.length === 1 ? (parts[0] as CandidatePlan) : { kind: 'and', plans: parts }
}

function or(plans: CandidatePlan[]): CandidatePlan {
  if (plans.some((plan) => plan.kind === 'all')) return all
  return { kind: 'or', plans: plans.flatMap((plan) => (plan.kind === 'or' ? plan.plans : [plan])) }
}

/** `_type`, `_id`, `slug.current` or a `_ref` inside the document being filtered. */
function fieldOf(node: ExprNode): Field | undefined {
  if (node.type !== 'AccessAttribute') return undefined
  if (isElement(node.base)) {
    if (node.name === '_type') return 'type'
    if (node.name === '_id') return 'id'
  }
  if (
    node.name === 'current' &&
    node.base?.type === 'AccessAttribute' &&
    node.base.name === 'slug' &&
    isElement(node.base.base)
  ) {
    return 'slug'
  }
  if (node.name === '_ref' && (isElement(node.base) || isLocal(node.base))) return 'ref'
  return undefined
}

function withoutGroups(node: ExprNode): ExprNode {
  return node.type === 'Group' ? withoutGroups(node.base) : node
}

function isElement(node: ExprNode | undefined): boolean {
  return node === undefined || node.type === 'This'
}

/** A value inside the filtered document: attribute and element access, `[]`, slices, filters. */
function isLocal(node: ExprNode | undefined): boolean {
  if (node === undefined) return true
  switch (node.type) {
    case 'This':
      return true
    case 'AccessAttribute':
      return isLocal(node.base)
    case 'Group':
    case 'ArrayCoerce':
    case 'AccessElement':
    case 'Slice':
    case 'Filter':
      return isLocal(node.base)
    case 'Map':
      return isLocal(node.base) && isLocal(node.expr)
    default:
      return false
  }
}

/** Values that are `_ref`s of objects inside the document, such as `tags[]._ref`. */
export function isRefValues(node: ExprNode): boolean {
  switch (node.type) {
    case 'AccessAttribute':
      return node.name === '_ref' && isLocal(node.base)
    case 'Group':
      return isRefValues(node.base)
    case 'Map':
      return isLocal(node.base) && isRefValues(node.expr)
    default:
      return false
  }
}

/** `count(<refs>[…]) > 0` and its equivalents: the filtered refs are not empty. */
export function nonEmptyCount(op: string, left: ExprNode, right: ExprNode): FilterNode | undefined {
  const filterOf = (grouped: ExprNode) => {
    const node = withoutGroups(grouped)
    return node.type === 'FuncCall' &&
      node.namespace === 'global' &&
      node.name === 'count' &&
      node.args.length === 1 &&
      node.args[0]?.type === 'Filter' &&
      isRefValues(node.args[0].base)
      ? node.args[0]
      : undefined
  }
  const number = (grouped: ExprNode) => {
    const node = withoutGroups(grouped)
    return node.type === 'Value' && typeof node.value === 'number' ? node.value : undefined
  }
  const [count, bound, flipped] =
    filterOf(left) !== undefined
      ? [filterOf(left), number(right), false]
      : [filterOf(right), number(left), true]
  if (!count || bound === undefined) return undefined
  // `0 < count(…)` reads as `count(…) > 0`.
  const mirrored: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' }
  const direction = flipped ? (mirrored[op] ?? op) : op
  if (direction === '>' && bound >= 0) return count
  if (direction === '>=' && bound >= 1) return count
  if (direction === '!=' && bound === 0) return count
  if (direction === '==' && bound >= 1) return count
  return undefined
}

/** Inside `refs[…]`, `@` is one `_ref` value: `@ in $ids` and `@ == "id"` name the documents. */
function refElementPlan(node: ExprNode): CandidatePlan {
  switch (node.type) {
    case 'Group':
      return refElementPlan(node.base)
    case 'And':
      return and([refElementPlan(node.left), refElementPlan(node.right)])
    case 'Or':
      return or([refElementPlan(node.left), refElementPlan(node.right)])
    case 'OpCall': {
      if (node.op === 'in' && node.left.type === 'This') {
        const key = staticKey(node.right)
        return key ? { kind: 'lookup', field: 'ref', match: 'in', keys: [key] } : all
      }
      if (node.op === '==') {
        const other =
          node.left.type === 'This'
            ? node.right
            : node.right.type === 'This'
              ? node.left
              : undefined
        const key = other && staticKey(other)
        return key ? { kind: 'lookup', field: 'ref', match: 'equals', keys: [key] } : all
      }
      return all
    }
    default:
      return all
  }
}

export function staticKey(node: ExprNode): Key | undefined {
  return keyKind(node) === 'static' ? { static: node } : undefined
}

/**
 * `static`: literals and `$params` (and attributes of them); `dynamic`: attributes of enclosing
 * documents (`^._id`, `^.^.author._ref`), read at evaluation time; otherwise not a key.
 */
function keyKind(node: ExprNode): 'static' | 'dynamic' | undefined {
  switch (node.type) {
    case 'Value':
    case 'Parameter':
      return 'static'
    case 'Parent':
      return node.n >= 1 ? 'dynamic' : undefined
    case 'Group':
      return keyKind(node.base)
    case 'AccessAttribute':
      return node.base ? keyKind(node.base) : undefined
    case 'Array': {
      const kinds = node.elements.map((element) =>
        element.isSplat ? undefined : keyKind(element.value),
      )
      return kinds.every((kind) => kind === 'static') ? 'static' : undefined
    }
    default:
      return undefined
  }
}

/** Evaluates a static key as groq-js would (missing params and attributes are null). */
export function staticValue(node: ExprNode, params: Record<string, unknown>): unknown {
  switch (node.type) {
    case 'Value':
      return node.value as unknown
    case 'Parameter':
      return params[node.name] ?? null
    case 'Group':
      return staticValue(node.base, params)
    case 'AccessAttribute': {
      const base = node.base ? staticValue(node.base, params) : null
      if (typeof base !== 'object' || base === null || Array.isArray(base)) return null
      return Object.hasOwn(base, node.name)
        ? ((base as Record<string, unknown>)[node.name] ?? null)
        : null
    }
    case 'Array':
      return node.elements.map((element) => staticValue(element.value, params))
    default:
      return null
  }
}
