import { expect } from '@playwright/test'
import { lakeClient as localLakeClient } from '@repo/lake-client'

import { e2eEnv } from './env.ts'

/** Commits mutations to the e2e lake with the write token, as an editor's tool would. */
export async function mutate(mutations: unknown[]) {
  const response = await fetch(`${e2eEnv.lakeUrl}/v2025-02-19/data/mutate/production`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${e2eEnv.writeToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ mutations }),
  })
  expect(response.status, await response.clone().text()).toBe(200)
}

/** The official client on the e2e lake (or another lake on the same data) with the write token. */
export function lakeClient(apiHost = e2eEnv.lakeUrl) {
  return localLakeClient(apiHost, { token: e2eEnv.writeToken })
}
