import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { readWebhooks } from './webhook-config.ts'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'webhooks-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

function file(content: unknown) {
  const name = path.join(dir, `${Math.random().toString(36).slice(2)}.json`)
  writeFileSync(name, typeof content === 'string' ? content : JSON.stringify(content))
  return name
}

describe('readWebhooks', () => {
  it('should fill in the shared URL and secret and Sanity’s defaults', () => {
    const hooks = readWebhooks(file([{ name: 'site', filter: '_type == "article"' }]), {
      url: 'http://localhost:3000/api/revalidate',
      secret: 's3cret',
    })
    expect(hooks).toEqual([
      {
        name: 'site',
        url: 'http://localhost:3000/api/revalidate',
        secret: 's3cret',
        dataset: 'production',
        filter: '_type == "article"',
        on: ['create', 'update', 'delete'],
        includeDrafts: false,
      },
    ])
  })

  it('should name what is wrong with a bad file', () => {
    expect(() => readWebhooks(file('{nope'), {})).toThrow(/cannot read/)
    expect(() => readWebhooks(file([{ url: 'ftp://x' }]), {})).toThrow(/not a list of webhooks/)
    expect(() => readWebhooks(file([{ name: 'site' }]), {})).toThrow(/LAKE_WEBHOOK_URL/)
    expect(readWebhooks(undefined, {})).toEqual([])
  })
})
