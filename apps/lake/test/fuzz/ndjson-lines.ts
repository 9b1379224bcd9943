import { documentId } from './mutation-bodies.ts'
import { hugeJson, jsonObject, jsonText, jsonValue, malformedJson } from './json-values.ts'
import type { Random } from './random.ts'

/** Asset markers as exports write them, pointing at good, corrupt, missing and odd files. */
function assetMarker(r: Random): string {
  const kind = r.pick(['image', 'file', 'video', ''])
  const location = r.pick([
    './images/ok.png',
    './images/corrupt.png',
    './images/missing.png',
    './files/notes.txt',
    './images',
    './images/%E0%A4%A',
    './images/ok%2Epng',
    '%',
    '',
    '/dev/null',
    `./${r.text(12)}`,
  ])
  return r.pick([
    `${kind}@file://${location}`,
    `${kind}@https://cdn.example/${location}`,
    r.text(20),
  ])
}

function documentWithAssets(r: Random): Record<string, unknown> {
  return {
    _id: documentId(r),
    _type: 'doc',
    cover: { _type: 'image', _sanityAsset: r.chance(0.9) ? assetMarker(r) : jsonValue(r, 1) },
    gallery: Array.from({ length: r.int(0, 3) }, (_, k) => ({
      _key: `k${k}`,
      _sanityAsset: assetMarker(r),
    })),
  }
}

function deepLine(depth: number): string {
  return `{"_id":"deep","_type":"doc","v":${'['.repeat(depth)}${']'.repeat(depth)}}`
}

/** One line of an NDJSON export: documents, asset markers, and every way a line can be wrong. */
export function ndjsonLine(r: Random): string {
  return r.weighted([
    [30, () => jsonText({ _id: documentId(r), _type: 'doc', ...jsonObject(r, 2) })],
    [10, () => jsonText(documentWithAssets(r))],
    [10, () => jsonText(jsonValue(r))],
    [10, () => malformedJson(r)],
    [5, () => jsonText({ _id: jsonValue(r, 1), _type: jsonValue(r, 1) })],
    [3, () => r.pick(['', ' ', '\r', '\ufeff{"_id":"a","_type":"t"}', '\u2028', '{}'])],
    [1, () => deepLine(r.int(1_000, 20_000))],
    [1, () => `{"_id":"huge","_type":"doc","v":${hugeJson(r)}}`],
  ])
}

export interface ImportInput {
  lines: string[]
  /** Joined with `\n`, or `\r\n` as Windows tools write it. */
  separator: '\n' | '\r\n'
  mode: 'create' | 'replace' | 'missing'
}

/** A small NDJSON file: most bugs need one bad line, some need a line next to a good one. */
export function fuzzImport(r: Random): ImportInput {
  return {
    lines: Array.from({ length: r.int(2, 5) }, () => ndjsonLine(r)),
    separator: r.chance(0.8) ? '\n' : '\r\n',
    mode: r.pick(['create', 'replace', 'missing'] as const),
  }
}
