/**
 * A seeded pseudo-random source: the same seed yields the same dataset on every machine and Node
 * version (Math.random cannot be seeded). sfc32, seeded through splitmix32, is small, fast and
 * passes PractRand far beyond the few million draws a dataset needs.
 */
export class Random {
  #a: number
  #b: number
  #c: number
  #d: number

  constructor(seed: number) {
    let state = seed >>> 0
    const next = () => {
      state = (state + 0x9e3779b9) >>> 0
      let z = state
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad)
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97)
      return (z ^ (z >>> 15)) >>> 0
    }
    this.#a = next()
    this.#b = next()
    this.#c = next()
    this.#d = next()
    // The first outputs of a freshly seeded sfc32 are poorly mixed.
    for (let i = 0; i < 12; i++) this.uint32()
  }

  uint32(): number {
    const t = (((this.#a + this.#b) >>> 0) + this.#d) >>> 0
    this.#d = (this.#d + 1) >>> 0
    this.#a = this.#b ^ (this.#b >>> 9)
    this.#b = (this.#c + (this.#c << 3)) >>> 0
    this.#c = (this.#c << 21) | (this.#c >>> 11)
    this.#c = (this.#c + t) >>> 0
    return t
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.uint32() / 4294967296
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1))
  }

  chance(probability: number): boolean {
    return this.float() < probability
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list')
    return items[Math.floor(this.float() * items.length)] as T
  }

  /** `length` lowercase hex digits, e.g. for `_key`s. */
  hex(length: number): string {
    let out = ''
    while (out.length < length) out += this.uint32().toString(16).padStart(8, '0')
    return out.slice(0, length)
  }

  /** A version-4-shaped UUID, as Sanity gives documents created in the Studio. */
  uuid(): string {
    const h = this.hex(32)
    const variant = ((parseInt(h.charAt(16), 16) & 0x3) | 0x8).toString(16)
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`
  }
}

/**
 * Draws ranks 0..n-1 with probability ∝ 1 / (rank + 1)^exponent: a few tags are on many
 * articles and most are on few, as in real publications' taxonomies.
 */
export class ZipfSampler {
  readonly #cumulative: Float64Array

  constructor(n: number, exponent: number) {
    if (n < 1) throw new Error('a Zipf distribution needs at least one rank')
    this.#cumulative = new Float64Array(n)
    let total = 0
    for (let rank = 0; rank < n; rank++) {
      total += 1 / (rank + 1) ** exponent
      this.#cumulative[rank] = total
    }
    for (let rank = 0; rank < n; rank++)
      this.#cumulative[rank] = (this.#cumulative[rank] ?? 0) / total
  }

  get size(): number {
    return this.#cumulative.length
  }

  sample(random: Random): number {
    const u = random.float()
    // The first rank whose cumulative probability exceeds u.
    let low = 0
    let high = this.#cumulative.length - 1
    while (low < high) {
      const mid = (low + high) >>> 1
      if ((this.#cumulative[mid] ?? 1) > u) high = mid
      else low = mid + 1
    }
    return low
  }
}
