#!/usr/bin/env node
/**
 * The Studio in production: the files `sanity build` wrote to dist/, served by studio-app.ts with
 * the Studio's security headers. Run after `pnpm build`; `pnpm dev` is Vite's dev server instead.
 */
import { join } from 'node:path'

import { readBuildFiles } from './server/build-files.ts'
import { securityHeaders } from './server/security-headers.ts'
import { serverEnv as env } from './server/env.ts'
import { startStudioServer } from './server/studio-app.ts'

const files = readBuildFiles(join(import.meta.dirname, 'dist'))
const indexHtml = new TextDecoder().decode(files.get('/index.html')?.body)
const headers = securityHeaders({ indexHtml, lakeUrl: env.lakeUrl, previewUrl: env.previewUrl })

const { server, port } = await startStudioServer({ ...env, files, headers })
console.log(`Studio ready on http://localhost:${port} (listening on ${env.host})`)

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0))
    server.closeIdleConnections()
  })
}
