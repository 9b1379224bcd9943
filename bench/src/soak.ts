import { readdirSync, readFileSync } from 'node:fs'

import type { GeneratedDocument } from '@repo/content-generator'

import { publishTitle } from './publish-to-live.ts'
import { percentile, round } from './stats.ts'

export interface SoakOptions {
  seconds: number
  /** Readers in flight at once. */
  concurrency: number
  /** A publish every this many seconds. */
  publishEverySeconds: number
  /** Process groups whose resident memory is sampled. */
  processes: Record<string, number>
  sampleEverySeconds: number
}

export interface SoakResults {
  seconds: number
  concurrency: number
  pages: number
  requests: number
  requests_per_s: number
  /** Answers other than 2xx/3xx, and requests that failed outright. */
  errors: number
  p50_ms: number
  p99_ms: number
  publishes: number
  publish_errors: number
  /** After the last publish, every sampled page showed every published article's last title. */
  last_version_everywhere: boolean
  stale_pages: string[]
  /** Resident memory (MB) of each process group: first sample, highest, last. */
  rss_mb: Record<string, { start: number; peak: number; end: number }>
}

/**
 * The whole system under sustained mixed load: `concurrency` readers loop over article, home and
 * tag pages while the newest articles are published in turn every few seconds (Studio-style:
 * draft, then the Actions API), and the RSS of the lake and the site's server is sampled. At the end,
 * every sampled page must show the last version of every article published.
 */
export async function soak(
  baseUrl: string,
  documents: readonly GeneratedDocument[],
  options: SoakOptions,
): Promise<SoakResults> {
  const articles = documents
    .filter((doc) => doc._type === 'article' && !doc._id.includes('.'))
    .sort((a, b) => String(b.publishedAt).localeCompare(String(a.publishedAt)))
  const tags = new Map(
    documents.filter((doc) => doc._type === 'tag').map((doc) => [doc._id, slugOf(doc)]),
  )
  // The five newest are published in turn; they lead the home page and all of their tags' pages.
  const published = articles.slice(0, 5)
  const tagPaths = [
    ...new Set(
      published.flatMap((doc) =>
        (doc.tags as { _ref: string }[]).map((ref) => `/tags/${tags.get(ref._ref) ?? ''}`),
      ),
    ),
  ]
  const pages = [
    '/',
    ...articles.slice(0, 20).map((doc) => `/articles/${slugOf(doc)}`),
    ...tagPaths.slice(0, 10),
  ]

  const latencies: number[] = []
  let errors = 0
  let publishes = 0
  let publishErrors = 0
  const lastTitle = new Map<string, string>()
  const rss = new Map<string, number[]>()
  const sampleRss = () => {
    for (const [name, pgid] of Object.entries(options.processes)) {
      const samples = rss.get(name) ?? []
      samples.push(groupRssMb(pgid))
      rss.set(name, samples)
    }
  }

  sampleRss()
  const started = performance.now()
  const deadline = started + options.seconds * 1000
  let next = 0
  const reader = async () => {
    while (performance.now() < deadline) {
      const page = pages[next++ % pages.length] as string
      const requestStarted = performance.now()
      try {
        const response = await fetch(`${baseUrl}${page}`, { redirect: 'manual' })
        await response.arrayBuffer()
        if (response.status >= 400) errors++
      } catch {
        errors++
      }
      latencies.push(performance.now() - requestStarted)
    }
  }
  const publisher = async () => {
    let i = 0
    while (performance.now() + options.publishEverySeconds * 1000 < deadline) {
      await sleep(options.publishEverySeconds * 1000)
      const article = published[i % published.length] as GeneratedDocument
      const title = `Soak publish ${i} ${Date.now().toString(36)}`
      try {
        await publishTitle(article._id, title)
        lastTitle.set(slugOf(article), title)
        publishes++
      } catch {
        publishErrors++
      }
      i++
    }
  }
  const sampler = async () => {
    while (performance.now() < deadline) {
      await sleep(options.sampleEverySeconds * 1000)
      sampleRss()
    }
  }
  await Promise.all([
    ...Array.from({ length: options.concurrency }, reader),
    publisher(),
    sampler(),
  ])
  const elapsed = (performance.now() - started) / 1000
  sampleRss()

  // Every page that shows a published article (its page, home, its tags' pages) must show its
  // last title; a few seconds are allowed for the last publish's webhook to land.
  const checks = [...lastTitle.entries()].flatMap(([slug, title]) => {
    const doc = published.find((article) => slugOf(article) === slug) as GeneratedDocument
    const ownTags = (doc.tags as { _ref: string }[]).map(
      (ref) => `/tags/${tags.get(ref._ref) ?? ''}`,
    )
    return ['/', `/articles/${slug}`, ...ownTags.filter((path) => pages.includes(path))].map(
      (path) => ({ path, title }),
    )
  })
  let stale = checks
  const settle = performance.now() + 5000
  for (;;) {
    const results = await Promise.all(
      stale.map(async (check) => {
        const html = await (await fetch(`${baseUrl}${check.path}`)).text()
        return html.includes(check.title) ? null : check
      }),
    )
    stale = results.filter((check) => check !== null)
    if (stale.length === 0 || performance.now() > settle) break
    await sleep(100)
  }

  const rssMb = Object.fromEntries(
    [...rss.entries()].map(([name, samples]) => [
      name,
      {
        start: round(samples[0] ?? Number.NaN),
        peak: round(Math.max(...samples)),
        end: round(samples.at(-1) ?? Number.NaN),
      },
    ]),
  )
  return {
    seconds: round(elapsed),
    concurrency: options.concurrency,
    pages: pages.length,
    requests: latencies.length,
    requests_per_s: round(latencies.length / elapsed),
    errors,
    p50_ms: round(percentile(latencies, 50)),
    p99_ms: round(percentile(latencies, 99)),
    publishes,
    publish_errors: publishErrors,
    last_version_everywhere: lastTitle.size > 0 && stale.length === 0,
    stale_pages: [...new Set(stale.map((check) => check.path))],
    rss_mb: rssMb,
  }
}

/** Resident memory of every process in a process group (a service and what it spawned), MB. */
export function groupRssMb(pgid: number): number {
  let kb = 0
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      // Fields after the command name (which may contain spaces): state ppid pgrp …
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (Number(fields[2]) !== pgid) continue
      const status = readFileSync(`/proc/${entry}/status`, 'utf8')
      kb += Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0)
    } catch {
      // The process ended meanwhile.
    }
  }
  return kb / 1024
}

function slugOf(doc: GeneratedDocument): string {
  return (doc.slug as { current: string }).current
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
