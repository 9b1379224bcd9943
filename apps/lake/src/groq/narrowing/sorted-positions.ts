/**
 * Sets of documents as ascending arrays of their positions in a view: intersecting and uniting
 * them keeps the view's order, so narrowed scans meet documents in the same order a full scan does.
 */
export type Positions = readonly number[]

export function intersect(a: Positions, b: Positions): Positions {
  const [small, large] = a.length <= b.length ? [a, b] : [b, a]
  if (small.length === 0) return []
  // A slug or id lookup (one or two positions) against a type's thousands: search, don't merge.
  if (small.length * 16 < large.length) {
    const out: number[] = []
    let from = 0
    for (const position of small) {
      from = lowerBound(large, position, from)
      if (from < large.length && large[from] === position) out.push(position)
    }
    return out
  }
  const out: number[] = []
  let i = 0
  let j = 0
  while (i < small.length && j < large.length) {
    const x = small[i] as number
    const y = large[j] as number
    if (x === y) {
      out.push(x)
      i++
      j++
    } else if (x < y) i++
    else j++
  }
  return out
}

export function union(sets: readonly Positions[]): Positions {
  const nonEmpty = sets.filter((set) => set.length > 0)
  if (nonEmpty.length === 0) return []
  if (nonEmpty.length === 1) return nonEmpty[0] as Positions
  let total = 0
  for (const set of nonEmpty) total += set.length
  // Positions are array indexes: a typed array sorts them natively, without a comparator.
  const all = new Float64Array(total)
  let at = 0
  for (const set of nonEmpty) {
    all.set(set, at)
    at += set.length
  }
  all.sort()
  const out: number[] = []
  for (const position of all) if (out.at(-1) !== position) out.push(position)
  return out
}

/** The first index at or after `from` whose value is >= `value`. */
export function lowerBound(sorted: Positions, value: number, from = 0): number {
  let low = from
  let high = sorted.length
  while (low < high) {
    const mid = (low + high) >>> 1
    if ((sorted[mid] as number) < value) low = mid + 1
    else high = mid
  }
  return low
}
