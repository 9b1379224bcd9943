import { afterEach, describe, expect, it, vi } from 'vitest'

import { isLakeOutage, OUTAGE_MEMORY_MS, reportLakeUnreachable } from './lake-outage'

describe('lake outage', () => {
  afterEach(() => {
    Reflect.deleteProperty(globalThis, Symbol.for('@repo/web/lake-outage'))
  })

  it('should be no outage until the lake was found out of reach', () => {
    expect(isLakeOutage()).toBe(false)
    reportLakeUnreachable()
    expect(isLakeOutage()).toBe(true)
  })

  it('should end a while after the last failure, and each failure should extend it', () => {
    reportLakeUnreachable(1_000)
    expect(isLakeOutage(1_000 + OUTAGE_MEMORY_MS - 1)).toBe(true)
    expect(isLakeOutage(1_000 + OUTAGE_MEMORY_MS)).toBe(false)
    reportLakeUnreachable(1_000 + OUTAGE_MEMORY_MS)
    expect(isLakeOutage(1_000 + OUTAGE_MEMORY_MS * 2 - 1)).toBe(true)
  })

  it('should be one state for every copy of the module, as Next bundles it apart from the server', async () => {
    vi.resetModules()
    const copy = await import('./lake-outage')
    expect(copy.isLakeOutage).not.toBe(isLakeOutage)
    expect(copy.isLakeOutage()).toBe(false)
    reportLakeUnreachable()
    expect(copy.isLakeOutage()).toBe(true)
  })
})
