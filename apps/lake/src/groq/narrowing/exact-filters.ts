import type { ExprNode } from 'groq-js'
import type { SanityDocument } from '../../store/store.ts'
import { children } from '../ast-children.ts'
import type { DocumentIndex } from './document-index.ts'
import type { Positions } from './sorted-positions.ts'
import { filterChain } from './top-k.ts'
import type { SubtreeEvaluator } from './top-k.ts'
import { pureGlobalFunctions, pureNamespaces } from './pure-functions.ts'

/**
 * Filters that read nothing but the document they test (`_type == "article" &&
 * defined(slug.current)`) keep the same documents of a view every time: the site asks for them
 * on every page (the home page counts all published articles). Their result is computed once per
 * view, by groq-js on the plan's candidates as any scan would, and kept by the index; later scans
 * read it without evaluating the filter again.
 */

// A filter is evaluated on the document itself, so functions reading `@` (`references`) belong here
// too, as do `select` and Portable Text's `pt::`.
const pureGlobal = new Set([...pureGlobalFunctions, 'references', 'select'])
const documentNamespaces = new Set([...pureNamespaces, 'pt'])

/**
 * Whether a filter expression reads only `@` (and literals): no `$params`, `^`, `*`, `->`,
 * clock, identity or other functions outside the pure ones.
 */
export function readsOnlyTheDocument(node: ExprNode): boolean {
  switch (node.type) {
    case 'Value':
      return isJson(node.value)
    case 'Parameter':
    case 'Parent':
    case 'Everything':
    case 'Deref':
    case 'Context':
    case 'PipeFuncCall':
      return false
    case 'FuncCall': {
      const { namespace, name } = node
      const allowed =
        namespace === 'global' ? pureGlobal.has(name) : documentNamespaces.has(namespace)
      return allowed && node.args.every(readsOnlyTheDocument)
    }
    default:
      return children(node).every(readsOnlyTheDocument)
  }
}

/** Literal data only: a `Value` holding anything else (a compiled `path()`) is not compared. */
function isJson(value: unknown): boolean {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return true
  if (Array.isArray(value)) return value.every(isJson)
  if (typeof value !== 'object') return false
  const prototype = Object.getPrototypeOf(value) as unknown
  return (
    (prototype === Object.prototype || prototype === null) && Object.values(value).every(isJson)
  )
}

/**
 * The documents among `candidates` that the filters keep, in view order: memoized on the index
 * (the filters must read only the document, see `readsOnlyTheDocument`). `undefined` when groq-js
 * cannot tell synchronously, or when `compute` is false and no earlier scan left the answer.
 */
export function exactScan(
  filters: readonly ExprNode[],
  candidates: Positions | 'all',
  index: DocumentIndex,
  evaluate: SubtreeEvaluator,
  compute: boolean,
): ExactScan | undefined {
  // The candidates follow from the filters alone, so the filters are the whole key.
  const key = `filter\u0000${JSON.stringify(filters)}`
  if (!compute) return index.memo<ExactScan>(key, () => undefined)
  return index.memo(key, () => {
    const documents = candidates === 'all' ? index.documents : index.at(candidates)
    const positions: number[] = []
    const kept: SanityDocument[] = []
    // In chunks, each followed by a dereference, which checks the query's time limit as a scan
    // of the dataset would; the filters test each document on its own, so chunks change nothing.
    for (let start = 0; start < documents.length; start += chunk) {
      if (start > 0) evaluate(deadlineCheck)
      const some = evaluate(filterChain(filters, documents.slice(start, start + chunk)))
      if (!Array.isArray(some)) return undefined
      for (const doc of some as SanityDocument[]) {
        const position = index.positionOf(doc)
        if (position === undefined) return undefined
        positions.push(position)
        kept.push(doc)
      }
    }
    return { positions, documents: kept }
  })
}

const chunk = 256
const deadlineCheck: ExprNode = { type: 'Deref', base: { type: 'Value', value: { _ref: '' } } }

export interface ExactScan {
  /** Ascending. */
  positions: Positions
  /** The documents at those positions. */
  documents: readonly SanityDocument[]
}
