import type { LakeDeps } from '../deps.ts'
import { httpError } from '../http/errors.ts'
import type { SanityDocument } from '../store/store.ts'
import { sha1Of, storeOriginal } from './stored-original.ts'
import type { AssetMeta } from './stored-original.ts'

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
  const sha1 = sha1Of(bytes)
  const extension = extensionOf(meta)
  return {
    _id: `file-${sha1}-${extension}`,
    _type: 'sanity.fileAsset',
    ...(await storeOriginal(deps, dataset, bytes, meta, {
      kind: 'files',
      sha1,
      name: `${sha1}.${extension}`,
      extension,
      mimeType: mimeTypeOf(meta, extension),
    })),
  }
}
