/**
 * How deeply a stored document may nest objects and arrays. Real content (Portable Text with
 * nested lists, page builders) stays within a few dozen levels; far deeper values would overflow
 * the stack of every recursive walk after the write (serialising, array keys, diffs for listeners).
 */
export const maxDocumentDepth = 100

/** Whether `value` nests deeper than `limit`; stops at the limit, so it cannot overflow itself. */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  if (typeof value !== 'object' || value === null) return false
  if (limit === 0) return true
  const children: unknown[] = Array.isArray(value) ? value : Object.values(value)
  return children.some((child) => nestsDeeperThan(child, limit - 1))
}
