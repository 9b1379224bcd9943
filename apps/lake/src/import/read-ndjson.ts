import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import { lakeError } from '../http/errors.ts'
import { maxDocumentDepth, nestsDeeperThan } from '../mutations/document-depth.ts'
import { hasProtoKey } from '../http/proto-keys.ts'
import type { SanityDocument } from '../store/store.ts'

export interface NdjsonDocument {
  line: number
  doc: SanityDocument
}

const maxReportedErrors = 20

/** Reads and validates every line first, so an invalid file imports nothing. */
export async function readNdjson(file: string): Promise<NdjsonDocument[]> {
  const documents: NdjsonDocument[] = []
  const errors: string[] = []
  const firstLine = new Map<string, number>()
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })
  let line = 0
  for await (const text of lines) {
    line++
    if (text.trim() === '') continue
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch (error) {
      errors.push(
        `line ${line}: invalid JSON (${error instanceof Error ? error.message : String(error)})`,
      )
      continue
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      errors.push(`line ${line}: expected a JSON object`)
      continue
    }
    const doc = value as Record<string, unknown>
    if (typeof doc._id !== 'string' || doc._id === '')
      errors.push(`line ${line}: missing or invalid "_id"`)
    else if (typeof doc._type !== 'string' || doc._type === '')
      errors.push(`line ${line}: missing or invalid "_type"`)
    else if (hasProtoKey(doc))
      errors.push(`line ${line}: attribute name "__proto__" is not allowed`)
    else if (nestsDeeperThan(doc, maxDocumentDepth))
      errors.push(`line ${line}: nests objects and arrays deeper than ${maxDocumentDepth} levels`)
    else if (firstLine.has(doc._id))
      errors.push(
        `line ${line}: duplicate _id "${doc._id}" (first on line ${firstLine.get(doc._id) ?? '?'})`,
      )
    else {
      firstLine.set(doc._id, line)
      documents.push({ line, doc: doc as SanityDocument })
    }
  }
  if (errors.length > 0) {
    const shown = errors.slice(0, maxReportedErrors)
    const more = errors.length > shown.length ? `\n…and ${errors.length - shown.length} more` : ''
    throw lakeError(400, 'importError', `Invalid NDJSON in ${file}:\n${shown.join('\n')}${more}`)
  }
  return documents
}
