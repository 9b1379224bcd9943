import { jsonText, scalar } from './json-values.ts'
import type { Random } from './random.ts'

/** Queries shaped like the site's and the Studio's: the starting points for mutation. */
export const validQueries = [
  '*[_type == "article" && defined(slug.current)] | order(publishedAt desc)[0...10].slug.current',
  '*[_type == "article"]{_id, title, "slug": slug.current, "tags": tags[]->{_id, title}}',
  '*[_type == "article" && slug.current == "a-1"][0]{..., "body": body[]{..., _type == "ref" => {"q": @->}}}',
  'count(*[_type == "article" && references("tag-1")])',
  '*[_type == "tag"] | order(lower(title) asc){_id, "n": count(*[references(^._id)])}',
  '*[_id in path("drafts.**")]._id',
  '{"total": count(*), "first": *[0]{_id}, "types": array::unique(*[]._type)}',
  '*[title match "art*"] | score(boost(title match "art", 3)) | order(_score desc)[0...5]{_id, _score}',
  '*[_type == "article"]{"text": pt::text(body)}[0...3]',
  '*[defined(author->name)]{"a": author->name, "c": coalesce(subtitle, title, "none")}',
  'math::sum(*[_type == "article"].n) + math::avg(*[].n)',
  '*[_type == "article" && dateTime(publishedAt) > dateTime("2020-01-01T00:00:00Z")]._id',
  '*[string::startsWith(_id, "article")] | order(_id)[2..4]{"up": upper(title), "len": length(title)}',
  'select(count(*) > 3 => "many", count(*) > 0 => "some", "none")',
  '*[_type in ["article", "tag"] && !(_id in ["a", "b"])]{_type}[_type == "tag"]',
  '*[references(*[_type == "tag"]._id)]{_id}',
  '*[0...2]{"parent": ^._id, "self": @._id, "kids": tags[]{_ref, "t": @->title}}',
  'sanity::projectId() + "/" + sanity::dataset()',
  '*[_type == "article"]{"words": string::split(title, " "), "r": round(n / 3, 2)}',
  '*[_id == "article-1"][0].tags[0]->title',
  'fn ex::title($doc) = $doc.title; *[_type == "article"]{"t": ex::title(@)}',
  '*[] | order(_updatedAt desc) { _id, _rev, _type }[0...100]',
]

const attributes = ['_id', '_type', '_rev', 'title', 'slug', 'slug.current', 'tags', 'body', 'n']
const functions = [
  'count',
  'defined',
  'references',
  'coalesce',
  'select',
  'length',
  'lower',
  'upper',
  'now',
  'round',
  'string',
  'dateTime',
  'boost',
  'identity',
  'path',
  'pt::text',
  'math::sum',
  'math::min',
  'math::avg',
  'array::unique',
  'array::join',
  'array::compact',
  'array::intersects',
  'string::split',
  'string::startsWith',
  'geo::distance',
  'sanity::projectId',
  'sanity::versionOf',
  'global::score',
  'delta::changedAny',
  'before',
  'nosuchfn',
]
const binaryOperators = [
  '==',
  '!=',
  '<',
  '>',
  '<=',
  '>=',
  '&&',
  '||',
  '+',
  '-',
  '*',
  '/',
  '%',
  '**',
  'in',
  'match',
  '->',
  '|',
  '=>',
  '..',
  '...',
]

function literal(r: Random): string {
  const value = scalar(r)
  return r.pick([
    () => jsonText(value),
    () => `'${r.text(10).replace(/['\\]/g, '')}'`,
    () => r.pick(['0', '-1', '1.5', '1e21', '1e-7', '9007199254740993', '1e400']),
    () => r.pick(['true', 'false', 'null', '""', '[]', '{}', '"\\u00e9"', '"\\uD800"', '"\\x"']),
  ])()
}

/** A random expression built from GROQ's grammar, nested up to `depth`. */
export function expression(r: Random, depth: number): string {
  if (depth <= 0) {
    return r.weighted([
      [3, () => literal(r)],
      [3, () => r.pick(attributes)],
      [2, () => r.pick(['*', '@', '^', '^.^', '$p', '$missing', '$'])],
      [1, () => r.word()],
    ])
  }
  const next = () => expression(r, depth - 1)
  return r.weighted([
    [3, () => `${next()} ${r.pick(binaryOperators)} ${next()}`],
    [3, () => `*[${next()}]`],
    [2, () => `${next()}[${next()}]`],
    [2, () => `${next()}[${r.int(-3, 5)}${r.pick(['..', '...'])}${r.int(-3, 9)}]`],
    [2, () => `${next()}{${projection(r, depth - 1)}}`],
    [2, () => `${r.pick(functions)}(${args(r, depth - 1)})`],
    [
      2,
      () => `${next()} | ${r.pick(['order', 'score'])}(${next()} ${r.pick(['asc', 'desc', ''])})`,
    ],
    [1, () => `${r.pick(['!', '-', '+'])}${next()}`],
    [1, () => `(${next()})`],
    [1, () => `[${args(r, depth - 1)}]`],
    [1, () => `${next()}.${r.pick(attributes)}`],
    [1, () => `${next()}->${r.chance(0.5) ? r.pick(attributes) : ''}`],
    [1, () => `${next()} // ${r.text(8).replace(/\n/g, '')}\n`],
  ])
}

function args(r: Random, depth: number): string {
  return Array.from({ length: r.int(0, 3) }, () => expression(r, depth)).join(', ')
}

function projection(r: Random, depth: number): string {
  return Array.from({ length: r.int(0, 4) }, () =>
    r.weighted([
      [3, () => r.pick(attributes)],
      [3, () => `${JSON.stringify(r.word())}: ${expression(r, depth)}`],
      [1, () => '...'],
      [1, () => `${expression(r, depth)} => {${r.pick(attributes)}}`],
      [1, () => `...${expression(r, depth)}`],
    ]),
  ).join(', ')
}

const fragments = ['*', '[', ']', '{', '}', '(', ')', '"', "'", '->', '|', '$', '..', '...', '=>']

/** A valid query broken in one or a few places: cut, spliced, duplicated, nested, padded. */
export function mutatedQuery(r: Random, query = r.pick(validQueries)): string {
  let out = query
  for (let edits = r.int(1, 3); edits > 0; edits--) {
    const at = r.int(0, out.length)
    out = r.weighted([
      [3, () => out.slice(0, at) + out.slice(Math.min(out.length, at + r.int(1, 8)))],
      [3, () => out.slice(0, at) + r.pick(fragments) + out.slice(at)],
      [2, () => out.slice(0, at) + r.text(6) + out.slice(at)],
      [1, () => out.slice(0, at) + out.slice(r.int(0, at)) + out.slice(at)],
      [1, () => out.slice(0, at)],
      [1, () => `${'('.repeat(r.int(50, 3000))}${out}${')'.repeat(r.int(0, 3000))}`],
      [1, () => `${'['.repeat(r.int(50, 3000))}${out}`],
      [1, () => `*[${out}]`.repeat(r.int(1, 5))],
      [1, () => out.replace(/"[^"]*"/, JSON.stringify(r.text(r.int(100, 20_000))))],
      [1, () => out.replace(/\d+/, r.pick(['99999999999999999999', '-1', '1e400', '0.0000001']))],
    ])
  }
  return out
}

const numbers = (length: number) => `[${Array.from({ length }, (_, i) => i).join(',')}]`

/** Inputs at and past the lake's size limits. */
export function hugeQuery(r: Random): string {
  return r.pick([
    // Work that never passes the dataset's clock checks: only the watchdog ends it.
    () => `${numbers(r.int(100, 2_600))}[@ in ${numbers(r.int(100, 2_600))}]`,
    () => `${numbers(r.int(10, 400))}[count(${numbers(r.int(10, 400))}[@ in ${numbers(400)}]) > 0]`,
    () => `array::intersects(*[0...${r.int(1, 50)}]{"k": *._id}.k[], *.n)`,
    () => `"${'a'.repeat(r.int(20, 60))}" match "${'a*'.repeat(r.int(5, 40))}b"`,
    () => JSON.stringify('x'.repeat(r.int(10_000, 400_000))),
    () => Array.from({ length: r.int(1_000, 20_000) }, () => 'a').join('||'),
    () => `*{${Array.from({ length: r.int(500, 5_000) }, (_, i) => `"k${i}": ${i}`).join(',')}}`,
    () => `*[_id in [${Array.from({ length: r.int(500, 20_000) }, (_, i) => `"${i}"`).join(',')}]]`,
    () => `${'!'.repeat(r.int(1_000, 50_000))}true`,
    () => `a${'.b'.repeat(r.int(1_000, 20_000))}`,
    () => `*${' | order(_id)'.repeat(r.int(100, 5_000))}`,
    () => `"${'😀'.repeat(r.int(1_000, 50_000))}"`,
  ])()
}

/** One fuzzed query: grammar-built, a mutated valid one, or a huge one. */
export function fuzzQuery(r: Random): string {
  return r.weighted([
    [40, () => expression(r, r.int(0, 5))],
    [40, () => mutatedQuery(r)],
    [10, () => r.text(60)],
    [1, () => hugeQuery(r)],
  ])
}
