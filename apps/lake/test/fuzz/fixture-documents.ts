import type { TestLake } from '../test-lake.ts'

/**
 * A small dataset shaped like the site's (articles, tags, authors, Portable Text bodies, drafts,
 * release versions and references among them), so fuzzed queries reach joins, `references()`,
 * `pt::text`, ordering and perspectives rather than running over nothing.
 */
export function fixtureDocuments(count = 60): Record<string, unknown>[] {
  const tags = Array.from({ length: 8 }, (_, i) => ({
    _id: `tag-${i}`,
    _type: 'tag',
    title: `Tag ${i} ${'é😀'.repeat(i % 3)}`,
    slug: { _type: 'slug', current: `tag-${i}` },
  }))
  const authors = Array.from({ length: 4 }, (_, i) => ({
    _id: `author-${i}`,
    _type: 'author',
    name: `Author ${i}`,
  }))
  const articles = Array.from({ length: count }, (_, i) => ({
    _id: `article-${i}`,
    _type: 'article',
    title: `Article ${i}`,
    subtitle: i % 2 ? `Subtitle ${i}` : null,
    n: i,
    publishedAt: new Date(Date.UTC(2024, 0, 1 + i)).toISOString(),
    slug: { _type: 'slug', current: `a-${i}` },
    author: { _type: 'reference', _ref: `author-${i % 4}` },
    tags: [0, 1].map((k) => ({
      _key: `k${k}`,
      _type: 'reference',
      _ref: `tag-${(i + k) % 8}`,
    })),
    body: [
      {
        _key: 'b1',
        _type: 'block',
        style: 'normal',
        children: [{ _key: 's1', _type: 'span', text: `Body of article ${i}`, marks: [] }],
        markDefs: [],
      },
      { _key: 'b2', _type: 'ref', _ref: `article-${(i + 1) % count}` },
    ],
  }))
  const drafts = articles
    .filter((_, i) => i % 5 === 0)
    .map((article) => ({ ...article, _id: `drafts.${article._id}`, title: 'Secret draft' }))
  const versions = articles
    .filter((_, i) => i % 7 === 0)
    .map((article) => ({ ...article, _id: `versions.r1.${article._id}`, title: 'Release' }))
  return [...tags, ...authors, ...articles, ...drafts, ...versions]
}

export async function seedFixture(lake: TestLake, documents = fixtureDocuments()): Promise<void> {
  const response = await lake.mutate(documents.map((document) => ({ createOrReplace: document })))
  if (response.status !== 200) throw new Error(`seeding failed: ${await response.text()}`)
}
