/** Addresses and tokens of the servers `playwright.config.ts` starts for this run. */
export const e2eEnv = {
  studioUrl: process.env.E2E_STUDIO_URL ?? 'http://localhost:4333',
  lakeUrl: process.env.E2E_LAKE_URL ?? 'http://127.0.0.1:4210',
  /** The lake as the Studio (and so the sign-in cookie) names it. */
  studioLakeUrl: process.env.E2E_STUDIO_LAKE_URL ?? 'http://localhost:4210',
  lakeSwitchUrl: process.env.E2E_LAKE_SWITCH_URL ?? 'http://127.0.0.1:4211',
  writeToken: process.env.E2E_WRITE_TOKEN ?? '',
  readToken: process.env.E2E_READ_TOKEN ?? '',
  lakeDataDir: process.env.E2E_LAKE_DATA_DIR ?? '',
  webUrl: process.env.E2E_WEB_URL ?? 'http://127.0.0.1:4000',
  revalidateSecret: process.env.E2E_REVALIDATE_SECRET ?? '',
}

/** The environment child processes a spec starts inherit (it adds its own variables on top). */
export const inheritedEnv: NodeJS.ProcessEnv = process.env
