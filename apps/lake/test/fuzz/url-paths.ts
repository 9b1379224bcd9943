import type { Random } from './random.ts'

/** Path segments the lake routes on, so random paths reach real handlers, not only the 404. */
const words = [
  'v1',
  'vX',
  'v2025-02-19',
  'data',
  'query',
  'doc',
  'mutate',
  'actions',
  'listen',
  'live',
  'events',
  'history',
  'transactions',
  'documents',
  'export',
  'assets',
  'images',
  'files',
  'users',
  'me',
  'keyvalue',
  'projects',
  'local',
  'datasets',
  'acl',
  'grants',
  'auth',
  'login',
  'fetch',
  'logout',
  'id',
  'providers',
  'intake',
  'journey',
  'modules',
  'check',
  'cors',
  'ping',
  'socket',
  'health',
  'production',
  'drafts.doc-1',
  'doc-1',
]

/** encodeURIComponent throws on lone surrogates, which the text generator makes on purpose. */
function encode(text: string): string {
  return encodeURIComponent(text.replace(/[\ud800-\udfff]/g, '\ufffd'))
}

function segment(r: Random): string {
  return r.weighted([
    [12, () => r.pick(words)],
    [2, () => encode(r.text(12))],
    [
      1,
      () =>
        r.pick([
          '..',
          '.',
          '%2e%2e',
          '%2E%2e%2f',
          '%2F',
          '%00',
          '%',
          '%ZZ',
          '%C0%AF',
          '%252e%252e',
        ]),
    ],
    [1, () => r.pick(['\\', '..\\..', ';', '~', '@', ':', "'", '*', '$', '&', '='])],
    [1, () => 'a'.repeat(r.length(20_000))],
    [1, () => `image-${'f'.repeat(40)}-1x1-png`],
    [1, () => `${'a'.repeat(40)}-${r.int(0, 99_999)}x${r.int(0, 99_999)}.png`],
  ])
}

function searchPart(r: Random): string {
  const pairs = Array.from({ length: r.int(0, 3) }, () =>
    r.pick([
      () => `query=${encode(r.pick(['*', '*[0]', 'count(*)', r.text(10)]))}`,
      () => `$${r.word()}=${encode(r.text(10))}`,
      () =>
        `${r.pick(['perspective', 'w', 'h', 'rect', 'fm', 'limit', 'ids', 'types', 'origin', 'sid'])}=${encode(r.text(8))}`,
      () => r.pick(['%', '%zz=1', '==', '&&', 'a=%E0%A4%A', 'x'.repeat(r.int(100, 10_000))]),
    ])(),
  )
  return pairs.length > 0 ? `?${pairs.join('&')}` : ''
}

export interface PathInput {
  method: string
  path: string
  token: 'read' | 'write' | 'not-a-token' | undefined
}

/** A request line: mostly the lake's own vocabulary, broken with encodings, dots and length. */
export function fuzzPath(r: Random): PathInput {
  const segments = r.chance(0.01)
    ? Array.from({ length: r.int(100, 5_000) }, () => r.pick(words))
    : Array.from({ length: r.int(0, 7) }, () => segment(r))
  return {
    method: r.pick(['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']),
    path: `/${segments.join(r.chance(0.95) ? '/' : '//')}${searchPart(r)}`,
    token: r.pick(['read', 'write', 'not-a-token', undefined] as const),
  }
}
