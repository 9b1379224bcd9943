import { createReadStream, existsSync, mkdirSync, statSync } from 'node:fs'
import { readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { parseArgs } from 'node:util'
import { createClient } from '@sanity/client'
import type { SanityClient } from '@sanity/client'
import { exportDataset } from '@sanity/export'
import { sanityImport } from '@sanity/import'
import type { LakeConfig } from '../env.ts'
import { loadTokens } from '../http/tokens.ts'
import type { ImportMode } from './import-dataset.ts'

/*
 * `lake dataset import|export`: the official `sanity dataset import|export` cannot be pointed at
 * the lake (its API host is hard-coded), so these commands run the same libraries it runs,
 * `@sanity/import` and `@sanity/export`, with the same options, over HTTP against a running lake.
 */

/** A running lake and the token to call it with. */
export interface LakeTarget {
  url: string
  token: string
}

/** What both libraries report: a step name and, once known, how far along it is. */
export interface DatasetProgress {
  step: string
  current?: number | undefined
  total?: number | '?' | undefined
  update?: boolean | string | undefined
}

export interface DatasetImportOptions {
  /** `create` (the default) fails on existing ids, `replace` overwrites them, `missing` skips them. */
  mode?: ImportMode
  /** Assets that cannot be read or uploaded become warnings instead of failing the import. */
  allowFailingAssets?: boolean
  onProgress?: (progress: DatasetProgress) => void
}

export interface DatasetImportResult {
  documents: number
  warnings: string[]
}

export interface DatasetExportOptions {
  /** Download the asset files into the archive (`--no-assets` strips asset references instead). */
  assets?: boolean
  /** Include drafts and release versions (`--no-drafts` exports published documents only). */
  drafts?: boolean
  types?: string[] | undefined
  onProgress?: (progress: DatasetProgress) => void
}

export interface DatasetExportResult {
  documents: number
  assets: number
}

interface LakeHealth {
  projectId: string
  datasets: string[]
}

/**
 * Asks the lake for its project id and datasets. Both libraries would otherwise fail much later,
 * after retrying, with a less telling message (a bare ECONNREFUSED or a 404 mid-import).
 */
async function connect(target: LakeTarget, dataset: string): Promise<LakeHealth> {
  let response: Response
  try {
    response = await fetch(`${target.url}/health`)
  } catch (error) {
    const reason = error instanceof Error && error.cause instanceof Error ? error.cause : error
    throw new Error(
      `cannot reach the lake at ${target.url} (${reason instanceof Error ? reason.message : String(reason)}); ` +
        'start it with `node src/cli.ts serve` or point LAKE_URL at it',
      { cause: error },
    )
  }
  if (!response.ok) {
    throw new Error(`the lake at ${target.url} is not ready (GET /health: HTTP ${response.status})`)
  }
  const health = (await response.json()) as LakeHealth
  if (!health.datasets.includes(dataset)) {
    throw new Error(
      `dataset "${dataset}" not found on the lake at ${target.url} (it has: ${health.datasets.join(', ')}); ` +
        'datasets are configured with LAKE_DATASETS',
    )
  }
  return health
}

function lakeClient(
  target: LakeTarget,
  health: LakeHealth,
  dataset: string,
  apiVersion: string,
): SanityClient {
  return createClient({
    projectId: health.projectId,
    dataset,
    apiHost: target.url,
    useProjectHostname: false,
    apiVersion,
    token: target.token,
    useCdn: false,
  })
}

/** The official CLI's import modes, as `--replace`/`--missing` map them. */
const operations = {
  create: { operation: 'create', releasesOperation: 'fail' },
  replace: { operation: 'createOrReplace', releasesOperation: 'replace' },
  missing: { operation: 'createIfNotExists', releasesOperation: 'ignore' },
} as const

/** Where `file://./images/…` markers are resolved from, as the official CLI decides it. */
function assetsBaseFor(source: string): string | undefined {
  if (/^https?:\/\//i.test(source) || source === '-') return undefined
  return statSync(source).isDirectory() ? source : path.dirname(source)
}

async function openSource(source: string): Promise<NodeJS.ReadableStream | string> {
  if (source === '-') return process.stdin
  if (/^https?:\/\//i.test(source)) {
    const response = await fetch(source).catch((error: unknown) => {
      throw new Error(`cannot fetch ${source}: ${String(error)}`, { cause: error })
    })
    if (!response.ok || !response.body)
      throw new Error(`cannot fetch ${source}: HTTP ${response.status}`)
    return Readable.fromWeb(response.body)
  }
  if (!existsSync(source)) throw new Error(`${source}: no such file or folder`)
  // A folder is an unpacked export: sanityImport reads its .ndjson, assets.json and asset files.
  return statSync(source).isDirectory() ? source : createReadStream(source)
}

/**
 * Imports an NDJSON file, an export tarball (`.tar.gz`), an unpacked export folder or a URL of
 * one into a dataset of a running lake, the way `sanity dataset import` does: documents in batches
 * with weakened references, then the assets, then the references strengthened again. Like
 * Sanity's, the import is not one transaction; a source that cannot be read fails before anything
 * is written.
 */
export async function importIntoLake(
  target: LakeTarget,
  source: string,
  dataset: string,
  options: DatasetImportOptions = {},
): Promise<DatasetImportResult> {
  const health = await connect(target, dataset)
  const input = await openSource(source)
  const assetsBase = assetsBaseFor(source)
  const client = lakeClient(target, health, dataset, 'v2025-02-19')
  const scratch = await importScratchDirs()
  try {
    const { numDocs, warnings } = await sanityImport(input, {
      client,
      operation: operations[options.mode ?? 'create'].operation,
      releasesOperation: operations[options.mode ?? 'create'].releasesOperation,
      allowFailingAssets: options.allowFailingAssets ?? false,
      allowAssetsInDifferentDataset: false,
      allowReplacementCharacters: false,
      allowSystemDocuments: false,
      // Its "does this asset exist already?" check sends a HEAD through node:https, which cannot
      // reach an http:// lake. Uploads to the lake are content-addressed (the same bytes give the
      // same asset document), so uploading every asset again is what reuse would have been.
      replaceAssets: true,
      skipCrossDatasetReferences: false,
      tag: 'sanity.import',
      targetDataset: dataset,
      targetProjectId: health.projectId,
      onProgress: options.onProgress ?? (() => undefined),
      ...(assetsBase ? { assetsBase } : {}),
    })
    return { documents: numDocs, warnings: warnings.map((warning) => warning.message) }
  } catch (error) {
    throw explainImportError(error, source, dataset, options.mode ?? 'create')
  } finally {
    for (const name of await importScratchDirs())
      if (!scratch.has(name)) await rm(path.join(tmpdir(), name), { recursive: true, force: true })
  }
}

/**
 * @sanity/import unpacks a tarball into `<tmp>/sanity-import-<time>/` and leaves that folder
 * behind (all of the unpacked export when the import fails); the ones that appeared during an
 * import are its own.
 */
async function importScratchDirs(): Promise<Set<string>> {
  const names = await readdir(tmpdir()).catch(() => [])
  return new Set(names.filter((name) => name.startsWith('sanity-import-')))
}

function explainImportError(error: unknown, source: string, dataset: string, mode: ImportMode) {
  let message = error instanceof Error ? error.message : String(error)
  const status = (error as { statusCode?: unknown } | null)?.statusCode
  if ((error as { code?: unknown } | null)?.code === 'ERR_INVALID_PROTOCOL') {
    // Raw asset documents (an NDJSON export of a lake) have http:// URLs, which @sanity/import
    // verifies with an https-only request.
    message =
      'the data contains asset documents with http:// URLs, which @sanity/import can only ' +
      'verify over https; re-run with --allow-failing-assets to skip that check'
  } else if (status === 409 && mode === 'create') {
    message += '\n(pass --replace to overwrite existing documents or --missing to skip them)'
  } else if (status === 401 || status === 403) {
    message += `\n${tokenHint}`
  }
  return new Error(`cannot import ${source} into "${dataset}": ${message}`, { cause: error })
}

// The CLI finds the server's tokens through the same environment; a different LAKE_DATA_DIR or
// token variable is the usual reason a running lake turns them down.
const tokenHint =
  "(the lake refused the token: run with the server's LAKE_DATA_DIR or SANITY_API_*_TOKEN)"

/**
 * Exports a dataset of a running lake into a gzipped tarball (`data.ndjson`, `assets.json`,
 * `images/`, `files/`), the format `sanity dataset export` writes.
 */
export async function exportFromLake(
  target: LakeTarget,
  dataset: string,
  outputPath: string,
  options: DatasetExportOptions = {},
): Promise<DatasetExportResult> {
  const health = await connect(target, dataset)
  const result = await exportDataset({
    client: lakeClient(target, health, dataset, '2023-05-26'),
    dataset,
    outputPath,
    assets: options.assets ?? true,
    drafts: options.drafts ?? true,
    types: options.types,
    raw: false,
    compress: true,
    mode: 'stream',
    strictAssetVerification: true,
    assetConcurrency: 8,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  }).catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error)
    const refused = /\b(401|403)\b|Unauthorized/.test(message) ? `\n${tokenHint}` : ''
    throw new Error(`cannot export "${dataset}": ${message}${refused}`, { cause: error })
  })
  return { documents: result.documentCount, assets: result.assetCount }
}

/**
 * Progress as lines rather than the official CLI's spinner: a line when a step starts, when it
 * finishes, and at most every `intervalMs` in between, so logs of long imports stay readable.
 */
export function progressPrinter(
  write: (line: string) => void,
  intervalMs = 1000,
): { onProgress: (progress: DatasetProgress) => void; finish: () => void } {
  let step: string | undefined
  let startedAt = 0
  let printedAt = 0
  let last: DatasetProgress | undefined
  const elapsed = () => `${((Date.now() - startedAt) / 1000).toFixed(2)}s`
  const counts = (progress: DatasetProgress) =>
    progress.current === undefined ? '' : ` (${progress.current}/${progress.total ?? '?'})`
  const finish = () => {
    if (step !== undefined && last) write(`✓ ${step}${counts(last)} ${elapsed()}`)
    step = undefined
  }
  const onProgress = (progress: DatasetProgress) => {
    if (progress.step !== step) {
      finish()
      step = progress.step
      startedAt = Date.now()
      printedAt = startedAt
      write(`- ${progress.step}${counts(progress)}`)
    } else if (
      progress.current !== undefined &&
      (progress.current === progress.total || Date.now() - printedAt >= intervalMs)
    ) {
      printedAt = Date.now()
      const total = typeof progress.total === 'number' ? progress.total : 0
      const percent = total > 0 ? `[${Math.floor(((progress.current ?? 0) / total) * 100)}%] ` : ''
      write(`  ${percent}${progress.step}${counts(progress)}`)
    }
    last = progress
  }
  return { onProgress, finish }
}

export const datasetUsage = `  lake dataset import <file.tar.gz|file.ndjson|folder|url> <dataset> [--replace|--missing] [--allow-failing-assets]
  lake dataset export <dataset> <file.tar.gz> [--no-assets] [--no-drafts] [--types a,b] [--overwrite]
                                                 (both talk to the running lake at LAKE_URL)`

/** `lake dataset import|export …`, in the official CLI's argument order. */
export async function runDatasetCommand(
  args: string[],
  config: Pick<LakeConfig, 'url' | 'dataDir' | 'readToken' | 'writeToken'>,
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<void> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    allowNegative: true,
    options: {
      replace: { type: 'boolean', default: false },
      missing: { type: 'boolean', default: false },
      'allow-failing-assets': { type: 'boolean', default: false },
      assets: { type: 'boolean', default: true },
      drafts: { type: 'boolean', default: true },
      types: { type: 'string' },
      overwrite: { type: 'boolean', default: false },
    },
  })
  const [command, first, second] = positionals
  const usage = `Usage:\n${datasetUsage}`
  if (!first || !second || positionals.length > 3) throw new Error(usage)
  if (values.replace && values.missing)
    throw new Error('--replace and --missing exclude each other')

  // The same tokens the server uses: environment first, else the data directory's tokens.json,
  // which only the server creates (a CLI generating its own would just be refused).
  const tokenFile = path.join(config.dataDir, 'tokens.json')
  if ((!config.readToken || !config.writeToken) && !existsSync(tokenFile)) {
    throw new Error(
      `no lake tokens: ${tokenFile} does not exist; run with the server's LAKE_DATA_DIR or set ` +
        'SANITY_API_READ_TOKEN and SANITY_API_WRITE_TOKEN',
    )
  }
  const tokens = loadTokens(config.dataDir, { read: config.readToken, write: config.writeToken })
  const { url } = config
  const progress = progressPrinter(log)

  if (command === 'import') {
    const [source, dataset] = [first, second]
    const mode: ImportMode = values.replace ? 'replace' : values.missing ? 'missing' : 'create'
    const result = await importIntoLake({ url, token: tokens.write }, source, dataset, {
      mode,
      allowFailingAssets: values['allow-failing-assets'],
      onProgress: progress.onProgress,
    }).finally(progress.finish)
    for (const warning of result.warnings) log(`warning: ${warning}`)
    log(`Done! Imported ${result.documents} documents to dataset "${dataset}" at ${url}`)
    return
  }
  if (command === 'export') {
    const [dataset, destination] = [first, second]
    const outputPath = path.resolve(destination)
    if (existsSync(outputPath) && !values.overwrite)
      throw new Error(`File "${outputPath}" already exists. Pass \`--overwrite\` to replace it.`)
    mkdirSync(path.dirname(outputPath), { recursive: true })
    const types = values.types
      ?.split(',')
      .map((type) => type.trim())
      .filter(Boolean)
    const result = await exportFromLake({ url, token: tokens.read }, dataset, outputPath, {
      assets: values.assets,
      drafts: values.drafts,
      types,
      onProgress: progress.onProgress,
    }).finally(progress.finish)
    log(
      `Done! Exported ${result.documents} documents and ${result.assets} assets from dataset "${dataset}" to ${outputPath}`,
    )
    return
  }
  throw new Error(usage)
}
