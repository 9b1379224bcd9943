import { describe, expect, it } from 'vitest'
import { decodePixels, largeDecodePixels, withDecodeSlot } from './decode-slots.ts'

function tracked() {
  let running = 0
  let most = 0
  const work = async () => {
    running++
    most = Math.max(most, running)
    await new Promise((resolve) => setTimeout(resolve, 5))
    running--
  }
  return { work, most: () => most }
}

describe('withDecodeSlot', () => {
  it('should run large decodes one at a time, even when one fails', async () => {
    const { work, most } = tracked()
    const failing = withDecodeSlot(largeDecodePixels + 1, () =>
      Promise.reject(new Error('corrupt')),
    )
    await Promise.all([
      expect(failing).rejects.toThrow('corrupt'),
      ...Array.from({ length: 4 }, () => withDecodeSlot(largeDecodePixels + 1, work)),
    ])
    expect(most()).toBe(1)
  })

  it('should run small decodes side by side', async () => {
    const { work, most } = tracked()
    await Promise.all(Array.from({ length: 4 }, () => withDecodeSlot(1000, work)))
    expect(most()).toBe(4)
  })

  it('should count a short, wide image by the strips libvips reads it in', () => {
    expect(decodePixels(64_903, 15)).toBeGreaterThan(largeDecodePixels)
    expect(decodePixels(4000, 3000)).toBe(12_000_000)
  })
})
