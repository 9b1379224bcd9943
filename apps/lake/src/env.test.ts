import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { readConfig } from './env.ts'
import { loadTokens } from './http/tokens.ts'

describe('readConfig', () => {
  it('applies defaults', () => {
    const config = readConfig({})
    expect(config).toMatchObject({
      port: 3210,
      host: '127.0.0.1',
      datasets: ['production'],
      projectId: 'local',
      seed: undefined,
      url: 'http://127.0.0.1:3210',
    })
    expect(config.dataDir).toMatch(/\.data[/\\]lake$/)
    expect(config.imageCacheBytes).toBe(256 * 1024 * 1024)
    expect(readConfig({ LAKE_IMAGE_CACHE_MB: '0' }).imageCacheBytes).toBe(0)
    expect(() => readConfig({ LAKE_IMAGE_CACHE_MB: '-1' })).toThrow(/LAKE_IMAGE_CACHE_MB/)
  })

  it('parses overrides and rejects invalid values', () => {
    const config = readConfig({
      LAKE_PORT: '4000',
      LAKE_DATASETS: 'production, staging',
      LAKE_SEED: 'none',
      LAKE_DATA_DIR: '/tmp/x',
    })
    expect(config).toMatchObject({
      port: 4000,
      url: 'http://127.0.0.1:4000',
      datasets: ['production', 'staging'],
      seed: null,
      dataDir: '/tmp/x',
    })
    expect(() => readConfig({ LAKE_PORT: 'abc' })).toThrow(/LAKE_PORT/)
    expect(() => readConfig({ LAKE_DATASETS: 'Bad Name' })).toThrow(/LAKE_DATASETS/)
  })
})

describe('loadTokens', () => {
  it('generates tokens once, persists them privately and prefers the environment', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lake-tokens-'))
    try {
      const first = loadTokens(dir, { read: undefined, write: undefined })
      expect(first.generated).toBe(true)
      expect(first.read).not.toBe(first.write)
      expect(statSync(path.join(dir, 'tokens.json')).mode & 0o777).toBe(0o600)
      expect(loadTokens(dir, { read: undefined, write: undefined })).toMatchObject({
        read: first.read,
        write: first.write,
      })
      expect(loadTokens(dir, { read: 'env-read', write: 'env-write' })).toEqual({
        read: 'env-read',
        write: 'env-write',
        generated: false,
      })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
