import path from 'node:path'

import { parentEnv } from './env.ts'

/** The repository root (bench/src → ..). */
export const repoRoot = path.resolve(import.meta.dirname, '../..')
export const lakeCli = path.join(repoRoot, 'apps/lake/src/cli.ts')
export const webhookDefinitions = path.join(repoRoot, 'apps/web/sanity-webhook.json')
export const resultsDir = path.join(repoRoot, 'bench/results')
/** The private copy of apps/web the bench builds and serves (see site.ts). */
export const siteCopy = path.join(repoRoot, '.bench/web')
/** Logs of the latest run (lake, builds, the site's server, nginx); git-ignored. */
export const logDir = path.join(repoRoot, '.bench/logs')

/**
 * 5xxx ports: the lake, the site, nginx; BENCH_PORT_BASE (default 5200) moves them all, for a
 * second bench on the same machine.
 */
const base = Number(parentEnv.BENCH_PORT_BASE ?? 5200)
export const ports = {
  lake: base + 10,
  web: base + 100,
  nginxProxy: base + 180,
  nginxStatic: base + 181,
}
export const lakeUrl = `http://127.0.0.1:${ports.lake}`
export const webUrl = `http://127.0.0.1:${ports.web}`

export const tokens = { read: 'bench-read-token', write: 'bench-write-token' }
export const revalidateSecret = 'bench-revalidate-secret-0123456789'
