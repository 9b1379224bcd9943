import type { Random } from './random.ts'
import { slugify } from './slugify.ts'
import { tagAngles, tagSubjects } from './vocabulary.ts'

export interface TagSpec {
  id: string
  title: string
  slug: string
}

/**
 * The taxonomy, most popular first: the bare subjects ("AI", "Chips" …), then subject-and-angle
 * pairs ("Chips supply chains") in a seeded order. A tag's position is its Zipf rank.
 */
export function tagTaxonomy(random: Random, count: number): TagSpec[] {
  const subjects = [...tagSubjects]
  const pairs: string[] = []
  for (const angle of tagAngles) {
    if (angle === '') continue
    for (const subject of subjects) pairs.push(`${subject} ${angle}`)
  }
  shuffle(random, pairs)
  const titles = [...subjects, ...pairs]
  if (count > titles.length) throw new Error(`at most ${titles.length} tags can be generated`)
  return titles.slice(0, count).map((title) => {
    const slug = slugify(title)
    return { id: `tag-${slug}`, title, slug }
  })
}

export function shuffle<T>(random: Random, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.int(0, i)
    const item = items[i] as T
    items[i] = items[j] as T
    items[j] = item
  }
  return items
}
