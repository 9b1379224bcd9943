import sharp from 'sharp'

// libvips's operation cache keeps recent pipelines and their pixels (up to 50 MB and 1,000
// operations by default). The lake never repeats an inspection and keeps rendered variants on
// disk, so the cache would only hold memory.
sharp.cache(false)

/**
 * Decodes of images above this many pixels run one at a time. Each may take its whole frame in
 * memory (a 50-megapixel GIF or WebP frame is 200 MB), and four of them at once, one per libuv
 * thread, left the process hundreds of MB bigger for good (glibc keeps what it freed for reuse).
 * Smaller ones, every real upload but the largest photos, run side by side as before.
 */
export const largeDecodePixels = 4_000_000

let queue: Promise<unknown> = Promise.resolve()

/**
 * The pixels libvips holds at once to decode a `width`×`height` image: at least a strip of 256 lines
 * across, however short (its threads each work on strips of the full width: a corrupt GIF
 * declaring 64,903×15 pixels took 136 MB to read).
 */
export function decodePixels(width: number, height: number): number {
  return width * Math.max(height, 256)
}

/** Runs `work`, a decode of `pixels` (see decodePixels), once no other large decode is running. */
export function withDecodeSlot<T>(pixels: number, work: () => Promise<T>): Promise<T> {
  if (!(pixels > largeDecodePixels)) return work()
  const run = queue.then(work, work)
  queue = run.catch(() => undefined)
  return run
}
