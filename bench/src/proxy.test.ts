import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { afterAll, describe, expect, it } from 'vitest'

import { purgeModule, writeProxyConfig } from './proxy.ts'

const root = mkdtempSync(path.join(tmpdir(), 'bench-proxy-test-'))
afterAll(() => {
  rmSync(root, { recursive: true, force: true })
})

describe('writeProxyConfig', () => {
  it('fills in every placeholder of bench/nginx/site-cache.conf', () => {
    writeProxyConfig(root, path.join(root, 'static'))
    const site = readFileSync(path.join(root, 'site-cache.conf'), 'utf8')
    expect(site).not.toContain('{{')
    expect(site).toContain('proxy_cache_purge pages')
    expect(readFileSync(path.join(root, 'nginx.conf'), 'utf8')).toContain('include')
  })

  const nginx = spawnSync('which', ['nginx']).status === 0 && existsSync(purgeModule)
  it.skipIf(!nginx)('is a configuration nginx accepts (nginx -t)', () => {
    mkdirSync(path.join(root, 'logs'), { recursive: true })
    const main = writeProxyConfig(root, path.join(root, 'static'))
    const test = spawnSync('nginx', ['-t', '-p', root, '-c', main], { encoding: 'utf8' })
    expect(test.stderr).toContain('syntax is ok')
  })
})
