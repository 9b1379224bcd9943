import { hugeJson, jsonText, jsonValue, key, malformedJson } from './json-values.ts'
import type { Random } from './random.ts'

/** Queries that put their params everywhere a value can go, slice bounds included. */
const paramQueries = [
  '*[_id == $id][0]',
  '*[_type in $types]{_id}',
  '*[0...$limit]._id',
  '*[$start...$end]{_id}',
  '*[references($id)]._id',
  '$value',
  '$value[0]',
  '$value[]{...}',
  '$value->',
  '*[_id in $ids]',
  '*[title match $terms]',
  'count($value)',
  '*[$value]',
  '{"a": $value, "b": $id}',
  'coalesce($value, $id)',
  '*[_id == $value][0...$limit]',
  'string::split($value, $id)',
  'order($value)',
  '$value | order(@)',
]

export type ParamsInput =
  | { method: 'GET'; query: string; search: [string, string][] }
  | { method: 'POST'; query: string; body: string }

function paramName(r: Random): string {
  return r.pick([
    () => r.pick(['id', 'ids', 'types', 'limit', 'start', 'end', 'terms', 'value']),
    () => key(r),
    () => `${r.int(0, 9)}x`,
    () => '',
  ])()
}

function paramText(r: Random): string {
  return r.weighted([
    [40, () => jsonText(jsonValue(r))],
    [30, () => malformedJson(r)],
    [10, () => r.pick(['1', '-1', '0', '1e400', '2.5', '"1"', 'null', 'true'])],
    [1, () => hugeJson(r)],
  ])
}

/** GROQ params for the query endpoint: `$name=<JSON>` search parameters, or a POST body's object. */
export function fuzzParams(r: Random): ParamsInput {
  const query = r.pick(paramQueries)
  const count = r.int(0, 4)
  if (r.chance(0.6)) {
    const search: [string, string][] = []
    for (let index = 0; index < count; index++) search.push([`$${paramName(r)}`, paramText(r)])
    return { method: 'GET', query, search }
  }
  // Spliced as text, so the params can also be malformed or huge JSON.
  const params = r.weighted([
    [
      5,
      () =>
        `{${Array.from({ length: count }, () => `${JSON.stringify(paramName(r))}:${paramText(r)}`).join(',')}}`,
    ],
    [1, () => paramText(r)],
  ])
  return { method: 'POST', query, body: `{"query":${JSON.stringify(query)},"params":${params}}` }
}
