/**
 * What publishing does to references the Studio wrote as placeholders: a reference with both
 * `_weak` and `_strengthenOnPublish` set loses `_strengthenOnPublish` and becomes strong, unless
 * `_strengthenOnPublish.weak` says its schema field is weak. A reference with only one of the two
 * flags is left as it is. Returns the same object when nothing changed.
 */
export function strengthenOnPublish<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) {
    const next: unknown[] = value.map((item: unknown) => strengthenOnPublish(item))
    return (next.some((item, i) => item !== value[i]) ? next : value) as T
  }
  const node = value as Record<string, unknown>
  if (typeof node._ref === 'string') {
    const marker = node._strengthenOnPublish
    if (!node._weak || !marker) return value
    const next = { ...node }
    delete next._strengthenOnPublish
    if ((marker as { weak?: unknown }).weak !== true) delete next._weak
    return next as T
  }
  const entries = Object.entries(node)
  const next = entries.map(([key, child]) => [key, strengthenOnPublish(child)] as const)
  return (
    next.some(([, child], i) => child !== entries[i]?.[1]) ? Object.fromEntries(next) : value
  ) as T
}
