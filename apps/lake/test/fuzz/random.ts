import { Random as SeededRandom } from '@repo/content-generator/random'

/**
 * The repository's one seeded PRNG (`@repo/content-generator`'s sfc32) with the helpers the fuzz
 * generators share. Every generated input gets its own generator seeded from the run's seed and
 * the input's index, so one failing input can be regenerated from those two numbers alone.
 */
export class Random extends SeededRandom {
  /** The generator for input `index` of a run seeded with `seed`. */
  static forCase(seed: number, index: number): Random {
    return new Random(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35))
  }

  /** A float in [0, 1). */
  next(): number {
    return this.float()
  }

  /** Picks among generators by weight: `[[3, a], [1, b]]` calls `a` three times as often. */
  weighted<T>(choices: readonly (readonly [number, () => T])[]): T {
    const total = choices.reduce((sum, [weight]) => sum + weight, 0)
    let roll = this.next() * total
    for (const [weight, choice] of choices) {
      roll -= weight
      if (roll < 0) return choice()
    }
    const last = choices.at(-1)
    if (!last) throw new Error('weighted() needs choices')
    return last[1]()
  }

  /** Mostly short lengths, sometimes long ones: most bugs need small inputs, some need big ones. */
  length(max: number): number {
    return this.chance(0.9) ? this.int(0, Math.min(max, 12)) : this.int(0, max)
  }

  /** Text mixing ASCII, GROQ/JSON/URL punctuation and awkward Unicode (lone surrogates, NUL, RTL). */
  text(maxLength = 24): string {
    let out = ''
    const length = this.length(maxLength)
    for (let index = 0; index < length; index++) out += this.pick(alphabets)(this)
    return out
  }

  /** An identifier-like word, the usual shape of attribute names, types and ids. */
  word(maxLength = 10): string {
    const first = 'abcdefghijklmnopqrstuvwxyz_'
    const rest = `${first}ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-`
    let out = first.charAt(this.int(0, first.length - 1))
    const length = this.int(0, maxLength - 1)
    for (let index = 0; index < length; index++) out += rest.charAt(this.int(0, rest.length - 1))
    return out
  }

  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length)
    for (let index = 0; index < length; index++) out[index] = this.int(0, 255)
    return out
  }
}

// The character lists are built once: text() is the generators' hottest path.
const punctuationChars = Array.from('"\'\\/{}[]()<>$@^*|&=!.,:;-+%#?~`\n\t\r')
const printable = (r: Random) => String.fromCharCode(r.int(32, 126))
const punctuation = (r: Random) => r.pick(punctuationChars)
const unicodeChars = [
  '\u0000',
  '\u00e9',
  '\u0301',
  '\u200b',
  '\u202e',
  '\ufeff',
  '\uffff',
  '\ud800',
  '\udfff',
  '😀',
  '𝕏',
  '中',
  'ß',
  'İ',
]
const unicode = (r: Random) => r.pick(unicodeChars)
const alphabets = [printable, printable, printable, punctuation, unicode]
