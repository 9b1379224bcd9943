import { describe, expect, it } from 'vitest'
import { MemorySnapshot } from '../store/memory-snapshot.ts'
import type { SanityDocument } from '../store/store.ts'
import { parsePerspective, publishedId, viewOf } from './perspective.ts'

const docs: SanityDocument[] = [
  { _id: 'a', _type: 'post', title: 'A published' },
  { _id: 'drafts.a', _type: 'post', title: 'A draft' },
  { _id: 'drafts.b', _type: 'post', title: 'B draft only' },
  { _id: 'versions.r1.a', _type: 'post', title: 'A in release' },
  { _id: 'secret.config', _type: 'config' },
]
const snapshot = new MemorySnapshot('production', 1, new Map(docs.map((doc) => [doc._id, doc])))
const ids = (perspective: string | undefined, anonymous = false) =>
  viewOf(snapshot, parsePerspective(perspective), { anonymous }).documents.map((doc) => doc._id)

describe('perspectives', () => {
  it('published hides drafts and versions', () => {
    expect(ids('published')).toEqual(['a', 'secret.config'])
    expect(ids(undefined)).toEqual(['a', 'secret.config'])
  })

  it('anonymous callers never see ids with a path', () => {
    expect(ids('published', true)).toEqual(['a'])
  })

  it('raw returns everything', () => {
    expect(ids('raw')).toHaveLength(docs.length)
  })

  it('drafts overlays drafts on published documents under the published id', () => {
    const view = viewOf(snapshot, parsePerspective('drafts'), { anonymous: false })
    expect(view.documents.map((doc) => [doc._id, doc._originalId, doc.title])).toEqual([
      ['a', 'drafts.a', 'A draft'],
      ['b', 'drafts.b', 'B draft only'],
      ['secret.config', 'secret.config', undefined],
    ])
    expect(view.byId.get('a')?.title).toBe('A draft')
  })

  it('supports release stacks and the legacy previewDrafts name', () => {
    const titles = viewOf(snapshot, parsePerspective('r1,drafts'), {
      anonymous: false,
    }).documents.map((doc) => doc.title)
    expect(titles[0]).toBe('A in release')
    expect(parsePerspective('previewDrafts')).toEqual(['drafts', 'published'])
    expect(() => parsePerspective('bad perspective!')).toThrow()
  })

  it('maps any version id to its published id', () => {
    expect(publishedId('drafts.x')).toBe('x')
    expect(publishedId('versions.r1.x')).toBe('x')
    expect(publishedId('x')).toBe('x')
  })
})
