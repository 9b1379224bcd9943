import { join } from 'node:path'

import type { ServerOptions } from 'vite'

/** Vite's own default deny list, repeated because a `deny` of our own replaces it. */
const viteDefaultDeny = [
  '.env',
  '.env.*',
  '*.{crt,pem,key,p12,pfx,cer,der}',
  '.npmrc',
  '.yarnrc.yml',
  '**/.git/**',
]

/**
 * What the rest of the repository keeps that no browser may read: the lake's data (its tokens,
 * SQLite database and WAL, uploaded assets), the site's build (its preview-mode secret in
 * prerender-manifest.json) and the revalidation secret beside the lake's data.
 */
const repositoryDeny = [
  '**/.data/**',
  '**/.next/**',
  '**/.turbo/**',
  '*.db',
  '*.db-*',
  '*.sqlite',
  '*.sqlite-*',
  'tokens.json',
  'revalidate-secret',
]

/**
 * Which files `sanity dev` (Vite) may send through `/@fs/…`: the Studio itself, the installed
 * packages and the workspace packages it imports, never the rest of the repository (Vite's
 * default allows the whole workspace).
 */
export function devServerFiles(studioRoot: string, workspaceRoot: string): ServerOptions['fs'] {
  return {
    strict: true,
    allow: [studioRoot, join(workspaceRoot, 'node_modules'), join(workspaceRoot, 'packages')],
    deny: [...viteDefaultDeny, ...repositoryDeny],
  }
}
