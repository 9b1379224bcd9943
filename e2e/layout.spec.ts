import type { Page } from '@playwright/test'
import { expect, test } from '@playwright/test'

import { edgeCaseCombinations, edgeCaseTraits, longWord } from '@repo/content-generator/edge-cases'
import { generateDataset } from '@repo/content-generator'
import type { GeneratedDocument } from '@repo/content-generator'
import { illustrationPng } from '@repo/content-generator/png'

import { e2eEnv } from './env.ts'
import { mutate } from './lake-api.ts'

/**
 * Readers' pages hold their layout at every width: no visible element holding 20 or more
 * characters of text is narrower than 120 px (a column squeezed to a letter or two per line), and
 * nothing scrolls sideways. Checked on the launch set and on generated articles in every
 * combination of the extreme shapes (long and short titles, no image, a 60-character word,
 * twelve tags, a long dek or none), added to the lake for this file and removed after it.
 */
const widths = [375, 768, 1024, 1280, 1440, 1920]
const minWidth = 120
const minText = 20

// The generated set goes next to the launch set: its tags get ids and slugs of their own.
const prefix = 'layout-'
const generated = generateDataset({
  articles: edgeCaseCombinations,
  seed: 15,
  tags: 24,
  draftRatio: 0,
  edgeCases: true,
})
const documents: GeneratedDocument[] = JSON.parse(
  JSON.stringify(generated.documents).replace(
    /"(_id|_ref)":"tag-([^"]+)"/g,
    `"$1":"${prefix}tag-$2"`,
  ),
  (key, value: unknown) =>
    key === 'slug' && typeof value === 'object' && value && 'current' in value
      ? { ...value, current: `${prefix}${String(value.current)}` }
      : value,
) as GeneratedDocument[]
const articles = documents.filter((doc) => doc._type === 'article')
const slugOf = (doc: GeneratedDocument) => (doc.slug as { current: string }).current
const tagSlugOf = (id: string) =>
  slugOf(documents.find((doc) => doc._id === id) as GeneratedDocument)
const newest = [...articles].sort((a, b) =>
  String(b.publishedAt).localeCompare(String(a.publishedAt)),
)[0] as GeneratedDocument
const busiestTag = (() => {
  const counts = new Map<string, number>()
  for (const article of articles) {
    for (const tag of article.tags as { _ref: string }[]) {
      counts.set(tag._ref, (counts.get(tag._ref) ?? 0) + 1)
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? ''
})()

/** A sample of the generated articles whose traits differ, each with its similar posts. */
const sampleIndexes = [0, 7, 10, 13, 19, 22, 28, 31]
const traitNames = (index: number) =>
  Object.entries(edgeCaseTraits(index))
    .filter(([, on]) => on)
    .map(([trait]) => trait)
    .join(', ') || 'plain'

const pages: [name: string, path: string, status?: number][] = [
  ['home', '/'],
  ['home, page 2', '/page/2'],
  ['home, page 4', '/page/4'],
  ['the DeepSeek article', '/articles/open-source-or-soft-power-the-real-face-of-deepseek'],
  ['the Chips Act article', '/articles/the-chips-act-and-the-new-silicon-curtain'],
  ['the Europe article', '/articles/europe-between-two-ai-empires'],
  ...sampleIndexes.map((index): [string, string] => [
    `generated article ${index} (${traitNames(index)})`,
    `/articles/${slugOf(articles[index] as GeneratedDocument)}`,
  ]),
  ['the tag index', '/tags'],
  ['the DeepSeek tag', '/tags/deepseek'],
  ['a generated tag', `/tags/${tagSlugOf(busiestTag)}`],
  ['a generated tag, page 2', `/tags/${tagSlugOf(busiestTag)}/page/2`],
  ['search results', '/search?q=DeepSeek'],
  ['search results for the long word', `/search?q=${longWord}`],
  ['the 404 page', '/articles/no-such-article', 404],
]

/** Uploads the generated illustrations and points the pictures at the lake's assets. */
async function withUploadedImages(docs: GeneratedDocument[]): Promise<GeneratedDocument[]> {
  const assetIds = new Map<string, string>()
  for (const image of generated.images) {
    const response = await fetch(`${e2eEnv.lakeUrl}/v2025-02-19/assets/images/production`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${e2eEnv.writeToken}`, 'Content-Type': 'image/png' },
      body: new Uint8Array(illustrationPng(image.hue, image.variant)),
    })
    expect(response.status).toBe(200)
    const { document } = (await response.json()) as { document: { _id: string } }
    assetIds.set(`image@file://./${image.path}`, document._id)
  }
  return JSON.parse(JSON.stringify(docs), (_key, value: unknown) => {
    if (value && typeof value === 'object' && '_sanityAsset' in value) {
      const { _sanityAsset: marker, ...rest } = value as { _sanityAsset: string }
      return { ...rest, asset: { _type: 'reference', _ref: assetIds.get(marker) } }
    }
    return value
  }) as GeneratedDocument[]
}

/** What breaks the rule on the page as it is laid out now, one line per element. */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(
    async ({ minWidth, minText }) => {
      await document.fonts.ready
      const problems: string[] = []
      const { scrollWidth } = document.documentElement
      if (scrollWidth > window.innerWidth) {
        problems.push(`the page scrolls sideways: ${scrollWidth} px wide`)
      }
      // Visually hidden text (a 1 px clipped box) is for screen readers, not laid out for eyes.
      const clippedAway = (element: Element | null): boolean => {
        for (let node = element; node; node = node.parentElement) {
          const rect = node.getBoundingClientRect()
          if (rect.width <= 1 && rect.height <= 1) return true
        }
        return false
      }
      for (const element of Array.from(document.body.querySelectorAll('*'))) {
        const text = Array.from(element.childNodes)
          .filter((node) => node.nodeType === Node.TEXT_NODE)
          .map((node) => node.textContent)
          .join('')
          .replace(/\s+/g, ' ')
          .trim()
        if (text.length < minText) continue
        if (!element.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue
        if (clippedAway(element)) continue
        const { width } = element.getBoundingClientRect()
        if (width < minWidth) {
          const name = [element.tagName.toLowerCase(), ...Array.from(element.classList)].join('.')
          problems.push(`${name} is ${Math.round(width)} px wide: "${text.slice(0, 40)}…"`)
        }
      }
      return problems
    },
    { minWidth, minText },
  )
}

test.describe.configure({ timeout: 120_000 })

test.beforeAll(async () => {
  await mutate((await withUploadedImages(documents)).map((doc) => ({ createOrReplace: doc })))
  // Publishing revalidates the lists; the newest generated article leads the home page then.
  await expect
    .poll(async () => (await fetch(`${e2eEnv.webUrl}/`)).text(), { timeout: 15_000 })
    .toContain(String(newest.title))
})

test.afterAll(async () => {
  // Referrers first (articles come last in the dataset), as a lake checking strong references wants.
  await mutate(documents.toReversed().map((doc) => ({ delete: { id: doc._id } })))
})

for (const [name, path, status = 200] of pages) {
  test(`${name} holds its layout from 375 to 1920 px`, async ({ page }) => {
    const problems: string[] = []
    for (const width of widths) {
      await page.setViewportSize({ width, height: 900 })
      const response = await page.goto(path)
      expect(response?.status(), path).toBe(status)
      problems.push(...(await layoutProblems(page)).map((problem) => `${width} px: ${problem}`))
    }
    expect(problems).toEqual([])
  })
}
