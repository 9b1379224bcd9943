import { createHash, randomUUID } from 'node:crypto'
import type { LakeDeps } from '../deps.ts'

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

function assetMetaFields(meta: AssetMeta): Record<string, unknown> {
  const fields: Record<string, unknown> = {}
  for (const key of ['label', 'title', 'description', 'creditLine', 'source'] as const) {
    if (meta[key] !== undefined) fields[key] = meta[key]
  }
  return fields
}

export const sha1Of = (bytes: Buffer) => createHash('sha1').update(bytes).digest('hex')

/**
 * Writes an upload's bytes once under their content hash and returns the fields every Sanity
 * asset document has (ids and `_type` are the caller's, as they differ by kind).
 */
export async function storeOriginal(
  deps: Pick<LakeDeps, 'assets' | 'projectId' | 'publicUrl'>,
  dataset: string,
  bytes: Buffer,
  meta: AssetMeta,
  stored: {
    kind: 'images' | 'files'
    sha1: string
    name: string
    extension: string
    mimeType: string
  },
) {
  const { kind, sha1, name, extension, mimeType } = stored
  const assetPath = `${kind}/${deps.projectId}/${dataset}/${name}`
  await deps.assets.writeOnce(deps.assets.originalPath(kind, deps.projectId, dataset, name), bytes)
  return {
    assetId: sha1,
    sha1hash: sha1,
    path: assetPath,
    url: `${deps.publicUrl}/${assetPath}`,
    originalFilename: meta.filename ?? name,
    extension,
    mimeType,
    size: bytes.length,
    uploadId: randomUUID(),
    ...assetMetaFields(meta),
  }
}
