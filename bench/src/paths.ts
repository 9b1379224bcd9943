import path from 'node:path'

/** The repository root (bench/src → ..). */
export const repoRoot = path.resolve(import.meta.dirname, '../..')
export const lakeCli = path.join(repoRoot, 'apps/lake/src/cli.ts')
export const webhookDefinitions = path.join(repoRoot, 'apps/web/sanity-webhook.json')
export const resultsDir = path.join(repoRoot, 'bench/results')
/** The private copy of apps/web the bench builds and serves (see site.ts). */
export const siteCopy = path.join(repoRoot, '.bench/web')
/** Logs of the latest run (lake, builds, next start, nginx); git-ignored. */
export const logDir = path.join(repoRoot, '.bench/logs')

/** 5xxx ports: the lake, the site, nginx. */
export const ports = { lake: 5210, web: 5300, nginxProxy: 5380, nginxStatic: 5381 }
export const lakeUrl = `http://127.0.0.1:${ports.lake}`
export const webUrl = `http://127.0.0.1:${ports.web}`

export const tokens = { read: 'bench-read-token', write: 'bench-write-token' }
export const revalidateSecret = 'bench-revalidate-secret-0123456789'
