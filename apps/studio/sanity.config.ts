import { visionTool } from '@sanity/vision'
import { defineConfig } from 'sanity'
import { structureTool } from 'sanity/structure'

import { schemaTypes } from '@repo/schemas/studio'

import { env } from './env.ts'
import { routeHostedCallsToLake } from './src/hosted-calls.ts'
import { localLakeOptions } from './src/local-lake.ts'

if (env.lakeUrl) routeHostedCallsToLake(env.lakeUrl)

export default defineConfig({
  name: 'default',
  title: 'Cybermediateinment',
  projectId: env.SANITY_STUDIO_PROJECT_ID,
  dataset: env.SANITY_STUDIO_DATASET,
  plugins: [structureTool(), visionTool({ defaultApiVersion: '2025-02-19' })],
  schema: { types: schemaTypes },
  ...(env.lakeUrl ? localLakeOptions(env.lakeUrl) : {}),
})
