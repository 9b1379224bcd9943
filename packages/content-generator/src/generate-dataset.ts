import { edgeCaseTraits, longWord } from './edge-cases.ts'
import type { EdgeCaseTraits } from './edge-cases.ts'
import { portableTextBody } from './portable-text-body.ts'
import type { BodyItem } from './portable-text-body.ts'
import { Random, ZipfSampler } from './random.ts'
import { slugify } from './slugify.ts'
import { tagTaxonomy } from './tags.ts'
import type { TagSpec } from './tags.ts'
import { capitalize, headline, sentence, sentences, truncate } from './text.ts'
import { authors, contentWords, organisations, places, roles, sources } from './vocabulary.ts'

export interface GenerateOptions {
  /** Published articles. */
  articles: number
  seed?: number
  /** Size of the tag taxonomy (at most 320). */
  tags?: number
  /** Quotes and pictures default to one per 25 articles, between 4 and 200. */
  quotes?: number
  pictures?: number
  /** Share of articles that also have an unpublished draft (`drafts.<id>`), as in a live Studio. */
  draftRatio?: number
  /** Articles are spread over the years before this instant (default 2025-06-30). */
  until?: string
  years?: number
  /**
   * Articles in the extreme shapes a layout must hold (see `edge-cases.ts`): long and short
   * titles, no image, a 60-character word, twelve tags, a long dek or none.
   */
  edgeCases?: boolean
}

/** A document as it goes into an NDJSON import. */
export type GeneratedDocument = Record<string, unknown> & { _id: string; _type: string }

export interface GeneratedImage {
  /** Relative to the NDJSON file: `images/<name>`. */
  path: string
  /** Hue in degrees and a pattern variant (unique per picture); `png.ts` draws the image. */
  hue: number
  variant: number
}

export interface GeneratedDataset {
  documents: GeneratedDocument[]
  images: GeneratedImage[]
}

const day = 24 * 60 * 60 * 1000

/**
 * A deterministic dataset in the publication's document shapes (the same as the seed's
 * `production.ndjson`): tags, quotes, pictures, then articles. Everything is drawn from one
 * seeded generator, so the same options always give the same documents, byte for byte.
 */
export function generateDataset(options: GenerateOptions): GeneratedDataset {
  const random = new Random(options.seed ?? 1)
  const perArticles = (value: number | undefined) =>
    value ?? Math.min(200, Math.max(4, Math.round(options.articles / 25)))
  const tags = tagTaxonomy(random, options.tags ?? 200)
  const quoteCount = perArticles(options.quotes)
  const pictureCount = perArticles(options.pictures)
  const until = Date.parse(options.until ?? '2025-06-30T18:00:00Z')
  const span = (options.years ?? 10) * 365 * day

  const documents: GeneratedDocument[] = tags.map((tag) => tagDocument(random, tag))
  const quotes = Array.from({ length: quoteCount }, () => quoteDocument(random, until, span))
  const images: GeneratedImage[] = []
  const pictures = Array.from({ length: pictureCount }, (_, index) => {
    const image: GeneratedImage = {
      path: `images/picture-${String(index + 1).padStart(4, '0')}.png`,
      hue: random.int(0, 359),
      variant: index,
    }
    images.push(image)
    return pictureDocument(random, image)
  })
  documents.push(...quotes, ...pictures)

  const zipf = new ZipfSampler(tags.length, 1.05)
  const slugs = new Set<string>()
  const context: ArticleContext = {
    tags,
    zipf,
    slugs,
    quoteIds: quotes.map((quote) => quote._id),
    pictureIds: pictures.map((picture) => picture._id),
    until,
    span,
    edgeCases: options.edgeCases ?? false,
  }
  const draftRatio = options.draftRatio ?? 0.01
  for (let index = 0; index < options.articles; index++) {
    const article = articleDocument(random, context, index)
    documents.push(article)
    if (random.chance(draftRatio)) {
      const title = truncate(`${article.title as string} (updated)`, 120)
      documents.push({ ...article, _id: `drafts.${article._id}`, title })
    }
  }
  return { documents, images }
}

interface ArticleContext {
  tags: TagSpec[]
  zipf: ZipfSampler
  slugs: Set<string>
  quoteIds: string[]
  pictureIds: string[]
  until: number
  span: number
  edgeCases: boolean
}

function tagDocument(random: Random, tag: TagSpec): GeneratedDocument {
  return {
    _id: tag.id,
    _type: 'tag',
    title: tag.title,
    slug: { _type: 'slug', current: tag.slug },
    ...(random.chance(0.8) ? { description: truncate(sentences(random, 1, 2), 280) } : {}),
  }
}

function quoteDocument(random: Random, until: number, span: number): GeneratedDocument {
  const date = new Date(until - random.float() * span).toISOString().slice(0, 10)
  return {
    _id: random.uuid(),
    _type: 'quote',
    text: truncate(sentences(random, 1, 3), 1000),
    attribution: random.pick(authors),
    role: `${capitalize(random.pick(roles))} at ${random.pick(organisations)}`,
    ...(random.chance(0.7) ? { source: random.pick(sources) } : {}),
    date,
  }
}

function pictureDocument(random: Random, image: GeneratedImage): GeneratedDocument {
  return {
    _id: random.uuid(),
    _type: 'picture',
    image: {
      _type: 'image',
      _sanityAsset: `image@file://./${image.path}`,
      ...(random.chance(0.5)
        ? {
            hotspot: {
              _type: 'sanity.imageHotspot',
              x: 0.5,
              y: 0.5,
              width: 0.6,
              height: 0.6,
            },
          }
        : {}),
    },
    alt: truncate(sentence(random, 4, 12).replace(/[.?]$/, ''), 160),
    ...(random.chance(0.7) ? { caption: truncate(sentence(random, 8, 24), 300) } : {}),
    ...(random.chance(0.6) ? { credit: `Image: ${random.pick(authors)}` } : {}),
  }
}

function articleDocument(
  random: Random,
  context: ArticleContext,
  index: number,
): GeneratedDocument {
  const traits = context.edgeCases ? edgeCaseTraits(index) : undefined
  const title = traits ? edgeCaseTitle(random, traits) : truncate(headline(random, 5, 14), 120)
  let slug = slugify(title)
  for (let n = 2; context.slugs.has(slug); n++) slug = `${slugify(title, 90)}-${n}`
  context.slugs.add(slug)

  // More recent years hold more articles (publications grow): density rises linearly with time.
  const published = context.until - (1 - Math.sqrt(random.float())) * context.span
  const publishedAt = new Date(Math.floor(published / 60_000) * 60_000).toISOString()
  const created = new Date(published - random.int(1, 72) * 3_600_000).toISOString()
  const updated = random.chance(0.3)
    ? new Date(Math.min(context.until, published + random.int(1, 400) * day)).toISOString()
    : publishedAt

  const tagCount = traits
    ? Math.min(context.tags.length, traits.manyTags ? 12 : 1)
    : Math.min(context.tags.length, 1 + Math.min(7, poissonish(random, 2.6)))
  const tagIndexes = new Set<number>()
  while (tagIndexes.size < tagCount) tagIndexes.add(context.zipf.sample(random))
  const tags = [...tagIndexes].map((index) => {
    const tag = context.tags[index] as TagSpec
    return { _type: 'reference', _key: random.hex(12), _ref: tag.id }
  })
  const body: BodyItem[] = portableTextBody(random, context)
  const seoTitle = random.chance(0.4) ? truncate(title, 70) : undefined
  // Drawn in the order of the fields, so a seed gives the same datasets as before edge cases.
  const id = random.uuid()
  const subtitle = traits ? edgeCaseDek(random, traits) : truncate(sentence(random, 6, 20), 200)
  const author = random.pick(authors)
  const excerpt =
    traits || random.chance(0.75)
      ? truncate(withLongWord(sentences(random, 1, 2), traits), 300)
      : undefined
  const heroImage =
    context.pictureIds.length > 0 && (traits ? !traits.noImage : random.chance(0.85))
      ? { _type: 'reference', _ref: random.pick(context.pictureIds) }
      : undefined
  return {
    _id: id,
    _type: 'article',
    _createdAt: created,
    _updatedAt: updated,
    title,
    slug: { _type: 'slug', current: slug },
    ...(subtitle ? { subtitle } : {}),
    ...(seoTitle ? { seoTitle } : {}),
    author,
    publishedAt,
    ...(excerpt ? { excerpt } : {}),
    ...(heroImage ? { heroImage } : {}),
    body,
    tags,
  }
}

function edgeCaseTitle(random: Random, traits: EdgeCaseTraits): string {
  if (!traits.longTitle) {
    const short = `${capitalize(random.pick(contentWords))} ${random.pick(places)}`
    return traits.longWord ? longWord : short
  }
  // Headline words up to the model's limit of 120 characters.
  let title = withLongWord(headline(random, 4, 6), traits)
  while (title.length < 130) title = `${title} ${random.pick(contentWords)}`
  return truncate(title, 120)
}

function edgeCaseDek(random: Random, traits: EdgeCaseTraits): string | undefined {
  if (traits.noDek) return undefined
  let dek = withLongWord(sentence(random, 6, 10), traits)
  while (dek.length < 200) dek = `${dek} ${sentence(random, 4, 10)}`
  return truncate(dek, 200)
}

/** `text` with its second word replaced by the long word, when the traits ask for it. */
function withLongWord(text: string, traits: EdgeCaseTraits | undefined): string {
  if (!traits?.longWord) return text
  const words = text.split(' ')
  words.splice(1, 1, longWord)
  return words.join(' ')
}

/** A small count around `mean` (Knuth's Poisson sampler; the mean is small). */
function poissonish(random: Random, mean: number): number {
  const limit = Math.exp(-mean)
  let count = 0
  let product = random.float()
  while (product > limit) {
    count++
    product *= random.float()
  }
  return count
}
