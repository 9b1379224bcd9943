import type { GeneratedDocument } from '@repo/content-generator'

import { lakeUrl, tokens } from './paths.ts'

/**
 * Durable single-document transactions over HTTP: `count` patches (an editor changing a title),
 * `concurrency` in flight. Each is answered only after its own SQLite commit reached the disk.
 */
export async function measureMutations(
  documents: readonly GeneratedDocument[],
  count = 1000,
  concurrency = 8,
): Promise<number> {
  const articles = documents.filter((doc) => doc._type === 'article' && !doc._id.includes('.'))
  let next = 0
  const worker = async () => {
    while (next < count) {
      const i = next++
      const article = articles[i % articles.length] as GeneratedDocument
      const response = await fetch(`${lakeUrl}/v2025-02-19/data/mutate/production`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.write}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          mutations: [{ patch: { id: article._id, set: { seoTitle: `Edit ${i}` } } }],
        }),
      })
      const text = await response.text()
      if (!response.ok) throw new Error(`mutation failed (${response.status}): ${text}`)
    }
  }
  const started = performance.now()
  await Promise.all(Array.from({ length: concurrency }, worker))
  return count / ((performance.now() - started) / 1000)
}
