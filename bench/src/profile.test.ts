import { describe, expect, it } from 'vitest'

import { moduleOf, summarizeProfile } from './profile.ts'

describe('moduleOf', () => {
  it('names packages, Next areas, Node internals and the site bundle', () => {
    const nm = 'file:///repo/node_modules/.pnpm/next@16/node_modules'
    expect(moduleOf(`${nm}/next/dist/compiled/react-dom/cjs/server.js`, 'f')).toBe(
      'next/dist/compiled/react-dom',
    )
    expect(moduleOf(`${nm}/next/dist/server/base-server.js`, 'f')).toBe(
      'next/dist/server/base-server',
    )
    expect(moduleOf(`${nm}/@swc/helpers/index.js`, 'f')).toBe('@swc/helpers')
    expect(moduleOf('node:internal/streams/readable', 'f')).toBe('node:internal/streams')
    expect(moduleOf('node:zlib', 'f')).toBe('node:zlib')
    expect(moduleOf('/repo/.bench/web/.next/server/app/page.js', 'f')).toBe('.next/server/app')
    expect(moduleOf('', '(garbage collector)')).toBe('(garbage collector)')
  })
})

describe('summarizeProfile', () => {
  it('adds self time per function and module, idle apart', () => {
    const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0 })
    const summary = summarizeProfile({
      nodes: [
        { id: 1, callFrame: frame('(idle)', '') },
        { id: 2, callFrame: frame('render', 'file:///r/node_modules/react-dom/x.js') },
        { id: 3, callFrame: frame('(garbage collector)', '') },
      ],
      samples: [1, 2, 2, 2, 3],
      timeDeltas: [5000, 1000, 1000, 1000, 1000],
    })
    expect(summary.sampled_ms).toBe(9)
    expect(summary.busy_share).toBe(0.444)
    expect(summary.top_modules).toEqual([
      { module: 'react-dom', self_ms: 3, share: 75 },
      { module: '(garbage collector)', self_ms: 1, share: 25 },
    ])
    expect(summary.top_functions[0]?.function).toBe('render react-dom/x.js:1')
    expect(summary.top_functions.map((entry) => entry.function)).not.toContain('(idle)')
  })

  it('summarizes only the last milliseconds when asked', () => {
    const frame = (functionName: string) => ({ functionName, url: '', lineNumber: 0 })
    const summary = summarizeProfile(
      {
        nodes: [
          { id: 1, callFrame: frame('(program)') },
          { id: 2, callFrame: frame('(garbage collector)') },
        ],
        samples: [1, 1, 2, 2],
        timeDeltas: [1000, 1000, 1000, 1000],
      },
      12,
      2,
    )
    expect(summary.sampled_ms).toBe(2)
    expect(summary.top_modules.map((entry) => entry.module)).toEqual(['(garbage collector)'])
  })
})
