import { GroqSyntaxError, parse } from 'groq-js'
import type { ExprNode } from 'groq-js'
import { lakeError } from '../http/errors.ts'
import { children } from './ast-children.ts'
import { checkQuerySize } from './query-size.ts'

export interface ParsedQuery {
  tree: ExprNode
  /** `$names` the query references, checked against the request's params before evaluating. */
  params: ReadonlySet<string>
}

const maxCached = 500
// Insertion-ordered Map used as an LRU: hits are re-inserted, the oldest entry is evicted.
const cache = new Map<string, ParsedQuery>()

/**
 * Parses without params where possible (they are bound at evaluation), so the tree can be cached by
 * query text. groq-js needs slice bounds such as `[0...$limit]` at parse time: such queries are
 * parsed again with their numeric params only (a bound is a number) and cached per their values;
 * every other param stays a parameter bound at evaluation, so `$id`, `$tagIds` … of each request
 * share one tree.
 */
export function parseQuery(query: string, params: Record<string, unknown> = {}): ParsedQuery {
  const bounds = numericParams(params)
  const hit = cached(query) ?? cached(withParamsKey(query, bounds))
  // Only a query that passed the size check is cached: a hit needs no new count of its tokens.
  if (hit) return hit
  checkQuerySize(query)
  let tree: ExprNode
  let key = query
  try {
    tree = parse(query)
  } catch (error) {
    if (!(error instanceof Error) || !/constant numbers/.test(error.message)) {
      throw toParseError(error, query)
    }
    key = withParamsKey(query, bounds)
    try {
      // groq-js folds the params it is given into the tree; numbers only, so no request's objects
      // (arrays bound to its time limit, see deadline-params.ts) end up in a shared tree.
      tree = parse(query, { params: bounds })
    } catch (errorWithParams) {
      throw toParseError(errorWithParams, query)
    }
  }
  const parsed = { tree, params: collectParams(tree) }
  cache.set(key, parsed)
  if (cache.size > maxCached) {
    const oldest = cache.keys().next()
    if (!oldest.done) cache.delete(oldest.value)
  }
  return parsed
}

function cached(key: string): ParsedQuery | undefined {
  const hit = cache.get(key)
  if (hit) {
    cache.delete(key)
    cache.set(key, hit)
  }
  return hit
}

function numericParams(params: Record<string, unknown>): Record<string, number> {
  const numbers: Record<string, number> = {}
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === 'number') numbers[name] = value
  }
  return numbers
}

function withParamsKey(query: string, params: Record<string, number>): string {
  return `${query}\u0000${JSON.stringify(params)}`
}

function toParseError(error: unknown, query: string) {
  if (error instanceof GroqSyntaxError) {
    const description = error.message.replace(/^Syntax error in GROQ query at position \d+: ?/, '')
    return lakeError(400, 'queryParseError', description || 'syntax error', {
      start: error.position,
      end: Math.min(error.position + 1, query.length),
      query,
    })
  }
  // groq-js reports semantic errors (unknown functions, bad arity …) as plain errors.
  const description = error instanceof Error ? error.message : String(error)
  return lakeError(400, 'queryParseError', description, { start: 0, end: query.length, query })
}

function collectParams(node: ExprNode, found = new Set<string>()): Set<string> {
  if (node.type === 'Parameter') found.add(node.name)
  for (const child of children(node)) collectParams(child, found)
  return found
}
