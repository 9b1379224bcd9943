import type { Random } from './random.ts'
import { commonWords, contentWords, places } from './vocabulary.ts'

/** One word, weighted like running prose: function words, subject words, the odd place name. */
export function word(random: Random): string {
  const roll = random.float()
  if (roll < 0.45) return random.pick(commonWords)
  if (roll < 0.96) return random.pick(contentWords)
  return random.pick(places)
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** A sentence of `min`..`max` words, capitalized, with the odd comma, ending in a full stop. */
export function sentence(random: Random, min = 8, max = 28): string {
  const count = random.int(min, max)
  const words: string[] = []
  for (let i = 0; i < count; i++) {
    let next = word(random)
    if (i > 2 && i < count - 2 && random.chance(0.07)) next = `${next},`
    words.push(next)
  }
  const end = random.chance(0.04) ? '?' : '.'
  return `${capitalize(words.join(' '))}${end}`
}

export function sentences(
  random: Random,
  min: number,
  max: number,
  minWords?: number,
  maxWords?: number,
): string {
  const count = random.int(min, max)
  return Array.from({ length: count }, () => sentence(random, minWords, maxWords)).join(' ')
}

/** `text` cut at a word boundary to at most `max` characters. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text
  const cut = text.slice(0, max + 1)
  const space = cut.lastIndexOf(' ')
  return (space > 0 ? cut.slice(0, space) : text.slice(0, max)).replace(/[,\s]+$/, '')
}

/** A headline: a handful of capitalized words, sometimes a question. */
export function headline(random: Random, min = 4, max = 12): string {
  const count = random.int(min, max)
  const words = Array.from({ length: count }, () => word(random))
  const text = words.map((w, i) => (i === 0 || w.length > 3 ? capitalize(w) : w)).join(' ')
  return random.chance(0.15) ? `${text}?` : text
}
