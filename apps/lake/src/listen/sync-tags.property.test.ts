import { Random } from '@repo/content-generator/random'
import { describe, expect, it } from 'vitest'
import * as site from '@repo/queries/queries'
import { parsePerspective, viewOf } from '../groq/perspective.ts'
import { runQuery } from '../groq/run-query.ts'
import { MemorySnapshot } from '../store/memory-snapshot.ts'
import { importedDataset } from '../../test/store-fixtures.ts'
import type { DocumentChange, SanityDocument } from '../store/store.ts'
import { answerSyncTags, commitSyncTags } from './sync-tag.ts'

/**
 * Sync tags must never miss a change: for the site's queries seen through several perspectives,
 * random writes to a generated dataset, and whenever a result changes, the commit's tags must
 * name one of the tags the query's answer carried before it.
 */

function initialDocuments(seed: number): SanityDocument[] {
  const imported = importedDataset({ articles: 16, tags: 8, seed, draftRatio: 0.3 })
  const article = imported.find((doc) => doc._type === 'article') as SanityDocument
  return [...imported, { ...article, _id: `versions.r1.${article._id}`, title: 'In a release' }]
}

const slugOf = (doc: SanityDocument | undefined) =>
  (doc?.slug as { current?: unknown } | undefined)?.current
const refsOf = (doc: SanityDocument | undefined) =>
  (Array.isArray(doc?.tags) ? (doc.tags as unknown[]) : []).flatMap((tag) =>
    typeof tag === 'object' && tag !== null && '_ref' in tag ? [tag._ref] : [],
  )

/** Parameters for every site query, drawn from the initial data so they hit. */
function paramsOf(
  documents: SanityDocument[],
  random: Random,
  hot: string[],
): Record<string, object[]> {
  const articles = documents.filter((doc) => doc._type === 'article' && !doc._id.includes('.'))
  const tags = documents.filter((doc) => doc._type === 'tag')
  const [a, b] = [random.pick(articles), random.pick(articles)]
  const tag = random.pick(tags)
  const heroOf = (doc: SanityDocument) => (doc.heroImage as { _ref?: string } | undefined)?._ref
  hot.push(a._id, b._id, tag._id, ...[heroOf(a), heroOf(b)].filter((id) => id !== undefined))
  return {
    articleSlugsQuery: [{ limit: 4 }],
    latestArticlesQuery: [{ limit: 3 }],
    articlePageQuery: [{ start: 2, end: 5 }],
    articleBySlugQuery: [{ slug: slugOf(a) }, { slug: slugOf(b) }],
    relatedArticlesQuery: [{ id: a._id, tagIds: refsOf(a), limit: 3 }],
    tagSlugsQuery: [{ limit: 4 }],
    tagWithArticlesQuery: [{ slug: slugOf(tag), start: 0, end: 3 }],
    tagIndexQuery: [{}],
    sitemapQuery: [{ limit: 4 }],
    revalidationTargetsQuery: [{ tagIds: refsOf(b), id: tag._id }],
    searchQuery: [{ terms: ['a*'], start: 0, end: 3 }],
    articleIndexQuery: [{ limit: 3 }],
  }
}

/**
 * One random write (as a list of document changes) to the published document, draft or release
 * version of a document, half the time one the queries' parameters name.
 */
function randomChanges(
  random: Random,
  byId: ReadonlyMap<string, SanityDocument>,
  hot: readonly string[],
): DocumentChange[] {
  const all = [...byId.values()]
  const baseOf = (id: string) => id.replace(/^(drafts|versions\.r1)\./, '')
  const base = random.chance(0.5) ? random.pick(hot) : baseOf(random.pick(all)._id)
  const id = `${random.pick(['', '', 'drafts.', 'versions.r1.'])}${base}`
  const before = byId.get(id) ?? null
  const source = before ?? byId.get(base) ?? random.pick(all)
  const doc = { ...source, _id: id }
  const tags = all.filter((each) => each._type === 'tag')
  const pictures = all.filter((each) => each._type === 'picture')
  const reference = (target: SanityDocument) => ({
    _key: target._id,
    _type: 'reference',
    _ref: target._id,
  })
  const write = (after: SanityDocument | null): DocumentChange[] => [{ id, before, after }]
  const value = `${random.pick(['Edited', 'Changed'])} ${random.int(0, 3)}`
  switch (random.int(0, 11)) {
    case 0:
      return write({ ...doc, title: value })
    case 1:
      return write({ ...doc, alt: value, caption: value, text: value, name: value })
    case 2:
      return write({ ...doc, excerpt: value, description: value })
    case 3:
      return write({ ...doc, slug: { _type: 'slug', current: slugOf(random.pick(all)) ?? 'z' } })
    case 4:
      return write({ ...doc, _type: random.pick(['article', 'tag', 'quote', 'picture']) })
    case 5:
      return write(null)
    case 6:
      return write({ ...doc, tags: tags.filter(() => random.chance(0.3)).map(reference) })
    case 7:
      return pictures.length > 0
        ? write({ ...doc, heroImage: { _type: 'reference', _ref: random.pick(pictures)._id } })
        : []
    case 8:
      return write({ ...doc, publishedAt: `20${random.int(10, 30)}-01-01T00:00:00Z` })
    case 9: {
      const unslugged: SanityDocument = { ...doc }
      delete unslugged.slug
      return write(unslugged)
    }
    case 10: {
      // A publish: the draft replaces the published document and goes.
      const draft = byId.get(`drafts.${base}`)
      if (!draft) return []
      return [
        { id: draft._id, before: draft, after: null },
        { id: base, before: byId.get(base) ?? null, after: { ...draft, _id: base } },
      ]
    }
    default:
      return write({ ...doc, body: [{ _type: 'quoteReference', _ref: random.pick(all)._id }] })
  }
}

const perspectives = ['published', 'drafts', 'raw', 'r1']

async function answer(
  query: string,
  snapshot: MemorySnapshot,
  perspective: string,
  params: object,
) {
  const view = viewOf(snapshot, parsePerspective(perspective), { anonymous: false })
  const readKeys = new Set<string>()
  const result = await runQuery(query, {
    view,
    params: params as Record<string, unknown>,
    timeoutMs: 60_000,
    projectId: 'test',
    dataset: 'test',
    readKeys,
  })
  return { result: JSON.stringify(result), tags: answerSyncTags('test', 'test', readKeys) }
}

const wide = answerSyncTags('test', 'test', new Set(['*']))[0]

describe('sync tags', () => {
  it("name no tag of article B's page when article A is published (every pair)", async () => {
    const documents = initialDocuments(3)
    const snapshot = new MemorySnapshot('test', 1, new Map(documents.map((doc) => [doc._id, doc])))
    const articles = documents.filter((doc) => doc._type === 'article' && !doc._id.includes('.'))
    expect(articles.length).toBeGreaterThan(10)
    for (const perspective of ['published', 'drafts']) {
      const pages = new Map<string, string[]>()
      for (const article of articles) {
        const page = await answer(site.articleBySlugQuery, snapshot, perspective, {
          slug: slugOf(article),
        })
        expect(page.result).toContain(article._id)
        pages.set(article._id, page.tags)
      }
      for (const a of articles) {
        const draft = snapshot.get(`drafts.${a._id}`) ?? { ...a, _id: `drafts.${a._id}` }
        const changes: DocumentChange[] = [
          { id: draft._id, before: draft, after: null },
          { id: a._id, before: a, after: { ...draft, _id: a._id, title: 'Edited' } },
        ]
        const emitted = commitSyncTags('test', 'test', changes, snapshot.withChanges(changes))
        expect(emitted.filter((tag) => pages.get(a._id)?.includes(tag))).not.toEqual([])
        for (const b of articles) {
          if (b === a || slugOf(b) === slugOf(a)) continue
          const named = emitted.filter((tag) => pages.get(b._id)?.includes(tag))
          expect(named, `${perspective}: publishing ${a._id} refreshes ${b._id}`).toEqual([])
        }
      }
    }
  })

  for (const seed of [1, 2]) {
    it(`name a tag of every site query whose result a write changed (seed ${seed})`, async () => {
      const random = new Random(seed)
      let byId = new Map(initialDocuments(seed).map((doc) => [doc._id, doc]))
      let snapshot = new MemorySnapshot('test', 1, byId)
      const hot: string[] = []
      const params = paramsOf([...byId.values()], random, hot)
      const queries = Object.entries(site).flatMap(([name, value]) =>
        name.endsWith('Query') && typeof value === 'string'
          ? (params[name] ?? [undefined]).map((each) => ({ name, query: value, params: each }))
          : [],
      )
      for (const { name, params } of queries) expect(params, name).toBeDefined()

      let changed = 0
      let precise = 0
      let answers = 0
      for (let step = 0; step < 80; step++) {
        const changes = randomChanges(random, byId, hot)
        if (changes.length === 0) continue
        const next = snapshot.withChanges(changes)
        const emitted = new Set(commitSyncTags('test', 'test', changes, next))
        for (const { name, query, params } of queries) {
          for (const perspective of perspectives) {
            const before = await answer(query, snapshot, perspective, params as object)
            const after = await answer(query, next, perspective, params as object)
            answers++
            if (!before.tags.includes(wide as string)) precise++
            if (before.result === after.result) continue
            changed++
            const named = before.tags.filter((tag) => emitted.has(tag))
            expect(
              named,
              `${name} (${perspective}) after writing ${changes.map((change) => change.id).join(', ')}`,
            ).not.toEqual([])
          }
        }
        snapshot = next
        byId = new Map(next.documents().map((doc) => [doc._id, doc]))
      }
      // The writes did change results, and answers were mostly not the dataset-wide tag.
      expect(changed).toBeGreaterThan(100)
      expect(precise).toBeGreaterThan(answers / 2)
    }, 120_000)
  }
})
