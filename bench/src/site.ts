import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'

import { lakeUrl, ports, repoRoot, revalidateSecret, siteCopy, webUrl } from './paths.ts'
import { assertPortFree, run, startService, waitForUrl } from './processes.ts'
import type { Service } from './processes.ts'

const nextBin = path.join(siteCopy, 'node_modules/next/dist/bin/next')

/** The site's environment against the bench lake, as playwright.config.ts sets it for e2e. */
const siteEnv: Record<string, string> = {
  SANITY_API_HOST: lakeUrl,
  NEXT_PUBLIC_SANITY_PROJECT_ID: 'local',
  NEXT_PUBLIC_SANITY_DATASET: 'production',
  SITE_URL: webUrl,
  PORT: String(ports.web),
  SANITY_REVALIDATE_SECRET: revalidateSecret,
}

/**
 * A private copy of apps/web at the same depth (`.bench/web`), so the bench never builds into the
 * `.next` an e2e run of the real app may be using; pnpm's relative symlinks in node_modules keep
 * resolving from there. The copy adds one page, `/bench-empty` (the layout and nothing else), the
 * baseline for client JavaScript.
 */
export function prepareSiteCopy(): void {
  rmSync(siteCopy, { recursive: true, force: true })
  mkdirSync(path.dirname(siteCopy), { recursive: true })
  cpSync(path.join(repoRoot, 'apps/web'), siteCopy, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (source) => !/[/\\]\.next($|[/\\])/.test(source),
  })
  const emptyPage = path.join(siteCopy, 'src/app/bench-empty/page.tsx')
  mkdirSync(path.dirname(emptyPage), { recursive: true })
  writeFileSync(emptyPage, 'export default function BenchEmpty() {\n  return null\n}\n')
}

export interface BuildTimes {
  total: number
  /** Compiling the app: independent of the dataset. */
  compile: number | null
  /** Prerendering pages, where the dataset's size could show. */
  prerender: number | null
}

/** `next build` from scratch (no `.next`, so no data or compile cache), in seconds. */
export async function buildSite(logFile: string): Promise<BuildTimes> {
  rmSync(path.join(siteCopy, '.next'), { recursive: true, force: true })
  const started = performance.now()
  await run(process.execPath, [nextBin, 'build'], { cwd: siteCopy, env: siteEnv, logFile })
  const total = (performance.now() - started) / 1000
  return { total, ...buildPhases(readFileSync(logFile, 'utf8')) }
}

/** The phases `next build` reports: "Compiled successfully in 29.4s", "Generating … in 8.7s". */
export function buildPhases(log: string): { compile: number | null; prerender: number | null } {
  const seconds = (pattern: RegExp) => {
    const match = pattern.exec(log)
    if (!match) return null
    const value = Number(match[1])
    return match[2] === 'ms' ? value / 1000 : match[2] === 'min' ? value * 60 : value
  }
  return {
    compile: seconds(/Compiled successfully in ([\d.]+)(ms|s|min)\b/),
    prerender: seconds(/Generating static pages[^\n]*\) in ([\d.]+)(ms|s|min)\b/),
  }
}

/**
 * The site's production server (apps/web/server.ts: Next's request handler, as `next start` runs
 * it, plus the 503 during a lake outage) on the bench's port. `purgeUrl`: the caching proxy's purge
 * endpoint, for the revalidation webhook (CACHE_PURGE_URL); `nodeArgs`: flags for Node itself
 * (`--cpu-prof`).
 */
export async function startSite(
  logFile: string,
  options: { purgeUrl?: string; nodeArgs?: string[] } = {},
): Promise<Service> {
  await assertPortFree(ports.web)
  const env = {
    ...siteEnv,
    NODE_ENV: 'production',
    ...(options.purgeUrl ? { CACHE_PURGE_URL: options.purgeUrl } : {}),
  }
  const service = startService(
    'web',
    process.execPath,
    [...(options.nodeArgs ?? []), 'server.ts'],
    {
      cwd: siteCopy,
      env,
      logFile,
    },
  )
  await waitForUrl(`${webUrl}/`)
  return service
}
