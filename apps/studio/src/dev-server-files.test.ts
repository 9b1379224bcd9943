import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

import { createServer } from 'vite'
import type { ViteDevServer } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import cliConfig from '../sanity.cli.ts'
import { devServerFiles } from './dev-server-files.ts'

const secret = 'must-not-leak'
let repo: string
let studio: string
let server: ViteDevServer
let origin: string

function write(path: string, text: string) {
  mkdirSync(dirname(join(repo, path)), { recursive: true })
  writeFileSync(join(repo, path), text)
}

/** Files that hold secrets or lie outside what the Studio needs: written in, never sent. */
const secretFiles = [
  '.data/lake/tokens.json',
  '.data/lake/lake.db',
  '.data/lake/lake.db-wal',
  '.data/revalidate-secret',
  'apps/web/.next/prerender-manifest.json',
  'apps/web/.env.local',
  'apps/studio/.env',
  'apps/lake/src/env.ts',
  'tokens.json',
]

beforeAll(async () => {
  // A repository in miniature, laid out as this one is.
  repo = mkdtempSync(join(tmpdir(), 'studio-dev-files-'))
  studio = join(repo, 'apps/studio')
  for (const path of secretFiles) write(path, secret)
  write('pnpm-workspace.yaml', 'packages: [apps/*, packages/*]')
  write('apps/studio/src/studio.ts', 'export const studio = 1')
  write('node_modules/.pnpm/pkg/index.js', 'export const pkg = 1')
  write('packages/schemas/dist/index.js', 'export const schemas = 1')

  server = await createServer({
    root: studio,
    configFile: false,
    logLevel: 'silent',
    server: { port: 0, host: '127.0.0.1', fs: devServerFiles(studio, repo), ws: false },
  })
  await server.listen()
  origin = `http://localhost:${(server.httpServer?.address() as AddressInfo).port}`
})

afterAll(async () => {
  await server.close()
  rmSync(repo, { recursive: true, force: true })
})

describe("the Studio's dev server (Vite) files", () => {
  it('sends the Studio, installed packages and workspace packages', async () => {
    for (const path of [
      'apps/studio/src/studio.ts',
      'node_modules/.pnpm/pkg/index.js',
      'packages/schemas/dist/index.js',
    ]) {
      const response = await fetch(`${origin}/@fs${repo}/${path}`)
      expect(response.status, path).toBe(200)
    }
  })

  it("refuses the lake's data, the site's build, env files and the rest of the repository", async () => {
    for (const path of secretFiles) {
      const response = await fetch(`${origin}/@fs${repo}/${path}`)
      expect(response.status, path).toBe(403)
      expect(await response.text(), path).not.toContain(secret)
    }
  })

  it('is what sanity.cli.ts gives `sanity dev`', async () => {
    const viteHook = cliConfig.vite
    if (typeof viteHook !== 'function') throw new Error('sanity.cli.ts has no vite function')
    const config = await viteHook({ root: studio }, { command: 'serve', mode: 'development' })
    expect(config.server?.fs).toEqual(devServerFiles(studio, repo))
  })
})
