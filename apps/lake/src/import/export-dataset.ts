import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import type { Store } from '../store/store.ts'

/** Writes every document of the dataset (drafts included) as NDJSON, in Sanity's export format. */
export async function exportNdjson(
  store: Store,
  dataset: string,
  file: string,
  onProgress?: (message: string) => void,
): Promise<number> {
  const documents = store.snapshot(dataset).documents()
  const out = createWriteStream(file, 'utf8')
  let written = 0
  for (const doc of documents) {
    // Respect backpressure so large datasets don't buffer entirely in memory.
    if (!out.write(`${JSON.stringify(doc)}\n`)) await once(out, 'drain')
    written++
    if (written % 1000 === 0) onProgress?.(`exported ${written}/${documents.length}`)
  }
  out.end()
  await once(out, 'finish')
  onProgress?.(`exported ${written} documents to ${file}`)
  return written
}
