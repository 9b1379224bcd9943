import path from 'node:path'
import type { LakeDeps } from '../deps.ts'
import { LakeError, lakeError } from '../http/errors.ts'
import { applyMutations } from '../mutations/apply-mutations.ts'
import type { Mutation } from '../mutations/parse-mutations.ts'
import { newTransactionId } from '../mutations/transaction-id.ts'
import type { CommitInput, DocumentLookup } from '../store/store.ts'
import { resolveAssetMarkers } from './asset-markers.ts'
import { readNdjson } from './read-ndjson.ts'

/** `create` fails on existing ids (Sanity CLI default), `replace` overwrites, `missing` skips. */
export type ImportMode = 'create' | 'replace' | 'missing'

export interface ImportOptions {
  mode?: ImportMode
  batchSize?: number
  onProgress?: (message: string) => void
}

const kinds = {
  create: 'create',
  replace: 'createOrReplace',
  missing: 'createIfNotExists',
} as const

/**
 * Imports an NDJSON export. Every batch is its own entry in the transaction log, but all batches
 * commit in one storage transaction: a failure anywhere leaves the dataset untouched.
 */
export async function importNdjson(
  deps: Pick<LakeDeps, 'store' | 'assets' | 'projectId' | 'publicUrl' | 'queryTimeoutMs'>,
  dataset: string,
  file: string,
  options: ImportOptions = {},
): Promise<{ documents: number; assets: number }> {
  const { mode = 'create', batchSize = 500, onProgress } = options
  const entries = await readNdjson(file)
  onProgress?.(`read ${entries.length} documents from ${file}`)
  const { documents, assets } = await resolveAssetMarkers(
    deps,
    dataset,
    entries,
    path.dirname(file),
  )
  if (assets.length > 0) onProgress?.(`prepared ${assets.length} assets`)

  // Assets go first so the documents' references resolve; identical assets are kept as they are.
  const items = [
    ...assets.map((doc) => ({
      line: 0,
      mutation: { kind: 'createIfNotExists', document: doc } as Mutation,
    })),
    ...documents.map(({ line, doc }) => ({
      line,
      mutation: { kind: kinds[mode], document: doc } as Mutation,
    })),
  ]

  await deps.store.write(dataset, async (snapshot) => {
    const commits: CommitInput[] = []
    let current: DocumentLookup = snapshot
    for (let start = 0; start < items.length; start += batchSize) {
      const batch = items.slice(start, start + batchSize)
      const transactionId = newTransactionId()
      const timestamp = new Date().toISOString()
      const mutations = batch.map((item) => item.mutation)
      try {
        const applied = await applyMutations(current, mutations, {
          transactionId,
          timestamp,
          projectId: deps.projectId,
          dataset,
          queryTimeoutMs: deps.queryTimeoutMs,
          preserveUpdatedAt: true,
        })
        current = applied.overlay
        const raw = mutations.map((mutation) =>
          'document' in mutation ? { [mutation.kind]: mutation.document } : mutation,
        )
        commits.push({
          transactionId,
          timestamp,
          author: 'import',
          mutations: raw,
          changes: applied.changes,
        })
      } catch (error) {
        throw atLine(error, batch)
      }
      onProgress?.(`imported ${Math.min(start + batchSize, items.length)}/${items.length}`)
    }
    return { commits, result: undefined }
  })
  return { documents: documents.length, assets: assets.length }
}

/** Translates a mutation error's index within a batch back to the NDJSON line. */
function atLine(error: unknown, batch: { line: number }[]): unknown {
  if (!(error instanceof LakeError)) return error
  const details = error.body.error as
    | { items?: { index?: number; error?: { description?: string } }[] }
    | undefined
  const item = details?.items?.[0]
  const line = batch[item?.index ?? -1]?.line
  if (!line) return error
  return lakeError(
    error.status,
    'importError',
    `line ${line}: ${item?.error?.description ?? error.message}`,
  )
}
