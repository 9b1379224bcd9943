import { Random } from '@repo/content-generator/random'
import * as site from '@repo/queries/queries'
import { parse } from 'groq-js'
import { afterAll, describe, expect, it } from 'vitest'
import { QueryPool } from '../../query-pool/query-pool.ts'
import { MemorySnapshot } from '../../store/memory-snapshot.ts'
import { SqliteStore } from '../../store/sqlite-store.ts'
import type { SanityDocument } from '../../store/store.ts'
import { createInStore, importedDataset } from '../../../test/store-fixtures.ts'
import { parsePerspective, viewOf } from '../perspective.ts'
import type { DocumentView } from '../perspective.ts'
import { runQuery } from '../run-query.ts'
import { narrowQuery } from './narrow-query.ts'

/**
 * The index must never change a result: every query runs once narrowed (index + synchronous
 * evaluation) and once as plain groq-js over every document, on generated datasets seen through
 * several perspectives, and the two must be identical — values, order and errors alike.
 */

/** A generated dataset plus documents that exercise the edges of the index. */
function dataset(seed: number): SanityDocument[] {
  const imported = importedDataset({ articles: 60, tags: 24, seed, draftRatio: 0.3 })
  const article = imported.find((doc) => doc._type === 'article') as SanityDocument
  return [
    ...imported,
    { ...article, _id: `versions.r1.${article._id}`, title: 'In a release' },
    { _id: 'draftsX', _type: 'odd', slug: { _type: 'slug', current: 5 }, _ref: 'tag-ai' },
    {
      _id: 'odd-nested',
      _type: 'odd',
      link: { _ref: 'tag-chips', inner: { _ref: 'tag-ai' } },
      items: [{ _ref: 7 }, { _ref: '' }, { x: { _ref: 'tag-ai' } }],
      tags: [{ _ref: 5 }, { _ref: 'tag-ai' }, { _ref: 'tag-ai' }],
    },
    { _id: 'odd-slug-array', _type: 'article', slug: [{ current: 'a' }], title: 'Odd' },
    {
      ...article,
      _id: 'odd-duplicate-tags',
      slug: { _type: 'slug', current: 'odd-duplicate-tags' },
      tags: [{ _ref: 'tag-ai' }, { _ref: 'tag-ai' }, { _ref: 'tag-chips' }],
      extra: { _ref: 'tag-open-source', nested: [{ _ref: 'tag-usa' }] },
    },
    { ...article, _id: 'odd-no-tags', slug: { _type: 'slug', current: 'odd-no-tags' }, tags: null },
    { _id: 'odd-twin', _type: 'tag', slug: { _type: 'slug', current: 'ai' }, title: 'Twin' },
    // Similar posts: ties on shared tags and date (the id decides), dates that are no strings,
    // tags that are no array, a tag referenced outside `tags` too.
    ...['odd-same-a', 'odd-same-c', 'odd-same-b'].map((id) => ({
      ...article,
      _id: id,
      slug: { _type: 'slug', current: id },
    })),
    { ...article, _id: 'odd-numeric-date', slug: { current: 'n' }, publishedAt: 5 },
    { ...article, _id: 'odd-undated', slug: { current: 'u' }, publishedAt: null },
    { ...article, _id: 'odd-object-date', slug: { current: 'o' }, publishedAt: { at: 1 } },
    { ...article, _id: 'odd-tag-object', slug: { current: 't' }, tags: { _ref: 'tag-ai' } },
    // Bounds above the count: the article's tags referenced again outside `tags`, newest first.
    ...['2999-01-01', '2999-01-01', '1999-01-01', '2020-06-01'].map((publishedAt, i) => ({
      ...article,
      _id: `odd-inflated-${i}`,
      slug: { _type: 'slug', current: `odd-inflated-${i}` },
      publishedAt,
      tags: (article.tags as unknown[]).slice(i % 2),
      extra: article.tags,
    })),
    // A tag's `_ref` inside an object with another `_ref`: held, yet not what `references()` sees.
    {
      ...article,
      _id: 'odd-ref-in-ref',
      slug: { _type: 'slug', current: 'odd-ref-in-ref' },
      tags: [{ _ref: 'tag-chips', inner: { _ref: 'tag-ai' } }],
    },
    {
      ...article,
      _id: 'odd-tag-elsewhere',
      slug: { _type: 'slug', current: 'odd-tag-elsewhere' },
      tags: [{ _ref: 'tag-chips' }, 'tag-ai', null],
      body: [{ _type: 'block', markDefs: [{ _ref: 'tag-ai' }, { _ref: 'tag-ai' }] }],
    },
  ]
}

const perspectives = [
  ['published', false],
  ['published', true],
  ['raw', false],
  ['drafts', false],
  ['r1', false],
] as const

function viewsOf(documents: SanityDocument[]): [string, DocumentView][] {
  const snapshot = new MemorySnapshot('test', 1, new Map(documents.map((doc) => [doc._id, doc])))
  return perspectives.map(([name, anonymous]) => [
    `${name}${anonymous ? ' (anonymous)' : ''}`,
    viewOf(snapshot, parsePerspective(name), { anonymous }),
  ])
}

async function outcome(query: string, view: DocumentView, params: object, optimize: boolean) {
  try {
    const result = await runQuery(query, {
      view,
      params: params as Record<string, unknown>,
      timeoutMs: 60_000,
      projectId: 'test',
      dataset: 'test',
      optimize,
    })
    return JSON.stringify(result)
  } catch (error) {
    return `error: ${error instanceof Error ? error.message : String(error)}`
  }
}

async function expectSameResults(query: string, view: DocumentView, params: object) {
  const narrowed = await outcome(query, view, params, true)
  const plain = await outcome(query, view, params, false)
  expect(narrowed, `${query}\n${JSON.stringify(params)}`).toBe(plain)
}

/**
 * The same dataset in a store whose query pool has loaded its first half into two workers before
 * the second half is committed (in three transactions): the workers' copies are then the loaded
 * snapshot brought forward by the commits' changes, as in a running lake.
 */
async function pooledStore(documents: SanityDocument[]) {
  const store = new SqliteStore(':memory:')
  store.createDataset('test')
  const commit = (changes: SanityDocument[], transactionId: string) =>
    createInStore(store, 'test', changes, transactionId)
  const half = Math.floor(documents.length / 2)
  await commit(documents.slice(0, half), 'first-half')
  // Every query on a worker, even one behind the snapshot (the path under test).
  const pool = new QueryPool(store, { workers: 2, warmUpAfter: 0 })
  pool.warm()
  for (const [position, start] of [half, half + 10, half + 20].entries()) {
    await commit(documents.slice(start, position === 2 ? undefined : start + 10), `rest-${start}`)
  }
  return { store, pool }
}

/** The `_ref`s of an article's tags, as the site passes them (whatever the tags hold). */
function tagIdsOf(article: SanityDocument): unknown[] {
  const tags: unknown[] = Array.isArray(article.tags) ? article.tags : []
  return tags.flatMap((tag) =>
    typeof tag === 'object' && tag !== null && '_ref' in tag ? [tag._ref] : [],
  )
}

/** Parameters drawn from the data, so filters both match and miss. */
function paramsFor(random: Random, documents: SanityDocument[]) {
  const of = (type: string) => documents.filter((doc) => doc._type === type)
  const articles = of('article')
  const tags = of('tag')
  const article = random.pick(articles)
  const tagIds = tagIdsOf(article)
  const slug = (doc: SanityDocument) => (doc.slug as { current?: unknown } | undefined)?.current
  return {
    id: random.chance(0.8) ? article._id : 'nope',
    ids: [random.pick(documents)._id, random.pick(articles)._id, 'drafts.nope'],
    type: random.pick(['article', 'tag', 'quote', 'odd']),
    types: random.chance(0.8) ? ['tag', 'picture'] : ['tag', 5],
    slug: random.chance(0.8) ? slug(article) : 'nope',
    slugs: [slug(random.pick(articles)), slug(random.pick(tags))],
    ref: random.pick(tags)._id,
    refs: [random.pick(tags)._id, random.pick(documents)._id, 5],
    tag: random.pick(tags)._id,
    tagIds: random.chance(0.9) ? tagIds : [],
    picture: (article.heroImage as { _ref?: string } | undefined)?._ref ?? 'nope',
    pattern: random.pick(['drafts.**', 'versions.*.*', '*', 'draftsX', 'tag-*']),
    missing: null,
    limit: random.int(0, 5),
    start: 0,
    end: random.int(1, 8),
  }
}

const atoms = [
  '_type == "article"',
  '_type == "tag"',
  '_type == $type',
  '"quote" == _type',
  '_type in ["tag", "quote"]',
  '_type in $types',
  '_type == 5',
  '_type == $missing',
  'slug.current == $slug',
  'slug.current in $slugs',
  'slug.current == 5',
  '_id == $id',
  '$id == _id',
  '_id in $ids',
  '_id in [$id, "nope"]',
  '_id in path("drafts.**")',
  '_id in path("versions.**")',
  '_id in path("*")',
  '_id in path("drafts.*")',
  '_id in path("drafts")',
  '_id in path($pattern)',
  'references($ref)',
  'references($refs)',
  'references("tag-ai", $ref)',
  'references(5)',
  'references([])',
  'heroImage._ref == $picture',
  '$tag in tags[]._ref',
  'tags[0]._ref == $tag',
  '_ref == "tag-ai"',
  'link.inner._ref == "tag-ai"',
  'count((tags[]._ref)[@ in $tagIds]) > 0',
  'count(tags[_ref in $tagIds]) > 0',
  '0 < count((tags[]._ref)[@ == $tag])',
  'count((tags[]._ref)[@ in $tagIds]) >= 2',
  'count((tags[]._ref)[@ in $tagIds]) == 1',
  'defined(excerpt)',
  'publishedAt > "2020-01-01"',
  '!defined(slug)',
]

function filter(random: Random, depth = 0): string {
  const roll = random.float()
  if (depth >= 3 || roll < 0.4) return random.pick(atoms)
  if (roll < 0.65) return `(${filter(random, depth + 1)} && ${filter(random, depth + 1)})`
  if (roll < 0.9) return `(${filter(random, depth + 1)} || ${filter(random, depth + 1)})`
  return `!(${filter(random, depth + 1)})`
}

const shapes: ((f: string, g: string) => string)[] = [
  (f) => `*[${f}]._id`,
  (f) => `count(*[${f}])`,
  (f) => `*[${f}] | order(publishedAt desc, _id asc)[0...5]{_id, title}`,
  (f) => `*[${f}][0]{_id}`,
  (f, g) => `*[${f}][${g}]._id`,
  (f) => `*[${f}]{_id}[0...3]`,
  (f) =>
    `*[${f}]{_id, "n": count(tags), "t": _type}[n > 1 || t == "tag"] | order(n desc, _id asc)[1...4]`,
  (f) =>
    `*[${f}]{_id, "shared": count((tags[]._ref)[@ in $tagIds])}[shared > 0] | order(shared desc, _id asc)[0...3]`,
  (f, g) => `*[${f}]{..., "x": 1}[x == 1 && ${g}]._id`,
  (f, g) => `*[${f}]{_id, "t": _type, "s": slug.current}[${g}] | order(_id desc)[0...4]`,
  (f) => `*[_type == "tag"] | order(_id asc)[0...6]{_id, "c": count(*[${f} && references(^._id)])}`,
  (f) =>
    `*[${f} && count((tags[]._ref)[@ in $tagIds]) > 0] | order(count((tags[]._ref)[@ in $tagIds]) desc, _id asc)[0...3]._id`,
  (f) =>
    `*[${f}]{_id, publishedAt, "s": count((tags[]._ref)[@ in $tagIds])}[s > 0] | order(s desc, publishedAt desc, _id asc)[1...4]`,
  (f) =>
    `*[${f} && 0 < count((tags[]._ref)[@ == $tag])] | order(count((tags[]._ref)[@ == $tag]) desc, title asc)[0..1]{_id, title}`,
  (f) => `*[${f}] | order(count((tags[]._ref)[@ in $tagIds]) desc, _id asc)[0...3]._id`,
  (f) =>
    `*[${f} && count((tags[]._ref)[@ in $tagIds]) > 0] | order(count((tags[]._ref)[@ in $tagIds]) desc, publishedAt asc)[2...5]._id`,
  (f) =>
    `*[${f} && count(tags[]._ref[@ in $refs]) > 0] | order(count(tags[]._ref[@ in $refs]) desc, publishedAt desc)[0..0]._id`,
  (f) =>
    `*[${f}]{_id, "d": publishedAt, "s": count((tags[]._ref)[@ in $tagIds])}[s > 0] | order(s desc, d desc, _id desc)[0...$end]`,
  (f) =>
    `*[${f} && count((tags[]._ref)[@ in $tagIds]) > 0] | order(count((tags[]._ref)[@ in $tagIds]) desc, publishedAt desc, _id desc)[0...$limit]._id`,
  (f) => `*[${f}] | order(publishedAt desc, _id asc)[$start...$end]{_id, publishedAt}`,
  (f) => `*[${f}] | order(slug.current, title desc)[1..3]._id`,
  (f) => `*[${f}] | order(_type desc)[0...4]{_id, _type}`,
  (f) => `*[${f}]{_id, publishedAt, "t": title}[defined(t)] | order(publishedAt asc)[0...2]`,
  (f) =>
    `*[${f} && count((tags[]._ref)[@ in $refs]) > 0] | order(count((tags[]._ref)[@ in $refs]) desc)[0...2]._id`,
  (f) =>
    `*[_type == "article"] | order(_id asc)[0...4]{_id, "same": *[_id == ^._id && ${f}]._id, "refs": *[references(^.tags[0]._ref)][0..2]._id}`,
  (f) => `*[_type == "tag"][0...3]{"a": *[${f} && (references(^._id) || _id == ^._id)]._id}`,
]

// Seconds alone; many times that while turbo runs every package's tests and builds on two cores.
const PROPERTY_TEST_TIMEOUT_MS = 120_000

describe('narrowed queries', () => {
  for (const seed of [1, 2, 3]) {
    const documents = dataset(seed)
    const views = viewsOf(documents)

    it(
      `answer the site's queries as a full scan does (seed ${seed})`,
      async () => {
        const random = new Random(seed)
        const queries = siteQueries()
        expect(queries.length).toBeGreaterThanOrEqual(8)
        for (const [, query] of queries) {
          for (let i = 0; i < 4; i++) {
            const params = { ...paramsFor(random, documents), terms: ['sovereign*'] }
            for (const [, view] of views) await expectSameResults(query, view, params)
          }
        }
      },
      PROPERTY_TEST_TIMEOUT_MS,
    )

    it(
      `answer random filters as a full scan does (seed ${seed})`,
      async () => {
        const random = new Random(seed * 7919)
        for (let i = 0; i < 150; i++) {
          const shape = random.pick(shapes)
          const query = shape(filter(random), filter(random))
          const params = paramsFor(random, documents)
          const [, view] = random.pick(views)
          await expectSameResults(query, view, params)
        }
      },
      PROPERTY_TEST_TIMEOUT_MS,
    )
  }

  describe('on a query worker', () => {
    const pools: QueryPool[] = []
    afterAll(async () => {
      await Promise.all(pools.map((pool) => pool.close()))
    })

    for (const seed of [1, 2]) {
      it(
        `answer the site's queries and random filters as a full scan does (seed ${seed})`,
        async () => {
          const documents = dataset(seed)
          const { store, pool } = await pooledStore(documents)
          pools.push(pool)
          const snapshot = store.snapshot('test')
          expect(snapshot.documents()).toHaveLength(documents.length)
          const random = new Random(seed * 104_729)
          const queries = [
            ...siteQueries().map(([, query]) => query),
            ...Array.from({ length: 60 }, () =>
              random.pick(shapes)(filter(random), filter(random)),
            ),
          ]
          const before = pool.counts.worker
          for (const query of queries) {
            const [name, anonymous] = random.pick(perspectives)
            const perspective = parsePerspective(name)
            const view = viewOf(snapshot, perspective, { anonymous })
            const params = { ...paramsFor(random, documents), terms: ['sovereign*'] }
            let pooled: string
            try {
              const result = await pool.run(query, {
                view,
                snapshot,
                perspective,
                anonymous,
                params,
                timeoutMs: 60_000,
                projectId: 'test',
                dataset: 'test',
              })
              pooled = JSON.stringify(result)
            } catch (error) {
              pooled = `error: ${error instanceof Error ? error.message : String(error)}`
            }
            const plain = await outcome(query, view, params, false)
            expect(pooled, `${query}\n${JSON.stringify(params)}`).toBe(plain)
          }
          // One at a time, every query finds a worker idle.
          expect(pool.counts.worker - before).toBe(queries.length)
        },
        PROPERTY_TEST_TIMEOUT_MS,
      )
    }
  })

  // The site's similar-posts query with its last tie-break reversed, against the view's order.
  const relatedNewestIdLast = site.relatedArticlesQuery.replace('_id asc)', '_id desc)')

  it(
    'answer the similar-posts query for every article as a full scan does',
    async () => {
      expect(relatedNewestIdLast).not.toBe(site.relatedArticlesQuery)
      const random = new Random(11)
      for (const seed of [1, 2, 3]) {
        const documents = dataset(seed)
        const views = viewsOf(documents)
        const articles = documents.filter((doc) => doc._type === 'article')
        for (const article of articles) {
          const tagIds = tagIdsOf(article)
          const variants = [
            tagIds,
            [...tagIds, ...tagIds.slice(0, 1), 'tag-nobody-has'],
            tagIds.slice(0, 1),
            ['tag-nobody-has'],
          ]
          const [, view] = random.pick(views)
          const params = {
            id: random.chance(0.9) ? article._id : 'nope',
            tagIds: random.pick(variants),
            limit: random.pick([1, 3, 3, 8, 80]),
          }
          await expectSameResults(site.relatedArticlesQuery, view, params)
          await expectSameResults(relatedNewestIdLast, view, params)
        }
      }
    },
    PROPERTY_TEST_TIMEOUT_MS,
  )

  it(
    'answer the tag page and tag index for every tag and page as a full scan does',
    async () => {
      const random = new Random(17)
      for (const seed of [1, 2, 3]) {
        const documents = dataset(seed)
        const views = viewsOf(documents)
        const slugs = documents.flatMap((doc) => {
          const current = (doc.slug as { current?: unknown } | undefined)?.current
          return doc._type === 'tag' && typeof current === 'string' ? [current] : []
        })
        for (const [, view] of views) {
          await expectSameResults(site.tagIndexQuery, view, {})
          for (const slug of [...new Set(slugs), 'nope']) {
            const tagIds = view.documents.flatMap((doc) =>
              doc._type === 'tag' &&
              (doc.slug as { current?: unknown } | undefined)?.current === slug
                ? [doc._id]
                : [],
            )
            const total = view.documents.filter(
              (doc) =>
                doc._type === 'article' &&
                tagIds.some((id) => JSON.stringify(doc).includes(`"_ref":"${id}"`)),
            ).length
            const pages: [number, number][] = [
              [0, random.int(1, 4)],
              [0, 20],
              [0, 1],
              [random.int(0, 3), random.int(3, 9)],
              [0, total],
              [0, total + 1],
              [Math.max(0, total - 1), total],
              [total, total + 5],
              [total + 2, total + 4],
              [0, 0],
            ]
            for (const [start, end] of [
              pages[0] as [number, number],
              random.pick(pages),
              random.pick(pages),
            ]) {
              await expectSameResults(site.tagWithArticlesQuery, view, { slug, start, end })
            }
          }
        }
      }
    },
    PROPERTY_TEST_TIMEOUT_MS,
  )

  it("narrows every document scan of the site's queries", () => {
    for (const [name, query] of siteQueries()) {
      const { tree } = narrowQuery(parseForTest(query))
      expect(JSON.stringify(tree).includes('"Everything"'), name).toBe(false)
    }
  })
})

/** Every GROQ query of the site (@repo/queries), by export name. */
function siteQueries(): [string, string][] {
  return Object.entries(site).flatMap(([name, value]): [string, string][] =>
    name.endsWith('Query') && typeof value === 'string' ? [[name, value]] : [],
  )
}

function parseForTest(query: string) {
  // Slices with `$params` need values at parse time.
  return parse(query, { params: { limit: 3, start: 0, end: 10 } })
}
