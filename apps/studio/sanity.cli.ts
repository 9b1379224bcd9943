import { defineCliConfig } from 'sanity/cli'

import { env } from './env.ts'
import { offlineStudio } from './src/offline-build.ts'

export default defineCliConfig({
  api: { projectId: env.SANITY_STUDIO_PROJECT_ID, dataset: env.SANITY_STUDIO_DATASET },
  // Offline machines cannot reach Sanity's module CDN: bundle the Studio's own copy of `sanity`.
  deployment: { autoUpdates: false },
  vite: (config) =>
    env.lakeUrl ? { ...config, plugins: [...(config.plugins ?? []), offlineStudio()] } : config,
})
