import { isDeepStrictEqual } from 'node:util'
import type { SanityDocument } from '../store/store.ts'

/**
 * Encoder for Mendoza patches (github.com/sanity-io/mendoza), the `effects` format the Studio
 * applies to listener events and history transactions with the `mendoza` package. Objects are
 * diffed field by field, so the Studio's history attributes unchanged fields to earlier edits;
 * anything else is replaced whole. `[0, null]` is how a deleted side reads.
 */
export type MendozaPatch = unknown[]

export interface Effects {
  apply: MendozaPatch
  revert: MendozaPatch
}

// Opcodes, by their index in the decoder's table.
const Value = 0
const PushFieldCopy = 10
const ReturnIntoObjectSameKeyPop = 15
const ObjectSetFieldValue = 17
const ObjectDeleteField = 19

type Json = Record<string, unknown>

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A patch that turns `from` into `to`. */
export function diff(from: unknown, to: unknown): MendozaPatch {
  if (isObject(from) && isObject(to)) return diffObject(from, to)
  return isDeepStrictEqual(from, to) ? [] : [Value, to ?? null]
}

function diffObject(from: Json, to: Json): MendozaPatch {
  // The decoder addresses input fields by their index among the sorted keys.
  const keys = Object.keys(from).sort()
  const patch: MendozaPatch = []
  for (const [key, value] of Object.entries(to)) {
    if (value === undefined) continue
    const old = from[key]
    if (old === undefined) {
      patch.push(ObjectSetFieldValue, value, key)
    } else if (!isDeepStrictEqual(old, value)) {
      if (isObject(old) && isObject(value)) {
        patch.push(PushFieldCopy, keys.indexOf(key), ...diffObject(old, value))
        patch.push(ReturnIntoObjectSameKeyPop)
      } else {
        patch.push(ObjectSetFieldValue, value, key)
      }
    }
  }
  for (const [index, key] of keys.entries()) {
    if (from[key] !== undefined && to[key] === undefined) patch.push(ObjectDeleteField, index)
  }
  return patch
}

function withoutRev(doc: SanityDocument | null): Json | null {
  if (!doc) return null
  const rest: Json = { ...doc }
  delete rest._rev
  return rest
}

/**
 * Effects of one document change. `_rev` is left out on both sides: the Studio strips it before
 * applying and sets the event's `resultRev` afterwards.
 */
export function effectsOf(before: SanityDocument | null, after: SanityDocument | null): Effects {
  const from = withoutRev(before)
  const to = withoutRev(after)
  return { apply: diff(from, to), revert: diff(to, from) }
}
