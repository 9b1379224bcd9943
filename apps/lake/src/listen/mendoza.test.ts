import { applyPatch } from 'mendoza'
import { describe, expect, it } from 'vitest'
import { diff, effectsOf } from './mendoza.ts'

const before = {
  _id: 'a',
  _type: 'article',
  _rev: 'r1',
  title: 'Old',
  removed: true,
  nested: { keep: 1, change: 'x', gone: [1], deeper: { z: 1, y: 2 } },
  list: [{ _key: 'k', v: 1 }],
}
const after = {
  _id: 'a',
  _type: 'article',
  _rev: 'r2',
  title: 'New',
  added: { fresh: true },
  nested: { keep: 1, change: 'y', deeper: { z: 1, y: 3 } },
  list: [{ _key: 'k', v: 2 }],
}
const strip = ({ _rev, ...rest }: Record<string, unknown>) => rest

describe('mendoza effects', () => {
  it('should encode whole values for creation and deletion', () => {
    expect(effectsOf(null, after)).toEqual({ apply: [0, strip(after)], revert: [0, null] })
    expect(effectsOf(before, null)).toEqual({ apply: [0, null], revert: [0, strip(before)] })
    expect(diff({ a: 1 }, { a: 1 })).toEqual([])
  })

  // mendoza's applyPatch is the decoder the Studio runs on these effects.
  it('should round-trip through the decoder the Studio uses', () => {
    const { apply, revert } = effectsOf(before, after)
    expect(applyPatch(strip(before), apply)).toEqual(strip(after))
    expect(applyPatch(strip(after), revert)).toEqual(strip(before))
    const created = effectsOf(null, after)
    expect(applyPatch(null, created.apply)).toEqual(strip(after))
    expect(applyPatch(strip(after), created.revert)).toBeNull()
    expect(applyPatch({ a: 'x' }, diff({ a: 'x' }, 'text'))).toBe('text')
  })
})
