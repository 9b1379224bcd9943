/**
 * The shapes a reader's page must hold its layout with, for layout tests: with `edgeCases` on, the
 * article at position `index` takes the combination of traits spelled by the bits of `index`, so
 * 32 articles hold every combination once.
 */
export interface EdgeCaseTraits {
  /** A 120-character title (the model's limit); otherwise a two-word one. */
  longTitle: boolean
  noImage: boolean
  /** A 60-character word in the title, dek and excerpt. */
  longWord: boolean
  /** Twelve tags (the model's limit); otherwise one. */
  manyTags: boolean
  /** No dek at all; otherwise a 200-character one (the model's limit). */
  noDek: boolean
}

export const edgeCaseCombinations = 32

/** Sixty letters and no break opportunity: it must wrap or hyphenate, never widen a column. */
export const longWord = 'Electroencephalographicallyhyperconnectedsemiconductorsupply'

export function edgeCaseTraits(index: number): EdgeCaseTraits {
  const bit = (n: number) => Math.floor(index / 2 ** n) % 2 === 1
  return {
    longTitle: bit(0),
    noImage: bit(1),
    longWord: bit(2),
    manyTags: bit(3),
    noDek: bit(4),
  }
}
