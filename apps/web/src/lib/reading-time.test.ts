import { describe, expect, it } from 'vitest'

import { readingMinutes } from './reading-time'

const paragraph = (words: number) => ({
  _type: 'block' as const,
  _key: String(words),
  style: 'normal' as const,
  markDefs: [],
  children: [{ _type: 'span' as const, _key: 's', text: 'word '.repeat(words), marks: [] }],
})

describe('readingMinutes', () => {
  it('should count words at 230 a minute, at least one minute', () => {
    expect(readingMinutes([])).toBe(1)
    expect(readingMinutes([paragraph(460)])).toBe(2)
    expect(
      readingMinutes([
        paragraph(460),
        {
          _type: 'quoteReference',
          _key: 'q',
          quote: {
            _id: 'q',
            text: 'word '.repeat(230),
            attribution: undefined,
            role: undefined,
            source: undefined,
          },
        },
      ]),
    ).toBe(3)
  })
})

describe('readingMinutes with preview markers', () => {
  it('should not count the invisible source markers of a preview as words', () => {
    const words = Array.from({ length: 460 }, () => 'word').join(' ')
    const marked = `${words}${'\u200b\u200c\ufeff\u200d \ufeff'.repeat(400)}`
    const block = (text: string) => ({
      _type: 'block' as const,
      _key: 'b',
      style: 'normal',
      markDefs: [],
      children: [{ _type: 'span' as const, _key: 's', text, marks: [] }],
    })
    expect(readingMinutes([block(marked)] as never)).toBe(2)
  })
})
