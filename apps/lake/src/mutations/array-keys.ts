import { randomBytes } from 'node:crypto'
import type { SanityDocument } from '../store/store.ts'

function addKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map((item: unknown) => {
      const next = addKeys(item)
      if (typeof next === 'object' && next !== null && !Array.isArray(next) && !('_key' in next)) {
        return { _key: randomBytes(6).toString('hex'), ...next }
      }
      return next
    })
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, addKeys(item)]))
  }
  return value
}

/** `autoGenerateArrayKeys`: the Studio needs a `_key` on every object inside an array. */
export function withArrayKeys(doc: SanityDocument): SanityDocument {
  return addKeys(doc) as SanityDocument
}
