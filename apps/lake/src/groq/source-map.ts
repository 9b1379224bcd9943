import type { SanityDocument } from '../store/store.ts'
import type { DocumentView } from './perspective.ts'

/** Sanity's Content Source Map: which document and path each value of a query result came from. */
export interface ContentSourceMap {
  documents: { _id: string; _type: string }[]
  paths: string[]
  mappings: Record<
    string,
    { type: 'value'; source: { type: 'documentValue'; document: number; path: number } }
  >
}

type Segment = string | number

/** `$['body'][?(@._key=='a1')]['text']`: Sanity's JSONPath, keyed array members by `_key`. */
function documentPath(segments: readonly (string | { key: string } | number)[]): string {
  return `$${segments
    .map((segment) =>
      typeof segment === 'number'
        ? `[${segment}]`
        : typeof segment === 'string'
          ? `['${segment.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`
          : `[?(@._key=='${segment.key.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}')]`,
    )
    .join('')}`
}

interface Occurrence {
  path: string
  /** The field the string sits in, e.g. `title` or `text`. */
  field: string | undefined
  /** `_key`s of the array members on the way, to tell apart equal strings in different blocks. */
  keys: string[]
}

/** Every string field of a document (not system fields), by value. */
function stringIndex(document: SanityDocument): Map<string, Occurrence[]> {
  const index = new Map<string, Occurrence[]>()
  const visit = (
    value: unknown,
    segments: (string | { key: string } | number)[],
    keys: string[],
  ) => {
    if (typeof value === 'string') {
      const last = segments.at(-1)
      const occurrence = {
        path: documentPath(segments),
        field: typeof last === 'string' ? last : undefined,
        keys,
      }
      index.set(value, [...(index.get(value) ?? []), occurrence])
      return
    }
    if (Array.isArray(value)) {
      value.forEach((member: unknown, position) => {
        const key =
          member &&
          typeof member === 'object' &&
          typeof (member as { _key?: unknown })._key === 'string'
            ? (member as { _key: string })._key
            : undefined
        visit(member, [...segments, key ? { key } : position], key ? [...keys, key] : keys)
      })
      return
    }
    if (value && typeof value === 'object') {
      for (const [field, member] of Object.entries(value)) {
        if (!field.startsWith('_')) visit(member, [...segments, field], keys)
      }
    }
  }
  visit(document, [], [])
  return index
}

/** Sanity's JSONPath of a result value: `$['tags'][0]['title']`. */
const resultPath = (segments: readonly Segment[]) => documentPath(segments)

const references = (document: SanityDocument): string[] => {
  const found: string[] = []
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit)
    else if (value && typeof value === 'object') {
      const ref = (value as { _ref?: unknown })._ref
      if (typeof ref === 'string') found.push(ref)
      Object.values(value).forEach(visit)
    }
  }
  visit(document)
  return found
}

/**
 * groq-js keeps no record of where values come from, so the map is rebuilt from the result: a
 * string is traced to the nearest enclosing result object that carries a document `_id` (or, for
 * joins that dropped the `_id`, to the documents that one references), picking among equal strings
 * the one in the same field and the same keyed array members. Strings that are not a stored value
 * (computed with functions or concatenation) are left unmapped, as Sanity leaves them.
 */
export function contentSourceMap(result: unknown, view: DocumentView): ContentSourceMap {
  const documents: ContentSourceMap['documents'] = []
  const documentIndex = new Map<string, number>()
  const paths: string[] = []
  const pathIndex = new Map<string, number>()
  const mappings: ContentSourceMap['mappings'] = {}
  const indexes = new Map<string, Map<string, Occurrence[]>>()

  const indexOf = (document: SanityDocument) => {
    let index = indexes.get(document._id)
    if (!index) {
      index = stringIndex(document)
      indexes.set(document._id, index)
    }
    return index
  }
  const addMapping = (at: readonly Segment[], document: SanityDocument, path: string) => {
    const id = typeof document._originalId === 'string' ? document._originalId : document._id
    let documentNumber = documentIndex.get(id)
    if (documentNumber === undefined) {
      documentNumber = documents.push({ _id: id, _type: document._type }) - 1
      documentIndex.set(id, documentNumber)
    }
    let pathNumber = pathIndex.get(path)
    if (pathNumber === undefined) {
      pathNumber = paths.push(path) - 1
      pathIndex.set(path, pathNumber)
    }
    mappings[resultPath(at)] = {
      type: 'value',
      source: { type: 'documentValue', document: documentNumber, path: pathNumber },
    }
  }
  // Equal strings elsewhere in a document: the same field name and the same keyed members win.
  const score = (occurrence: Occurrence, field: string | undefined, keys: readonly string[]) =>
    (occurrence.field === field ? 2 : 0) +
    occurrence.keys.filter((key) => keys.includes(key)).length

  const trace = (
    value: string,
    at: readonly Segment[],
    anchor: SanityDocument | undefined,
    keys: readonly string[],
  ) => {
    if (!anchor) return
    const last = at.findLast((segment) => typeof segment === 'string')
    const field = typeof last === 'string' ? last : undefined
    const candidates = [anchor, ...references(anchor).flatMap((id) => view.byId.get(id) ?? [])]
    for (const document of candidates) {
      const occurrences = indexOf(document).get(value)
      if (!occurrences) continue
      const [chosen] = [...occurrences].sort(
        (a, b) => score(b, field, keys) - score(a, field, keys),
      )
      if (chosen) addMapping(at, document, chosen.path)
      return
    }
  }

  const walk = (
    value: unknown,
    at: Segment[],
    anchor: SanityDocument | undefined,
    keys: string[],
  ) => {
    if (typeof value === 'string') {
      const last = at.at(-1)
      if (typeof last === 'string' && last.startsWith('_')) return
      trace(value, at, anchor, keys)
      return
    }
    if (Array.isArray(value)) {
      value.forEach((member: unknown, position) => {
        walk(member, [...at, position], anchor, keys)
      })
      return
    }
    if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>
      const own = typeof record._id === 'string' ? view.byId.get(record._id) : undefined
      const key = typeof record._key === 'string' ? [...keys, record._key] : keys
      for (const [field, member] of Object.entries(record)) {
        walk(member, [...at, field], own ?? anchor, key)
      }
    }
  }

  walk(result, [], undefined, [])
  return { documents, paths, mappings }
}
