import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

import { defineConfig } from '@playwright/test'
import { chromiumFlags, chromiumPath } from '@repo/chromium'

/**
 * The end-to-end suite runs the real parts: a fresh lake (seeded from the launch dataset) and a
 * production build of the site served by `next start`, on their own ports so a running `scripts/start`
 * does not interfere. Chromium is Debian's: Playwright cannot download browsers here.
 */
const lakePort = Number(process.env.E2E_LAKE_PORT ?? 4210)
const webPort = Number(process.env.E2E_WEB_PORT ?? 4000)
const studioPort = Number(process.env.E2E_STUDIO_PORT ?? 4333)
const lakeUrl = `http://127.0.0.1:${lakePort}`
// The site reaches the lake through a switch the lake-down test can turn off.
const lakeSwitchPort = lakePort + 1
const lakeSwitchUrl = `http://127.0.0.1:${lakeSwitchPort}`
const webUrl = `http://127.0.0.1:${webPort}`
// The Studio and the lake it calls share the host name `localhost`, as they do in development.
const studioUrl = `http://localhost:${studioPort}`
const studioLakeUrl = `http://localhost:${lakePort}`
const lakeDataDir = process.env.E2E_LAKE_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'e2e-lake-'))
const writeToken = 'e2e-write-token'
const readToken = 'e2e-read-token'
const revalidateSecret = 'e2e-revalidate-secret-0123456789'

process.env.E2E_LAKE_URL = lakeUrl
process.env.E2E_LAKE_SWITCH_URL = lakeSwitchUrl
process.env.E2E_WEB_URL = webUrl
process.env.E2E_WRITE_TOKEN = writeToken
process.env.E2E_READ_TOKEN = readToken
process.env.E2E_STUDIO_URL = studioUrl
process.env.E2E_STUDIO_LAKE_URL = studioLakeUrl
process.env.E2E_LAKE_DATA_DIR = lakeDataDir
process.env.E2E_REVALIDATE_SECRET = revalidateSecret

const siteEnv = {
  SANITY_API_HOST: lakeSwitchUrl,
  NEXT_PUBLIC_SANITY_IMAGE_HOST: lakeUrl,
  NEXT_PUBLIC_SANITY_PROJECT_ID: 'local',
  NEXT_PUBLIC_SANITY_DATASET: 'production',
  SITE_URL: webUrl,
  PORT: String(webPort),
  SANITY_REVALIDATE_SECRET: revalidateSecret,
  // Draft mode reads drafts with it; the Studio is the only origin that may frame previews.
  SANITY_API_READ_TOKEN: readToken,
  SANITY_STUDIO_URL: studioUrl,
}

export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 30_000,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    baseURL: webUrl,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromiumPath,
      args: chromiumFlags,
    },
  },
  webServer: [
    {
      name: 'lake',
      command: 'pnpm --filter @repo/lake serve',
      url: `${lakeUrl}/health`,
      env: {
        LAKE_PORT: String(lakePort),
        LAKE_DATA_DIR: lakeDataDir,
        SANITY_API_WRITE_TOKEN: writeToken,
        SANITY_API_READ_TOKEN: readToken,
        LAKE_STUDIO_ORIGINS: studioUrl,
        LAKE_WEBHOOKS: resolve('apps/web/sanity-webhook.json'),
        LAKE_WEBHOOK_URL: `${webUrl}/api/revalidate`,
        LAKE_WEBHOOK_SECRET: revalidateSecret,
      },
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      name: 'lake-switch',
      command: `node e2e/lake-switch.ts ${lakeSwitchPort} ${lakeUrl}`,
      url: `${lakeSwitchUrl}/__lake/on`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      name: 'web',
      // The site is built once the lake answers, so the build prerenders real content.
      // Next keeps fetched data across builds; this run's lake is new, so its cache must be too.
      command: `node e2e/wait-for.ts ${lakeSwitchUrl}/health && rm -rf apps/web/.next/cache/fetch-cache && pnpm --filter @repo/web build && pnpm --filter @repo/web serve`,
      url: webUrl,
      env: siteEnv,
      reuseExistingServer: false,
      timeout: 240_000,
    },
    {
      name: 'studio',
      // The Studio's production server (apps/studio/serve.ts), as `scripts/start` runs it.
      command: 'pnpm --filter @repo/studio build && pnpm --filter @repo/studio serve',
      url: studioUrl,
      env: {
        SANITY_STUDIO_API_HOST: studioLakeUrl,
        SANITY_STUDIO_PREVIEW_URL: webUrl,
        SANITY_STUDIO_PORT: String(studioPort),
      },
      reuseExistingServer: false,
      timeout: 240_000,
    },
  ],
})
