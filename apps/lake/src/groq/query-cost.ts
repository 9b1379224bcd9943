import type { ExprNode } from 'groq-js'
import { children } from './ast-children.ts'

/**
 * Whether a query can run without node:vm's watchdog (query-deadline.ts), which costs a thread per
 * query: 0.25–1 ms on a busy 2-core machine, more than a small query takes. A query may skip it
 * when its work cannot grow faster than its inputs between two clock checks (the dataset and param
 * arrays check the clock while groq-js iterates them, `->` on every call):
 *
 * - a loop over anything but the dataset (a literal, a param, a scan's result) runs its body in the
 *   "own" mode: per element, it may only walk that element's own content (`tags[]->name`, `...`),
 *   compare scalars, scan the dataset again or follow references, never loop over or copy anything
 *   else (`$a[@ in $b]`, `[1,…,9000][@ in [1,…,9000]]`, `$a[]{"x": $a + $a}`);
 * - `match` (a glob turned into a regular expression), `array::intersects` (quadratic), functions
 *   not listed below and node types not handled here always take the watchdog;
 * - so do queries over 300 nodes: a body evaluated once per element costs its size each time.
 *
 * Conservative by construction: anything unrecognised takes the watchdog, which is always correct,
 * only slower. The result is cached per (cached) tree.
 */
export function needsHardDeadline(tree: ExprNode): boolean {
  let answer = cache.get(tree)
  if (answer === undefined) {
    const budget = { nodes: maxLightNodes }
    answer = !light(tree, 'linear', budget)
    cache.set(tree, answer)
  }
  return answer
}

const maxLightNodes = 300
const maxSmallLiteral = 64
const cache = new WeakMap<ExprNode, boolean>()

/**
 * `linear`: evaluated a bounded number of times between two clock checks (the top of the query, or
 * the body of a dataset scan): one pass over anything is fine there. `own`: evaluated once per
 * element of an unchecked loop.
 */
type Mode = 'linear' | 'own'

/** Operators on scalars (`-` and the rest give null for arrays and objects). */
const comparisons = new Set(['==', '!=', '<', '<=', '>', '>=', '-', '*', '/', '%', '**'])

/** Functions whose work is one pass over their arguments (or less). */
const linearFunctions = new Set([
  'global::coalesce',
  'global::count',
  'global::dateTime',
  'global::defined',
  'global::length',
  'global::lower',
  'global::now',
  'global::path',
  'global::references',
  'global::round',
  'global::string',
  'global::upper',
  'global::boost',
  'array::compact',
  'array::join',
  'array::unique',
  'math::avg',
  'math::max',
  'math::min',
  'math::sum',
  'pt::text',
  'sanity::dataset',
  'sanity::projectId',
  'sanity::versionOf',
  'sanity::partOf',
  'string::startsWith',
  'string::split',
])

function light(node: ExprNode, mode: Mode, budget: { nodes: number }): boolean {
  if (--budget.nodes < 0) return false
  switch (node.type) {
    case 'Slice':
      return light(node.base, mode, budget) && passOk(node.base, mode)
    case 'OpCall': {
      const { left, right } = node
      if (!light(left, mode, budget) || !light(right, mode, budget)) return false
      if (comparisons.has(node.op)) return true
      // `in` loops over its right side; `+` concatenates arrays and merges objects.
      if (node.op === 'in') return passOk(right, mode) || isPathCall(right)
      if (node.op === '+') return passOk(left, mode) && passOk(right, mode)
      return false
    }
    case 'Filter':
    case 'Map':
    case 'FlatMap':
      return (
        light(node.base, mode, budget) &&
        passOk(node.base, mode) &&
        light(node.expr, isScan(node.base) ? 'linear' : 'own', budget)
      )
    case 'Projection':
      // One object, projected once; in own mode only an own object (a `->` checks the clock).
      return (
        light(node.base, mode, budget) &&
        (mode === 'linear' || own(node.base)) &&
        light(node.expr, mode, budget)
      )
    case 'PipeFuncCall':
      if (node.name !== 'order' && node.name !== 'score') return false
      return (
        light(node.base, mode, budget) &&
        passOk(node.base, mode) &&
        node.args.every((arg) => light(arg, 'own', budget))
      )
    case 'FuncCall':
      if (!linearFunctions.has(`${node.namespace}::${node.name}`)) return false
      return node.args.every((arg) => light(arg, mode, budget) && passOk(arg, mode))
    case 'Object':
      return node.attributes.every((attribute) => {
        if (!light(attribute.value, mode, budget)) return false
        if (attribute.type === 'ObjectAttributeValue') return true
        if (attribute.type === 'ObjectSplat') return passOk(attribute.value, mode)
        return light(attribute.condition, mode, budget) && passOk(attribute.value, mode)
      })
    case 'Array':
      if (mode === 'own' && node.elements.length > maxSmallLiteral) return false
      return node.elements.every(
        (element) =>
          light(element.value, mode, budget) && (!element.isSplat || passOk(element.value, mode)),
      )
    case 'Tuple':
    case 'SelectorNested':
    case 'SelectorFuncCall':
      return false
    default:
      // Leaves, and nodes whose work is their children's: `a.b`, `!a`, `a && b`, `select()` …
      return children(node).every((child) => light(child, mode, budget))
  }
}

/** Whether one pass over the value of `node` is fine in this mode. */
function passOk(node: ExprNode, mode: Mode): boolean {
  return mode === 'linear' || own(node) || small(node) || fromScan(node)
}

/** The current element's own content (or a referenced document's: `->` checks the clock). */
function own(node: ExprNode): boolean {
  switch (node.type) {
    // Objects built here are as big as their attributes, whose own splats `light()` checks.
    case 'This':
    case 'Object':
    case 'Projection':
      return true
    case 'Value':
      return !isBig(node.value)
    case 'AccessAttribute':
      return node.base === undefined || own(node.base)
    case 'AccessElement':
    case 'ArrayCoerce':
    case 'Deref':
    case 'Group':
    case 'Slice':
    case 'Filter':
    case 'Map':
    case 'FlatMap':
    case 'Asc':
    case 'Desc':
      return own(node.base)
    // Scalars: booleans and numbers.
    case 'And':
    case 'Or':
    case 'Not':
    case 'Neg':
    case 'Pos':
      return true
    case 'OpCall':
      if (comparisons.has(node.op)) return true
      return node.op === '+' && own(node.left) && own(node.right)
    case 'FuncCall':
      return (
        linearFunctions.has(`${node.namespace}::${node.name}`) &&
        node.args.every((arg) => own(arg) || small(arg) || fromScan(arg))
      )
    default:
      return false
  }
}

/** A literal array short enough to loop over once per element. */
function small(node: ExprNode): boolean {
  if (node.type === 'Array') {
    const { elements } = node
    return elements.length <= maxSmallLiteral && elements.every((element) => !element.isSplat)
  }
  return node.type === 'Value' && Array.isArray(node.value) && node.value.length <= maxSmallLiteral
}

/** A result of a dataset scan: no longer than the scan, which checked the clock as it went. */
function fromScan(node: ExprNode): boolean {
  if (node.type === 'Everything') return true
  switch (node.type) {
    case 'Filter':
    case 'Map':
    case 'Slice':
    case 'PipeFuncCall':
    case 'AccessElement':
    case 'ArrayCoerce':
    case 'Group':
      return fromScan(node.base)
    default:
      return false
  }
}

/** The dataset itself, which checks the clock while it is iterated. */
function isScan(node: ExprNode): boolean {
  if (node.type === 'ArrayCoerce' || node.type === 'Group') return isScan(node.base)
  return node.type === 'Everything'
}

function isPathCall(node: ExprNode): boolean {
  return node.type === 'FuncCall' && node.name === 'path'
}

function isBig(value: unknown): boolean {
  return typeof value === 'object' && value !== null
}
