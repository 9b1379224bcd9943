import { describe, expect, it } from 'vitest'

import { MAX_QUERY_LENGTH, searchExcerpt, searchInput, searchWords } from './search-terms'

describe('searchInput', () => {
  it('should collapse whitespace, take the first value and cut long queries', () => {
    expect(searchInput('  open   source ')).toEqual({ query: 'open source', truncated: false })
    expect(searchInput(['first', 'second']).query).toBe('first')
    expect(searchInput(undefined)).toEqual({ query: '', truncated: false })
    const long = searchInput('x'.repeat(10_000))
    expect(long.query).toHaveLength(MAX_QUERY_LENGTH)
    expect(long.truncated).toBe(true)
  })
})

describe('searchWords', () => {
  it('should keep letters and digits only, as GROQ’s match does', () => {
    expect(searchWords('*[_type == "article"] || "Sputnik"')).toEqual([
      'type',
      'article',
      'sputnik',
    ])
    expect(searchWords('Čapek 1957 čapek')).toEqual(['čapek', '1957'])
  })
})

describe('searchExcerpt', () => {
  const text = `${'Lorem ipsum dolor sit amet. '.repeat(20)}Back in 1957, the USSR launched Sputnik 1 into orbit. ${'Consectetur adipiscing elit. '.repeat(20)}`

  it('should cut a passage around the first match and mark every match in it', () => {
    const parts = searchExcerpt(text, ['sputnik'])
    expect(parts.filter((part) => part.match).map((part) => part.text)).toEqual(['Sputnik'])
    const passage = parts.map((part) => part.text).join('')
    expect(passage.startsWith('…')).toBe(true)
    expect(passage.endsWith('…')).toBe(true)
    expect(passage.length).toBeLessThan(240)
  })

  it('should match word prefixes but not the middle of words', () => {
    const parts = searchExcerpt('Open-sourced models and reopened debates', ['open'])
    expect(parts.filter((part) => part.match).map((part) => part.text)).toEqual(['Open'])
  })

  it('should return the opening when nothing matches, and nothing for no text', () => {
    expect(searchExcerpt(text, ['zebra'])[0]?.text.startsWith('Lorem ipsum')).toBe(true)
    expect(searchExcerpt('', ['x'])).toEqual([])
  })

  it('should treat regular-expression characters in words as text', () => {
    expect(() => searchExcerpt('a (b) c', ['(b', 'c)'])).not.toThrow()
  })
})
