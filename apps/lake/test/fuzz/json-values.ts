import type { Random } from './random.ts'

/** Keys that trip naive code: prototype names, Sanity system fields, empty and odd strings. */
const awkwardKeys = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '_id',
  '_type',
  '_ref',
  '_key',
  '_rev',
  '_sanityAsset',
  '',
  ' ',
  '$',
  '.',
  'a.b',
  'drafts.x',
]

const numbers = [
  0,
  -0,
  1,
  -1,
  0.5,
  1e308,
  -1e308,
  5e-324,
  Number.MAX_SAFE_INTEGER + 2,
  2 ** 31,
  -(2 ** 31) - 1,
]

/** JSON text of a value; `undefined` (which JSON.stringify returns for it) becomes `null`. */
export function jsonText(value: unknown): string {
  return (JSON.stringify(value) as string | undefined) ?? 'null'
}

export function key(r: Random): string {
  return r.chance(0.3) ? r.pick(awkwardKeys) : r.chance(0.7) ? r.word() : r.text(12)
}

export function scalar(r: Random): unknown {
  return r.weighted<unknown>([
    [1, () => null],
    [1, () => r.chance(0.5)],
    [2, () => r.pick(numbers)],
    [2, () => r.int(-1000, 1000)],
    [4, () => r.text()],
    [1, () => r.pick(['drafts.a', 'versions.r.a', 'a', 'image-abc-1x1-png', '*', '..'])],
  ])
}

/** Any JSON value, nested up to `depth`. */
export function jsonValue(r: Random, depth = 4): unknown {
  if (depth <= 0 || r.chance(0.45)) return scalar(r)
  if (r.chance(0.5)) {
    return Array.from({ length: r.length(10) }, () => jsonValue(r, depth - 1))
  }
  return jsonObject(r, depth - 1)
}

export function jsonObject(r: Random, depth = 3): Record<string, unknown> {
  const object: Record<string, unknown> = {}
  for (let index = r.length(8); index > 0; index--) {
    const name = key(r)
    const value = jsonValue(r, depth)
    // defineProperty, so a generated "__proto__" key is an own key as JSON.parse would make it.
    if (name === '__proto__') {
      Object.defineProperty(object, name, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      })
    } else {
      object[name] = value
    }
  }
  return object
}

/** Values far bigger or deeper than any real client sends. */
export function hugeJson(r: Random): string {
  return r.pick([
    () => `[${'0,'.repeat(r.int(10_000, 200_000))}0]`,
    () => `"${'x'.repeat(r.int(100_000, 2_000_000))}"`,
    () => `${'['.repeat(r.int(1_000, 100_000))}${']'.repeat(r.int(0, 100_000))}`,
    () => `${'{"a":'.repeat(r.int(1_000, 50_000))}1${'}'.repeat(r.int(0, 50_000))}`,
    () => `{${Array.from({ length: r.int(1_000, 20_000) }, (_, i) => `"k${i}":${i}`).join(',')}}`,
  ])()
}

/** Text that is almost, or not at all, JSON. */
export function malformedJson(r: Random): string {
  const valid = jsonText(jsonValue(r))
  return r.pick([
    () => valid.slice(0, r.int(0, Math.max(0, valid.length - 1))),
    () => valid + r.text(4),
    () => r.text(40),
    () => `{${r.word()}: 1}`,
    () => "{'a': 1}",
    () => '[1,]',
    () => 'NaN',
    () => 'undefined',
    () => '{"a":1}{"b":2}',
    () => '\ufeff{"a":1}',
    () => `"${'\\'.repeat(r.int(1, 5))}`,
    () => '',
  ])()
}
