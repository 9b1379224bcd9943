import { createHash, randomUUID } from 'node:crypto'
import type { LakeDeps } from '../deps.ts'
import { httpError } from '../http/errors.ts'
import type { SanityDocument } from '../store/store.ts'

/** Optional descriptive fields the upload endpoints accept as query parameters. */
export interface AssetMeta {
  filename?: string | undefined
  mimeType?: string | undefined
  label?: string | undefined
  title?: string | undefined
  description?: string | undefined
  creditLine?: string | undefined
  source?: { id: string; name: string; url?: string | undefined } | undefined
}

export function assetMetaFields(meta: AssetMeta): Record<string, unknown> {
  const fields: Record<string, unknown> = {}
  for (const key of ['label', 'title', 'description', 'creditLine', 'source'] as const) {
    if (meta[key] !== undefined) fields[key] = meta[key]
  }
  return fields
}

const extensionsByMime: Record<string, string> = {
  'application/pdf': 'pdf',
  'application/json': 'json',
  'application/zip': 'zip',
  'text/plain': 'txt',
  'text/csv': 'csv',
  'audio/mpeg': 'mp3',
  'video/mp4': 'mp4',
}

const mimeByExtension: Record<string, string> = Object.fromEntries(
  Object.entries(extensionsByMime).map(([mime, extension]) => [extension, mime]),
)

const genericMimeType = 'application/octet-stream'

function extensionOf(meta: AssetMeta): string {
  const fromName = /\.([a-zA-Z0-9]{1,10})$/.exec(meta.filename ?? '')?.[1]
  if (fromName) return fromName.toLowerCase()
  return extensionsByMime[meta.mimeType ?? ''] ?? 'bin'
}

/**
 * Uploads from Node (`@sanity/import` re-uploading an export's files/) carry no content type, or
 * the generic one; Sanity then sniffs the type, the lake goes by the file name's extension.
 */
function mimeTypeOf(meta: AssetMeta, extension: string): string {
  if (meta.mimeType && meta.mimeType !== genericMimeType) return meta.mimeType
  return mimeByExtension[extension] ?? genericMimeType
}

/** Stores an arbitrary file by content hash and returns its `sanity.fileAsset` document. */
export async function prepareFileAsset(
  deps: Pick<LakeDeps, 'assets' | 'projectId' | 'publicUrl'>,
  dataset: string,
  bytes: Buffer,
  meta: AssetMeta,
): Promise<SanityDocument> {
  if (bytes.length === 0) throw httpError(400, 'Empty upload body')
  const sha1 = createHash('sha1').update(bytes).digest('hex')
  const extension = extensionOf(meta)
  const name = `${sha1}.${extension}`
  const assetPath = `files/${deps.projectId}/${dataset}/${name}`
  await deps.assets.writeOnce(
    deps.assets.originalPath('files', deps.projectId, dataset, name),
    bytes,
  )
  return {
    _id: `file-${sha1}-${extension}`,
    _type: 'sanity.fileAsset',
    assetId: sha1,
    sha1hash: sha1,
    path: assetPath,
    url: `${deps.publicUrl}/${assetPath}`,
    originalFilename: meta.filename ?? name,
    extension,
    mimeType: mimeTypeOf(meta, extension),
    size: bytes.length,
    uploadId: randomUUID(),
    ...assetMetaFields(meta),
  }
}
