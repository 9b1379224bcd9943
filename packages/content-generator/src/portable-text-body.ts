import type { Random } from './random.ts'
import { headline, sentence, sentences, truncate, word } from './text.ts'
import { linkHosts } from './vocabulary.ts'

export interface Span {
  _type: 'span'
  _key: string
  text: string
  marks: string[]
}

export interface LinkMarkDef {
  _type: 'link'
  _key: string
  href: string
}

export interface TextBlock {
  _type: 'block'
  _key: string
  style: 'normal' | 'h2' | 'h3'
  listItem?: 'bullet' | 'number'
  level?: number
  markDefs: LinkMarkDef[]
  children: Span[]
}

export interface BodyReference {
  _type: 'quoteReference' | 'pictureReference'
  _key: string
  _ref: string
}

export type BodyItem = TextBlock | BodyReference

export interface BodyOptions {
  quoteIds: readonly string[]
  pictureIds: readonly string[]
}

/**
 * A long-read body as editors write them in the Studio: a lede, then sections under h2 headings
 * (some with h3 subsections), paragraphs with links and emphasis, bullet and numbered lists, and
 * the occasional pulled quote or inline picture. About 400-1,600 words (900 on average), 6-30 KB of JSON.
 */
export function portableTextBody(random: Random, options: BodyOptions): BodyItem[] {
  const body: BodyItem[] = []
  const paragraphs = (min: number, max: number) => {
    const count = random.int(min, max)
    for (let i = 0; i < count; i++) body.push(paragraph(random))
  }
  paragraphs(2, 3)
  const sections = random.int(2, 4)
  for (let section = 0; section < sections; section++) {
    body.push(heading(random, 'h2'))
    paragraphs(2, 4)
    if (random.chance(0.3)) body.push(...list(random))
    if (random.chance(0.25)) {
      body.push(heading(random, 'h3'))
      paragraphs(1, 3)
    }
    if (options.quoteIds.length > 0 && random.chance(0.15)) {
      body.push(reference(random, 'quoteReference', random.pick(options.quoteIds)))
      paragraphs(1, 1)
    }
    if (options.pictureIds.length > 0 && random.chance(0.12)) {
      body.push(reference(random, 'pictureReference', random.pick(options.pictureIds)))
    }
  }
  paragraphs(1, 2)
  return body
}

function heading(random: Random, style: 'h2' | 'h3'): TextBlock {
  const text = truncate(headline(random, 3, 9).replace(/\?$/, ''), 90)
  return block(random, style, [span(random, text)], [])
}

function paragraph(random: Random): TextBlock {
  return richBlock(random, 'normal', sentences(random, 2, 5, 8, 24))
}

function list(random: Random): TextBlock[] {
  const listItem = random.chance(0.6) ? 'bullet' : 'number'
  const count = random.int(3, 6)
  return Array.from({ length: count }, () => ({
    ...richBlock(random, 'normal', sentence(random, 4, 16)),
    listItem,
    level: 1,
  }))
}

function reference(random: Random, type: BodyReference['_type'], ref: string): BodyReference {
  return { _type: type, _key: random.hex(12), _ref: ref }
}

/** Plain text split into spans, some of them linked, bold or italic. */
function richBlock(random: Random, style: TextBlock['style'], text: string): TextBlock {
  const words = text.split(' ')
  const markDefs: LinkMarkDef[] = []
  const marked: { start: number; end: number; marks: string[] }[] = []
  // At most one marked run per third of the paragraph, so runs never overlap.
  const third = Math.floor(words.length / 3)
  for (let part = 0; part < 3 && third >= 3; part++) {
    const roll = random.float()
    let marks: string[]
    if (roll < 0.22) {
      const def: LinkMarkDef = { _type: 'link', _key: random.hex(12), href: href(random) }
      markDefs.push(def)
      marks = [def._key]
    } else if (roll < 0.3) marks = ['strong']
    else if (roll < 0.36) marks = ['em']
    else continue
    const length = random.int(1, Math.min(4, third - 1))
    const start = part * third + random.int(0, third - length - 1)
    marked.push({ start, end: start + length, marks })
  }
  const segments: { from: number; to: number; marks: string[] }[] = []
  let position = 0
  for (const run of marked) {
    if (run.start > position) segments.push({ from: position, to: run.start, marks: [] })
    segments.push({ from: run.start, to: run.end, marks: run.marks })
    position = run.end
  }
  if (position < words.length) segments.push({ from: position, to: words.length, marks: [] })
  // Marked runs are never adjacent, so each space can go to an unmarked neighbour, as the
  // Studio's editor leaves it when a word is made bold or linked.
  const children = segments.map((segment, index) => {
    let piece = words.slice(segment.from, segment.to).join(' ')
    if (segment.marks.length === 0) {
      if (index > 0) piece = ` ${piece}`
      if (index < segments.length - 1) piece = `${piece} `
    }
    return span(random, piece, segment.marks)
  })
  return block(random, style, children, markDefs)
}

function block(
  random: Random,
  style: TextBlock['style'],
  children: Span[],
  markDefs: LinkMarkDef[],
): TextBlock {
  return { _type: 'block', _key: random.hex(12), style, markDefs, children }
}

function span(random: Random, text: string, marks: string[] = []): Span {
  return { _type: 'span', _key: random.hex(12), text, marks }
}

function href(random: Random): string {
  const path = Array.from({ length: random.int(1, 3) }, () =>
    word(random)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-'),
  ).join('-')
  return `${random.pick(linkHosts)}/${path}`
}
