import { defineCliConfig } from 'sanity/cli'

// Only for `sanity schema extract` and `sanity typegen generate`, which read the schema offline.
export default defineCliConfig({ api: { projectId: 'local', dataset: 'production' } })
