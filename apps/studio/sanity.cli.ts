import { defineCliConfig } from 'sanity/cli'
import { mergeConfig, searchForWorkspaceRoot } from 'vite'

import { env } from './env.ts'
import { devServerFiles } from './src/dev-server-files.ts'
import { offlineStudio } from './src/offline-build.ts'

export default defineCliConfig({
  api: { projectId: env.SANITY_STUDIO_PROJECT_ID, dataset: env.SANITY_STUDIO_DATASET },
  // Offline machines cannot reach Sanity's module CDN: bundle the Studio's own copy of `sanity`.
  deployment: { autoUpdates: false },
  vite: (config) => {
    const studioRoot = config.root ?? process.cwd()
    return mergeConfig(config, {
      plugins: env.lakeUrl ? [offlineStudio()] : [],
      server: { fs: devServerFiles(studioRoot, searchForWorkspaceRoot(studioRoot)) },
    })
  },
})
