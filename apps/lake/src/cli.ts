#!/usr/bin/env node
import path from 'node:path'
import { parseArgs } from 'node:util'
import { diskFullCause } from './store/disk-full.ts'
import { readConfig } from './env.ts'
import { exportNdjson } from './import/export-dataset.ts'
import type { ImportMode } from './import/import-dataset.ts'
import { importNdjson } from './import/import-dataset.ts'
import { datasetUsage, runDatasetCommand } from './import/sanity-dataset-cli.ts'
import { depsFor, openStore, publicUrlFor, serve } from './server.ts'

const usage = `Usage:
  lake [serve]                                   start the HTTP server
  lake import <file.ndjson> [--replace|--missing] [--dataset <name>]
  lake export <file.ndjson> [--dataset <name>]
                                                 (offline: run these while the server is stopped)
${datasetUsage}`

const progress = (message: string) => {
  process.stderr.write(`${message}\n`)
}

async function main(): Promise<void> {
  // The dataset commands take the official CLI's flags, so they parse their own arguments.
  const args = process.argv.slice(2)
  if (args[0] === 'dataset' && !args.includes('--help') && !args.includes('-h')) {
    await runDatasetCommand(args.slice(1), readConfig())
    return
  }
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      dataset: { type: 'string' },
      replace: { type: 'boolean', default: false },
      missing: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  const [command = 'serve', file] = positionals
  if (values.help) {
    console.log(usage)
    return
  }
  const config = readConfig()

  if (command === 'serve') {
    const lake = await serve(config)
    const stop = () => {
      void lake.close().then(() => process.exit(0))
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
    return
  }

  if ((command !== 'import' && command !== 'export') || !file) throw new Error(usage)
  const dataset = values.dataset ?? config.datasets[0] ?? 'production'
  const store = openStore({ ...config, datasets: [...config.datasets, dataset] })
  try {
    if (command === 'export') {
      await exportNdjson(store, dataset, path.resolve(file), progress)
      return
    }
    const mode: ImportMode = values.replace ? 'replace' : values.missing ? 'missing' : 'create'
    const deps = depsFor(config, store, publicUrlFor(config, config.port))
    const result = await importNdjson(deps, dataset, path.resolve(file), {
      mode,
      onProgress: progress,
    })
    progress(`imported ${result.documents} documents and ${result.assets} assets into "${dataset}"`)
  } finally {
    store.close()
  }
}

main().catch((error: unknown) => {
  const diskFull = diskFullCause(error)
  if (diskFull) console.error(`the disk is full, nothing was written (${diskFull})`)
  else console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
