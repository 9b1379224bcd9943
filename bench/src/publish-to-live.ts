import type { GeneratedDocument } from '@repo/content-generator'

import { lakeUrl, tokens } from './paths.ts'
import { percentile } from './stats.ts'

/**
 * Publishes a new title for `count` recent articles the way the Studio does (edit the draft,
 * then the Actions API's publish) and times, from the publish request, how long until the
 * public article page serves the new title: the lake's signed webhook has to reach the site,
 * which expires the page's cache tags, and the next request renders it fresh.
 */
export async function measurePublishToLive(
  documents: readonly GeneratedDocument[],
  count: number,
  baseUrl: string,
): Promise<{ p50: number; p95: number; max: number; samples: number[] }> {
  const recent = documents
    .filter((doc) => doc._type === 'article' && !doc._id.includes('.'))
    .sort((a, b) => String(b.publishedAt).localeCompare(String(a.publishedAt)))
    .slice(0, count)
  const samples: number[] = []
  for (const [i, article] of recent.entries()) {
    const slug = (article.slug as { current: string }).current
    const page = `${baseUrl}/articles/${slug}`
    await fetchText(page) // the page is in the ISR cache, as it is for readers
    const title = `Bench publish ${i} ${Date.now().toString(36)}`
    await draftTitle(article._id, title)
    const started = performance.now()
    await publishDraft(article._id)
    for (;;) {
      if ((await fetchText(page)).includes(title)) break
      if (performance.now() - started > 30_000) throw new Error(`${page} never showed "${title}"`)
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    samples.push(performance.now() - started)
  }
  return {
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    max: Math.max(...samples),
    samples,
  }
}

/** An editor's change: a draft of the published document with another title, then Publish. */
export async function publishTitle(id: string, title: string): Promise<void> {
  await draftTitle(id, title)
  await publishDraft(id)
}

async function draftTitle(id: string, title: string): Promise<void> {
  const published = await lakeDocument(id)
  await lakePost('mutate', {
    mutations: [{ createOrReplace: { ...published, _id: `drafts.${id}`, title } }],
  })
}

/** The Actions API's publish, as the Studio's Publish button sends it. */
async function publishDraft(id: string): Promise<void> {
  await lakePost('actions', {
    actions: [
      {
        actionType: 'sanity.action.document.publish',
        draftId: `drafts.${id}`,
        publishedId: id,
      },
    ],
  })
}

async function lakePost(endpoint: 'mutate' | 'actions', body: unknown): Promise<void> {
  const response = await fetch(`${lakeUrl}/v2025-02-19/data/${endpoint}/production`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens.write}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`${endpoint} failed (${response.status}): ${text}`)
}

async function lakeDocument(id: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${lakeUrl}/v2025-02-19/data/doc/production/${id}`, {
    headers: { authorization: `Bearer ${tokens.write}` },
  })
  const body = (await response.json()) as { documents?: Record<string, unknown>[] }
  const [document] = body.documents ?? []
  if (!response.ok || !document) throw new Error(`cannot read ${id} (${response.status})`)
  return document
}

async function fetchText(url: string): Promise<string> {
  const response = await fetch(url)
  return response.text()
}
