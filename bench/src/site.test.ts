import { describe, expect, it } from 'vitest'

import { buildPhases } from './site.ts'

describe('buildPhases', () => {
  it("reads next build's compile and prerender times", () => {
    const log = `✓ Compiled successfully in 29.4s
  Generating static pages using 1 worker (0/214) ...
✓ Generating static pages using 1 worker (214/214) in 870ms
`
    expect(buildPhases(log)).toEqual({ compile: 29.4, prerender: 0.87 })
    expect(buildPhases('nothing')).toEqual({ compile: null, prerender: null })
  })
})
