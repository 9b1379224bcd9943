import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { prepareFileAsset } from '../assets/file-asset.ts'
import { prepareImageAsset } from '../assets/image-asset.ts'
import type { LakeDeps } from '../deps.ts'
import { diskFullCause } from '../store/disk-full.ts'
import { lakeError } from '../http/errors.ts'
import type { SanityDocument } from '../store/store.ts'
import type { NdjsonDocument } from './read-ndjson.ts'

type AssetDeps = Pick<LakeDeps, 'assets' | 'projectId' | 'publicUrl'>

const marker = /^(image|file)@file:\/\/(.+)$/

/** `file://./images/x.png` is relative to the NDJSON file's folder; `file:///abs/x.png` is absolute. */
function markerPath(location: string, baseDir: string, line: number): string {
  let decoded: string
  try {
    decoded = decodeURIComponent(location)
  } catch {
    throw lakeError(400, 'importError', `line ${line}: malformed file URL "file://${location}"`)
  }
  return decoded.startsWith('/') ? decoded : path.resolve(baseDir, decoded)
}

/**
 * Replaces Sanity's asset-import markers (`{"_sanityAsset": "image@file://./x.png"}`) with
 * references, uploading each referenced file once through the same code path as the upload API.
 * Returns the asset documents to commit alongside the imported documents.
 */
export async function resolveAssetMarkers(
  deps: AssetDeps,
  dataset: string,
  entries: NdjsonDocument[],
  baseDir: string,
): Promise<{ documents: NdjsonDocument[]; assets: SanityDocument[] }> {
  const uploads = new Map<string, Promise<SanityDocument>>()

  const upload = (kind: string, file: string, line: number): Promise<SanityDocument> => {
    const key = `${kind}:${file}`
    let pending = uploads.get(key)
    if (!pending) {
      pending = (async () => {
        let bytes: Buffer
        try {
          bytes = await readFile(file)
        } catch {
          throw lakeError(400, 'importError', `line ${line}: asset file not found: ${file}`)
        }
        const meta = { filename: path.basename(file) }
        const prepare = kind === 'image' ? prepareImageAsset : prepareFileAsset
        try {
          return await prepare(deps, dataset, bytes, meta)
        } catch (error) {
          if (diskFullCause(error)) throw error
          const reason = error instanceof Error ? error.message : String(error)
          throw lakeError(400, 'importError', `line ${line}: cannot import ${file}: ${reason}`)
        }
      })()
      // Mark as handled: if another line fails first, this rejection must not crash the process.
      pending.catch(() => undefined)
      uploads.set(key, pending)
    }
    return pending
  }

  const rewrite = async (value: unknown, line: number): Promise<unknown> => {
    if (Array.isArray(value)) return Promise.all(value.map((item) => rewrite(item, line)))
    if (typeof value !== 'object' || value === null) return value
    const { _sanityAsset: reference, ...rest } = value as Record<string, unknown>
    const entries = await Promise.all(
      Object.entries(rest).map(async ([key, item]) => [key, await rewrite(item, line)] as const),
    )
    const result = Object.fromEntries(entries)
    if (reference === undefined) return result
    const match = typeof reference === 'string' ? marker.exec(reference) : null
    if (!match) {
      throw lakeError(
        400,
        'importError',
        `line ${line}: unsupported _sanityAsset ${JSON.stringify(reference)} (only file:// URLs work offline)`,
      )
    }
    const [, kind = 'image', location = ''] = match
    const asset = await upload(kind, markerPath(location, baseDir, line), line)
    return { ...result, asset: { _type: 'reference', _ref: asset._id } }
  }

  const documents: NdjsonDocument[] = []
  for (const entry of entries) {
    documents.push({
      line: entry.line,
      doc: (await rewrite(entry.doc, entry.line)) as SanityDocument,
    })
  }
  const assets = await Promise.all(uploads.values())
  return { documents, assets: [...new Map(assets.map((asset) => [asset._id, asset])).values()] }
}
