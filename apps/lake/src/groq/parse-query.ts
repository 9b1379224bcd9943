import { GroqSyntaxError, parse } from 'groq-js'
import type { ExprNode } from 'groq-js'
import { lakeError } from '../errors.ts'

export interface ParsedQuery {
  tree: ExprNode
  /** `$names` the query references, checked against the request's params before evaluating. */
  params: ReadonlySet<string>
}

const maxCached = 500
// Insertion-ordered Map used as an LRU: hits are re-inserted, the oldest entry is evicted.
const cache = new Map<string, ParsedQuery>()

/** Parses without params (they are bound at evaluation), so the tree can be cached by query text. */
export function parseQuery(query: string): ParsedQuery {
  const hit = cache.get(query)
  if (hit) {
    cache.delete(query)
    cache.set(query, hit)
    return hit
  }
  let tree: ExprNode
  try {
    tree = parse(query)
  } catch (error) {
    throw toParseError(error, query)
  }
  const parsed = { tree, params: collectParams(tree) }
  cache.set(query, parsed)
  if (cache.size > maxCached) {
    const oldest = cache.keys().next()
    if (!oldest.done) cache.delete(oldest.value)
  }
  return parsed
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

function collectParams(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    for (const child of node) collectParams(child, found)
  } else if (typeof node === 'object' && node !== null) {
    const record = node as Record<string, unknown>
    if (record.type === 'Parameter' && typeof record.name === 'string') found.add(record.name)
    for (const value of Object.values(record)) collectParams(value, found)
  }
  return found
}
