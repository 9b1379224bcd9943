import { parse } from 'groq-js'
import { describe, expect, it } from 'vitest'
import { validQueries } from '../../test/fuzz/groq-queries.ts'
import { needsHardDeadline } from './query-cost.ts'

const list = (length: number) => `[${Array.from({ length }, (_, i) => i).join(',')}]`

describe('needsHardDeadline', () => {
  it.each([
    '*[_type == "post" && slug.current == $slug][0]{..., "author": author->{name}, "tags": tags[]->title}',
    '*[_type == "post"] | order(publishedAt desc)[0...10]{title, "n": count(*[references(^._id)])}',
    '*[_id in $ids]{_id, "full": first + " " + last, body[]{..., _type == "image" => {"u": asset->url}}}',
    '*[_type in ["a", "b"] && !(_id in path("drafts.**"))]._id',
    '*[]{ "x": *[]{ "y": *[] } }',
    'count(*[_type == "post"])',
  ])('should let %s run without the watchdog: the clock checks bound it', (query) => {
    expect(needsHardDeadline(parse(query))).toBe(false)
  })

  it.each([
    `${list(700)}[@ in ${list(700)}]`,
    'array::intersects(*._id, *.n)',
    '$a[]{ "x": $a[]{ "y": $a } }',
    '$a[@ in $b]',
    '$a[]{"x": $a + $a}',
    '*[title match "a*b*c*d"]',
    '*[]{"d": geo::distance(a, b)}',
    Array.from({ length: 400 }, () => '1').join('+'),
  ])('should stop %s with the watchdog', (query) => {
    expect(needsHardDeadline(parse(query))).toBe(true)
  })

  it("should let most of the site's and the Studio's query shapes skip the watchdog", () => {
    const trees = validQueries.flatMap((query) => {
      try {
        return [parse(query)]
      } catch {
        return []
      }
    })
    const light = trees.filter((tree) => !needsHardDeadline(tree))
    // Only `match`/`score` (a glob is a regular expression) take it.
    expect(light.length).toBeGreaterThanOrEqual(trees.length - 1)
  })
})
