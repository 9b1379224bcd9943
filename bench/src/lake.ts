import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { generateDataset } from '@repo/content-generator'
import type { GeneratedDocument } from '@repo/content-generator'
import { writeDataset } from '@repo/content-generator/write'

import {
  lakeCli,
  lakeUrl,
  ports,
  revalidateSecret,
  tokens,
  webhookDefinitions,
  webUrl,
} from './paths.ts'
import { assertPortFree, run, startService, waitForUrl } from './processes.ts'
import type { Service } from './processes.ts'

export interface PreparedLake {
  articles: number
  dataDir: string
  /** The generated documents' ids, types, slugs, tags and dates, to draw parameters from. */
  documents: GeneratedDocument[]
  importSeconds: number
}

/**
 * Generates a dataset of `articles` articles and imports it into a fresh data directory with the
 * lake's own `import` command — the path any NDJSON export takes, nothing bench-specific.
 */
export async function prepareLake(articles: number, workDir: string): Promise<PreparedLake> {
  const dir = await mkdtemp(path.join(workDir, `lake-${articles}-`))
  const dataset = generateDataset({ articles, seed: 1 })
  const file = path.join(dir, 'dataset', 'production.ndjson')
  await writeDataset(dataset, file)
  const dataDir = path.join(dir, 'data')
  const started = performance.now()
  await run(process.execPath, [lakeCli, 'import', file, '--replace'], {
    env: { LAKE_DATA_DIR: dataDir, LAKE_SEED: 'none' },
    logFile: path.join(dir, 'import.log'),
  })
  return {
    articles,
    dataDir,
    // Only what parameters are drawn from: the whole dataset would sit in this process's heap and
    // its garbage collection in the in-process query timings.
    documents: dataset.documents.map(({ _id, _type, slug, tags, publishedAt }) => ({
      _id,
      _type,
      slug,
      tags,
      publishedAt,
    })),
    importSeconds: (performance.now() - started) / 1000,
  }
}

/**
 * Serves a prepared data directory on the bench's lake port. `webhooks`: call the site's
 * revalidation route on every publish, configured exactly as playwright.config.ts does.
 */
export async function startLake(
  lake: PreparedLake,
  options: { webhooks: boolean; logDir: string; env?: Record<string, string>; logName?: string },
): Promise<Service> {
  await assertPortFree(ports.lake)
  const env: Record<string, string> = {
    LAKE_PORT: String(ports.lake),
    LAKE_HOST: '127.0.0.1',
    LAKE_DATA_DIR: lake.dataDir,
    LAKE_SEED: 'none',
    LAKE_LISTEN_POOL: '0',
    SANITY_API_READ_TOKEN: tokens.read,
    SANITY_API_WRITE_TOKEN: tokens.write,
    ...options.env,
  }
  if (options.webhooks) {
    env.LAKE_WEBHOOKS = webhookDefinitions
    env.LAKE_WEBHOOK_URL = `${webUrl}/api/revalidate`
    env.LAKE_WEBHOOK_SECRET = revalidateSecret
  }
  const service = startService('lake', process.execPath, [lakeCli, 'serve'], {
    env,
    logFile: path.join(options.logDir, `${options.logName ?? 'lake'}-${lake.articles}.log`),
  })
  await waitForUrl(`${lakeUrl}/health`)
  return service
}

export async function newWorkDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'bench-'))
}
