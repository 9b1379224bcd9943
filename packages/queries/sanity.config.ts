import { defineConfig } from 'sanity'

import { schemaTypes } from '@repo/schemas/studio'

// The Studio's content model (apps/studio uses the same types) for TypeGen's schema extraction.
export default defineConfig({
  projectId: 'local',
  dataset: 'production',
  schema: { types: schemaTypes },
})
