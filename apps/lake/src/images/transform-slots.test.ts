import { describe, expect, it } from 'vitest'
import { TransformSlots } from './transform-slots.ts'

describe('TransformSlots', () => {
  it('should run two at a time, queue sixteen and refuse the rest, even when some fail', async () => {
    const slots = new TransformSlots(2, 16)
    let running = 0
    let most = 0
    const release: (() => void)[] = []
    const work = (fail: boolean) => async () => {
      running++
      most = Math.max(most, running)
      await new Promise<void>((resolve) => release.push(resolve))
      running--
      if (fail) throw new Error('corrupt')
      return 'done'
    }
    const started = Array.from({ length: 18 }, (_, index) => slots.tryRun(work(index % 3 === 0)))
    const runs = started.filter((run) => run !== undefined)
    expect(runs).toHaveLength(18)
    // Two running, sixteen waiting: the nineteenth is refused without running.
    expect(slots.tryRun(work(false))).toBeUndefined()
    const settled = Promise.allSettled(runs)
    while (release.length > 0 || running > 0) {
      await new Promise((resolve) => setTimeout(resolve, 1))
      release.shift()?.()
    }
    const results = await settled
    expect(results.filter((result) => result.status === 'rejected')).toHaveLength(6)
    expect(most).toBe(2)
    // Every slot came back: a full round fits again.
    expect(slots.tryRun(() => Promise.resolve('again'))).toBeDefined()
  })
})
