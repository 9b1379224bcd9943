import { visionTool } from '@sanity/vision'
import { defineConfig } from 'sanity'
import { structureTool } from 'sanity/structure'

import { schemaTypes } from '@repo/schemas/studio'

import { env } from './env.ts'
import { routeHostedCallsToLake } from './src/hosted-calls.ts'
import { localLakeOptions } from './src/local-lake.ts'
import { openPreviewAction } from './src/open-preview-action.ts'
import { sitePresentation } from './src/presentation.ts'

if (env.lakeUrl) routeHostedCallsToLake(env.lakeUrl)

const lake = env.lakeUrl ? localLakeOptions(env.lakeUrl) : {}

export default defineConfig({
  name: 'default',
  title: 'Cybermediateinment',
  projectId: env.SANITY_STUDIO_PROJECT_ID,
  dataset: env.SANITY_STUDIO_DATASET,
  plugins: [
    structureTool(),
    sitePresentation(env.SANITY_STUDIO_PREVIEW_URL),
    visionTool({ defaultApiVersion: '2025-02-19' }),
  ],
  schema: { types: schemaTypes },
  ...lake,
  document: {
    ...lake.document,
    actions: (actions, { schemaType }) =>
      schemaType === 'article' ? [...actions, openPreviewAction] : actions,
  },
})
