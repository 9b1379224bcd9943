import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { SanityClient } from '@sanity/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer } from '../../test/test-lake.ts'
import { lakeClient } from '@repo/lake-client'

// Referential integrity as Sanity enforces it, through the real server and the official client.
let server: Awaited<ReturnType<typeof startTestServer>>
let client: SanityClient
let seq = 0

beforeAll(async () => {
  server = await startTestServer()
  client = lakeClient(server.lake.url, { token: server.lake.tokens.write })
})
afterAll(async () => {
  await server.close()
})

/** Fresh ids per test, since the tests share one dataset. */
function ids() {
  seq += 1
  return { picture: `picture-${seq}`, article: `article-${seq}`, tag: `tag-${seq}` }
}

const ref = (id: string, extra: Record<string, unknown> = {}) => ({
  _type: 'reference',
  _ref: id,
  ...extra,
})

async function refusal(promise: Promise<unknown>) {
  const error = (await promise.then(
    () => expect.fail('expected the lake to refuse'),
    (caught: unknown) => caught,
  )) as {
    statusCode: number
    message: string
    details: { type: string; items: { index: number; error: Record<string, unknown> }[] }
  }
  return error
}

const raw = () => client.withConfig({ perspective: 'raw' })

describe('deleting a document that others reference strongly', () => {
  it('is refused with 409, naming the referrers, and the document stays', async () => {
    const { picture, article } = ids()
    await client.create({ _id: picture, _type: 'picture', alt: 'A' })
    await client.create({ _id: article, _type: 'article', heroImage: ref(picture) })

    const error = await refusal(client.delete(picture))
    expect(error.statusCode).toBe(409)
    expect(error.message).toContain(
      `Document "${picture}" cannot be deleted as there are references to it from "${article}"`,
    )
    expect(error.details).toEqual({
      type: 'mutationError',
      description: 'Mutation(s) failed with 1 error(s)',
      items: [
        {
          index: 0,
          error: {
            type: 'documentHasExistingReferencesError',
            description: `Document "${picture}" cannot be deleted as there are references to it from "${article}"`,
            id: picture,
            referencingIDs: [article],
          },
        },
      ],
    })
    expect(await client.getDocument(picture)).toMatchObject({ alt: 'A' })
  })

  it('lists every referrer, drafts included, and points at the failing mutation', async () => {
    const { picture, article, tag } = ids()
    await client.create({ _id: picture, _type: 'picture' })
    await client.create({ _id: tag, _type: 'tag' })
    await client.create({ _id: article, _type: 'article', body: [{ _key: 'p', ...ref(picture) }] })
    await client.create({ _id: `drafts.${article}`, _type: 'article', heroImage: ref(picture) })

    const error = await refusal(client.transaction().delete(tag).delete(picture).commit())
    expect(error.details.items).toEqual([
      {
        index: 1,
        error: expect.objectContaining({
          id: picture,
          referencingIDs: [article, `drafts.${article}`],
        }) as unknown,
      },
    ])
    // The whole transaction is refused: the unreferenced tag is still there too.
    expect(await client.getDocument(tag)).toBeDefined()
  })

  it('is refused for unpublish and delete actions, as the Studio sends them', async () => {
    const { picture, article } = ids()
    await client.create({ _id: picture, _type: 'picture' })
    await client.create({ _id: `drafts.${picture}`, _type: 'picture', alt: 'draft' })
    await client.create({ _id: article, _type: 'article', heroImage: ref(picture) })

    const deleted = await refusal(
      client.action({
        actionType: 'sanity.action.document.delete',
        publishedId: picture,
        includeDrafts: [`drafts.${picture}`],
      }),
    )
    expect(deleted.statusCode).toBe(409)
    expect(deleted.message).toContain(`references to it from "${article}"`)
    const unpublished = await refusal(
      client.action({
        actionType: 'sanity.action.document.unpublish',
        draftId: `drafts.${picture}`,
        publishedId: picture,
      }),
    )
    expect(unpublished.details.items[0]?.error).toMatchObject({
      type: 'documentHasExistingReferencesError',
      referencingIDs: [article],
    })
    expect(
      await raw().fetch('*[_id in $ids]._id', { ids: [picture, `drafts.${picture}`] }),
    ).toEqual([`drafts.${picture}`, picture])
    // Discarding the draft deletes nothing anyone references.
    await client.action({
      actionType: 'sanity.action.document.discard',
      draftId: `drafts.${picture}`,
    })
  })

  it('succeeds once the referrer goes in the same transaction, or points elsewhere', async () => {
    const { picture, article } = ids()
    const other = `${picture}-other`
    await client.create({ _id: picture, _type: 'picture' })
    await client.create({ _id: other, _type: 'picture' })
    await client.create({ _id: article, _type: 'article', heroImage: ref(picture) })
    await client
      .patch(article)
      .set({ heroImage: ref(other) })
      .commit()
    await client.delete(picture)
    await refusal(client.delete(other))
    await client.transaction().delete(other).delete(article).commit()
    expect(await raw().fetch('*[_id in $ids]', { ids: [picture, other, article] })).toEqual([])
  })

  it('protects an uploaded asset, also right after the upload wrote to the dataset', async () => {
    const { picture } = ids()
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEklEQVR4nGP4zxDAcOI/A4QCACk6Bi2ok0bDAAAAAElFTkSuQmCC',
      'base64',
    )
    const asset = await client.assets.upload('image', png, { filename: 'card.png' })
    await client.create({ _id: picture, _type: 'picture', image: { asset: ref(asset._id) } })
    const error = await refusal(client.delete(asset._id))
    expect(error.message).toContain(`references to it from "${picture}"`)
    await client.transaction().delete(picture).delete(asset._id).commit()
  })

  it('is never refused for weak references or references from release versions', async () => {
    const { picture, article } = ids()
    await client.create({ _id: picture, _type: 'picture' })
    await client.create({
      _id: article,
      _type: 'article',
      heroImage: ref(picture, { _weak: true }),
    })
    await client.create({ _id: `versions.r1.${article}`, _type: 'article', image: ref(picture) })
    await client.delete(picture)
    // What remains is a dangling reference that still loads.
    expect(
      await client.fetch('*[_id == $id][0]{"ref": heroImage._ref, "image": heroImage->}', {
        id: article,
      }),
    ).toEqual({ ref: picture, image: null })
  })
})

describe('a strong reference to a document that does not exist', () => {
  it('is refused on create and patch, also in a dry run', async () => {
    const { article } = ids()
    const created = await refusal(
      client.create({ _id: article, _type: 'article', heroImage: ref('nowhere') }),
    )
    expect(created.statusCode).toBe(409)
    expect(created.details.items[0]).toEqual({
      index: 0,
      error: {
        type: 'documentReferenceDoesNotExistError',
        description: `Document "${article}" references non-existent document "nowhere"`,
        id: article,
        referenceID: 'nowhere',
      },
    })
    await client.create({ _id: article, _type: 'article' })
    const patched = await refusal(
      client
        .patch(article)
        .set({ tags: [{ _key: 'a', ...ref('nowhere') }] })
        .commit(),
    )
    expect(patched.message).toContain(`references non-existent document "nowhere"`)
    await refusal(client.create({ _type: 'article', heroImage: ref('nowhere') }, { dryRun: true }))
    expect(await client.getDocument(article)).not.toHaveProperty('tags')
  })

  it('is accepted when the same transaction creates the target, or when weak', async () => {
    const { picture, article, tag } = ids()
    await client
      .transaction()
      .create({ _id: article, _type: 'article', heroImage: ref(picture) })
      .create({ _id: picture, _type: 'picture' })
      .commit()
    await client.create({ _id: tag, _type: 'article', heroImage: ref('nowhere', { _weak: true }) })
    // A draft holds the Studio's placeholder for a document not yet published: weak.
    await client.create({
      _id: `drafts.${tag}`,
      _type: 'article',
      heroImage: ref('not-yet', { _weak: true, _strengthenOnPublish: { type: 'picture' } }),
    })
    // A release version may reference what the release itself will create.
    await client.create({ _id: `versions.r1.${tag}`, _type: 'article', heroImage: ref('not-yet') })
    expect(
      await raw().fetch('count(*[_id in [$id, "drafts." + $id, "versions.r1." + $id]])', {
        id: tag,
      }),
    ).toBe(3)
  })
})

describe('publishing', () => {
  const publish = (id: string, draftId = `drafts.${id}`) =>
    client.action({ actionType: 'sanity.action.document.publish', draftId, publishedId: id })

  it('strengthens references marked _weak and _strengthenOnPublish, once their target is published', async () => {
    const { picture, article, tag } = ids()
    await client.create({ _id: `drafts.${picture}`, _type: 'picture' })
    await client.create({ _id: tag, _type: 'tag' })
    await client.create({
      _id: `drafts.${article}`,
      _type: 'article',
      heroImage: ref(picture, { _weak: true, _strengthenOnPublish: { type: 'picture' } }),
      tags: [
        { _key: 'weak', ...ref(picture, { _weak: true, _strengthenOnPublish: { weak: true } }) },
        // Only one of the two flags: left as it is.
        { _key: 'marker', ...ref(tag, { _strengthenOnPublish: { type: 'tag' } }) },
      ],
    })

    const early = await refusal(publish(article))
    expect(early.details.items[0]?.error).toMatchObject({
      type: 'documentReferenceDoesNotExistError',
      id: article,
      referenceID: picture,
    })
    await publish(picture)
    await publish(article)
    const published = await client.getDocument(article)
    expect(published?.heroImage).toEqual({ _type: 'reference', _ref: picture })
    expect(published?.tags).toEqual([
      { _key: 'weak', _type: 'reference', _ref: picture, _weak: true },
      {
        _key: 'marker',
        _type: 'reference',
        _ref: tag,
        _strengthenOnPublish: { type: 'tag' },
      },
    ])
    // Strong now, so the picture is protected.
    await refusal(client.delete(picture))
  })

  it('does not strengthen when a release version is published', async () => {
    const { picture, article } = ids()
    await client.create({ _id: picture, _type: 'picture' })
    const heroImage = ref(picture, { _weak: true, _strengthenOnPublish: { type: 'picture' } })
    await client.create({ _id: `versions.r1.${article}`, _type: 'article', heroImage })
    await publish(article, `versions.r1.${article}`)
    expect((await client.getDocument(article))?.heroImage).toEqual(heroImage)
  })
})

describe('data that already holds dangling strong references', () => {
  it('loads through the lake import and queries, and only its own edits must fix them', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lake-dangling-'))
    const seed = path.join(dir, 'seed.ndjson')
    writeFileSync(
      seed,
      [
        { _id: 'old-article', _type: 'article', title: 'Old', heroImage: ref('gone') },
        { _id: 'other', _type: 'article', title: 'Other' },
      ]
        .map((doc) => JSON.stringify(doc))
        .join('\n'),
    )
    const seeded = await startTestServer({ LAKE_SEED: seed })
    try {
      const seededClient = lakeClient(seeded.lake.url, { token: seeded.lake.tokens.write })
      expect(
        await seededClient.fetch('*[_id == "old-article"][0]{title, "image": heroImage->}'),
      ).toEqual({ title: 'Old', image: null })
      await seededClient.patch('other').set({ title: 'Still editable' }).commit()
      const error = await refusal(seededClient.patch('old-article').set({ title: 'New' }).commit())
      expect(error.message).toContain('references non-existent document "gone"')
    } finally {
      await seeded.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
