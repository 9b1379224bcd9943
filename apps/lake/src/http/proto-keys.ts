/**
 * Whether a parsed JSON value has a `__proto__` key anywhere. JSON.parse makes it a plain own
 * key, but code that copies objects by assignment (zod's parsers among it) turns it into the
 * copy's prototype: `{"__proto__": {"_id": null}}` then reads as `_id: null` after validation
 * said there was none. Iterative, so deeply nested bodies cannot overflow the stack here.
 */
export function hasProtoKey(value: unknown): boolean {
  const pending: unknown[] = [value]
  while (pending.length > 0) {
    const current = pending.pop()
    if (typeof current !== 'object' || current === null) continue
    if (Array.isArray(current)) {
      for (const item of current) pending.push(item)
      continue
    }
    if (Object.hasOwn(current, '__proto__')) return true
    for (const item of Object.values(current)) pending.push(item)
  }
  return false
}
