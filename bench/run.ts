#!/usr/bin/env node
import { mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'

import { clientJsGzipBytes } from './src/client-js.ts'
import { prepareLake, startLake, newWorkDir } from './src/lake.ts'
import { clients, measureLakeConcurrency, slowQuery } from './src/lake-concurrency.ts'
import {
  hasChromium,
  lighthouse,
  lighthouseRuns,
  lighthouseVersion,
  medianLighthouse,
} from './src/lighthouse.ts'
import { measureLoad, wrk } from './src/load-test.ts'
import { describeMachine, gitCommit, loadAverage } from './src/machine.ts'
import { measureMutations } from './src/mutations.ts'
import { logDir, resultsDir, repoRoot, webUrl } from './src/paths.ts'
import { stopAll } from './src/processes.ts'
import { summarizeProfileDir } from './src/profile.ts'
import type { ProfileSummary } from './src/profile.ts'
import { ensureProxyTools, proxyUrl, purgeUrl, startProxy } from './src/proxy.ts'
import { measurePublishToLive } from './src/publish-to-live.ts'
import { httpTimer, inProcessTimer, measureQueryLatency, queryNames } from './src/query-latency.ts'
import type { QueryName } from './src/query-latency.ts'
import { goalsOf, lighthousePages } from './src/results.ts'
import type { BenchResults } from './src/results.ts'
import { resultsTable, writeResults } from './src/report.ts'
import { buildSite, prepareSiteCopy, startSite } from './src/site.ts'
import { soak } from './src/soak.ts'
import { round } from './src/stats.ts'

const usage = `Usage: pnpm bench [--sizes 100,1000,10000] [--skip-build] [--skip-load]
                  [--skip-lighthouse] [--soak-seconds 300] [--skip-soak] [--out <dir>]
Measures the lake and the site on synthetic datasets (see README "Benchmarks"); writes
bench/results/latest.{json,svg,md} (or --out). Takes about 20 minutes on 2 cores.`

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100,1000,10000' },
    'skip-build': { type: 'boolean', default: false },
    'skip-load': { type: 'boolean', default: false },
    'skip-lighthouse': { type: 'boolean', default: false },
    'soak-seconds': { type: 'string', default: '300' },
    'skip-soak': { type: 'boolean', default: false },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
})
if (values.help) {
  console.log(usage)
  process.exit(0)
}
const sizes = values.sizes.split(',').map(Number)
const soakSeconds = Number(values['soak-seconds'])
if (!Number.isFinite(soakSeconds) || soakSeconds < 10) {
  console.error('--soak-seconds: a number of seconds, at least 10')
  process.exit(2)
}
const outDir = values.out ? path.resolve(values.out) : resultsDir

const log = (message: string) => {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`)
}

const started = performance.now()
const notes: string[] = []
const perQuery = () =>
  Object.fromEntries(queryNames.map((name) => [name, bySize()])) as Record<
    QueryName,
    Record<string, number | null>
  >
const bySize = () =>
  Object.fromEntries(sizes.map((size) => [String(size), null])) as Record<string, number | null>
const results: BenchResults = {
  date: new Date().toISOString(),
  commit: gitCommit(repoRoot),
  machine: describeMachine(),
  articles: sizes,
  lake_query_p50_ms: perQuery(),
  lake_query_p99_ms: perQuery(),
  lake_query_http_p50_ms: perQuery(),
  lake_query_http_p99_ms: perQuery(),
  lake_import_s: bySize(),
  lake_mutations_per_s: null,
  lake_mutations_per_s_by_articles: bySize(),
  lake_concurrency: null,
  next_build_s: bySize(),
  next_build_compile_s: bySize(),
  next_build_prerender_s: bySize(),
  publish_to_live_p95_ms: null,
  publish_to_live_p50_ms: null,
  publish_to_live_via_proxy_p95_ms: null,
  publish_to_live_via_proxy_p50_ms: null,
  article_js_gzip_bytes_over_empty: null,
  isr_rps_ratio_vs_nginx: null,
  isr_p99_ratio_vs_nginx: null,
  next_alone_rps_ratio_vs_nginx: null,
  load: null,
  lighthouse: null,
  lighthouse_failed_audits: null,
  next_alone_profile: null,
  soak: null,
  goals: {},
  notes,
  duration_s: 0,
}

const stop = () => {
  void stopAll().then(() => process.exit(130))
}
process.once('SIGINT', stop)
process.once('SIGTERM', stop)

const workDir = await newWorkDir()
rmSync(logDir, { recursive: true, force: true })
mkdirSync(logDir, { recursive: true })
log(`datasets in ${workDir}, logs in ${path.relative(process.cwd(), logDir)}`)

try {
  if (!values['skip-build']) prepareSiteCopy()
  const largest = Math.max(...sizes)
  for (const size of sizes) {
    log(`${size} articles: generating and importing`)
    const lake = await prepareLake(size, workDir)
    results.lake_import_s[size] = round(lake.importSeconds)

    // Fewer samples where one related/tag query takes tens of milliseconds.
    const heavy = size >= 10_000 ? 100 : 200
    const samples = { by_slug: 300, home: 200, related: heavy, tag: heavy }
    log(`${size} articles: query latency in the lake process`)
    const timer = inProcessTimer(lake.dataDir)
    const latency = await measureQueryLatency(lake.documents, samples, timer.time)
    timer.close()
    const service = await startLake(lake, { webhooks: false, logDir })
    log(`${size} articles: query latency over HTTP`)
    const http = await measureQueryLatency(lake.documents, samples, httpTimer)
    for (const name of queryNames) {
      results.lake_query_p50_ms[name][size] = round(latency[name].p50)
      results.lake_query_p99_ms[name][size] = round(latency[name].p99)
      results.lake_query_http_p50_ms[name][size] = round(http[name].p50)
      results.lake_query_http_p99_ms[name][size] = round(http[name].p99)
    }
    if (!values['skip-build']) {
      log(`${size} articles: next build`)
      const build = await buildSite(path.join(logDir, `build-${size}.log`))
      results.next_build_s[size] = round(build.total)
      results.next_build_compile_s[size] = build.compile === null ? null : round(build.compile)
      results.next_build_prerender_s[size] =
        build.prerender === null ? null : round(build.prerender)
    }
    log(`${size} articles: mutations`)
    results.lake_mutations_per_s_by_articles[size] = round(await measureMutations(lake.documents))
    await service.stop()

    if (size === largest) {
      results.lake_mutations_per_s = results.lake_mutations_per_s_by_articles[size]
      log(`${size} articles: the query pool against one thread`)
      const concurrency = await measureLakeConcurrency(lake, logDir)
      results.lake_concurrency = concurrency
      notes.push(
        `Lake concurrency (issue 17), at ${size.toLocaleString('en-US')} articles: ${clients} HTTP clients in closed loops over the site's four queries (by slug, home page, similar posts, tag page; parameters drawn from the dataset) for 15 s after a 5 s warm-up, against the lake on one thread (LAKE_QUERY_WORKERS=0, LAKE_HTTP_THREADS=0) and then with its defaults (${concurrency.http_threads} front thread(s), ${concurrency.workers} query workers), the same run. Then by-slug queries one after another while four slow nested queries (\`${slowQuery}\`) run on the pool: ${concurrency.by_slug_samples_during_slow_queries} samples until the first slow query answered (after ${concurrency.slow_queries_s.first} s; the last after ${concurrency.slow_queries_s.last} s). Errors (counted, not in the requests/s): ${concurrency.errors_single} with one thread, ${concurrency.errors_pool} with the pool. The bench's own client runs on the same cores.`,
      )
      if (values['skip-build']) {
        notes.push('Site figures (build, publish → live, client JS, load) skipped: --skip-build.')
      } else {
        log(`${size} articles: site running against the lake, webhooks on`)
        const missingTools = ensureProxyTools()
        if (missingTools.length > 0) {
          notes.push(
            `Proxy figures (publish → live through it, wrk ratios) not measured: ${missingTools.join(', ')} missing and apt-get install failed.`,
          )
        }
        const proxied = missingTools.length === 0
        const siteOptions = proxied ? { purgeUrl } : {}
        const lakeService = await startLake(lake, { webhooks: true, logDir })
        let site = await startSite(path.join(logDir, 'next-start.log'), siteOptions)
        const proxy = proxied ? await startProxy(workDir) : null
        const slug = newestSlug(lake.documents)
        const article = await clientJsGzipBytes(`/articles/${slug}`)
        const empty = await clientJsGzipBytes('/bench-empty')
        results.article_js_gzip_bytes_over_empty = article - empty
        notes.push(
          `Client JS: ${article} gzip bytes of <script src> files on the newest article vs ${empty} on /bench-empty (a page with the site layout and no content, added to the bench's copy of the site); inline RSC payload not counted.`,
        )
        log(`${size} articles: publish → live`)
        const publish = await measurePublishToLive(lake.documents, 20, webUrl)
        results.publish_to_live_p95_ms = round(publish.p95)
        results.publish_to_live_p50_ms = round(publish.p50)
        notes.push(
          `Publish → live: 20 publishes (draft edit, then the Actions API publish) of the newest articles at ${size.toLocaleString('en-US')} articles; timed from the publish request until /articles/<slug> served the new title (polling every 10 ms); max ${round(publish.max)} ms.`,
        )
        if (proxy) {
          log(`${size} articles: publish → live through the caching proxy`)
          const viaProxy = await measurePublishToLive(lake.documents, 20, proxyUrl)
          results.publish_to_live_via_proxy_p95_ms = round(viaProxy.p95)
          results.publish_to_live_via_proxy_p50_ms = round(viaProxy.p50)
          notes.push(
            `Publish → live through the proxy: the same 20 publishes, the page read through nginx (bench/nginx/site-cache.conf), which holds it until the site's webhook purges it (CACHE_PURGE_URL); max ${round(viaProxy.max)} ms.`,
          )
        }
        if (values['skip-lighthouse']) {
          notes.push('Lighthouse not measured: --skip-lighthouse.')
        } else if (!hasChromium()) {
          notes.push(
            'Lighthouse not measured: /usr/bin/chromium missing (apt-get install chromium).',
          )
        } else {
          log(`${size} articles: Lighthouse (home, newest article), ${lighthouseRuns} runs each`)
          const pages = { home: '/', article: `/articles/${slug}` }
          const scores = {} as NonNullable<BenchResults['lighthouse']>
          const failed = {} as NonNullable<BenchResults['lighthouse_failed_audits']>
          const performanceRuns: string[] = []
          try {
            for (const page of lighthousePages) {
              const runs = []
              for (let index = 1; index <= lighthouseRuns; index++) {
                runs.push(
                  await lighthouse(
                    `${webUrl}${pages[page]}`,
                    path.join(logDir, `lighthouse-${page}-${index}.json`),
                  ),
                )
              }
              const median = medianLighthouse(runs)
              scores[page] = median.scores
              failed[page] = median.failed
              performanceRuns.push(
                `${page} ${median.runs.map((run) => run.performance).join(', ')}`,
              )
            }
            results.lighthouse = scores
            results.lighthouse_failed_audits = failed
            const failures = lighthousePages
              .map((page) => `${page}: ${failed[page].join('; ') || 'none'}`)
              .join('. ')
            notes.push(
              `Lighthouse ${lighthouseVersion}: the CLI's default mobile preset (emulated phone, simulated slow 4G, 4× CPU slowdown) with Debian's Chromium (headless), on / and the newest article of the site's server, ${lighthouseRuns} runs per page, the median score of each category reported; reports in .bench/logs/lighthouse-*.json. Performance per run (it swings on a shared machine): ${performanceRuns.join('; ')}. Audits that cost points in the median run — ${failures}.`,
            )
          } catch (error) {
            // One failed Chromium must not cost the rest of a long run.
            notes.push(`Lighthouse failed: ${firstLine(error)} (see .bench/logs/lighthouse-*.log).`)
          }
        }
        if (values['skip-load']) {
          notes.push(
            "wrk/nginx ratios and the profile of the site's server not measured: --skip-load.",
          )
        } else if (proxy) {
          log(`${size} articles: load (wrk, nginx)`)
          const load = await measureLoad(slug, proxy, notes)
          results.load = load.topologies
          results.isr_rps_ratio_vs_nginx = load.isrRpsRatio
          results.isr_p99_ratio_vs_nginx = load.isrP99Ratio
          results.next_alone_rps_ratio_vs_nginx = load.nextAloneRpsRatio
          log(`${size} articles: CPU profile of the site's server under wrk`)
          await site.stop()
          const profileDir = path.join(logDir, 'next-cpu-profile')
          try {
            site = await startSite(path.join(logDir, 'next-start-profiled.log'), {
              ...siteOptions,
              nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`],
            })
            await wrk(`${webUrl}/articles/${slug}`, 10)
            await site.stop()
            // The measured 10 s of wrk, not the start-up and warm-up before them.
            const profile = summarizeProfileDir(profileDir, 10_000)
            results.next_alone_profile = profile
            notes.push(profileNote(profile))
          } catch (error) {
            await site.stop()
            notes.push(`Profile of the site's server failed: ${firstLine(error)}.`)
          }
          site = await startSite(path.join(logDir, 'next-start-after-profile.log'), siteOptions)
        }
        if (values['skip-soak']) {
          notes.push('Soak not run: --skip-soak.')
        } else {
          log(`${size} articles: soak, ${soakSeconds} s`)
          const soaked = await soak(webUrl, lake.documents, {
            seconds: soakSeconds,
            concurrency: 16,
            publishEverySeconds: 5,
            sampleEverySeconds: 2,
            processes: { lake: lakeService.child.pid ?? 0, next: site.child.pid ?? 0 },
          })
          results.soak = soaked
          notes.push(
            `Soak (issue 6): ${soaked.seconds} s, ${soaked.concurrency} readers in a loop over ${soaked.pages} pages of the site's server (home, the 20 newest articles, their tags' pages) while the 5 newest articles are published in turn every 5 s (draft, then the Actions API; the lake's webhook revalidates); ${soaked.requests} requests, ${soaked.errors} errors, p50 ${soaked.p50_ms} ms, p99 ${soaked.p99_ms} ms, ${soaked.publishes} publishes (${soaked.publish_errors} failed); afterwards every published article's page, the home page and its tags' pages ${soaked.last_version_everywhere ? 'showed its last title' : `did not all show its last title (${soaked.stale_pages.join(', ')})`}. RSS (process group, sampled every 2 s): ${Object.entries(
              soaked.rss_mb,
            )
              .map(([name, rss]) => `${name} ${rss.start} → peak ${rss.peak} → ${rss.end} MB`)
              .join(', ')}.`,
          )
        }
        await stopAll()
      }
    }
  }
  notes.push(
    `Datasets: @repo/content-generator, seed 1, 200 tags (Zipf), ~1% drafts; imported with \`lake import --replace\`. Query latency: the site's real queries (@repo/queries), each sample with other parameters (a random article, its tags, a random tag), sequential, after 20 warm-up queries: by_slug/home 300/200 samples, related/tag 200 (100 at 10,000). lake_query_*: the lake's query path (perspective view, document index, groq-js, JSON) run in the bench process on the data directory, i.e. the lake's own work; lake_query_http_*: the same over HTTP as the site asks (GET, published perspective, no token), which adds the loopback round trip.`,
    'Mutations: 1,000 single-patch transactions on /data/mutate, 8 in flight, each acknowledged after its fsync (synchronous=FULL).',
    'next build: a private copy of apps/web (.bench/web) built cold (no .next) against the bench lake; the site prerenders the newest 50 articles and 100 tags (214 pages at every size). Compile and prerender are the phases next build reports; only prerendering reads the lake.',
    'The machine is shared: other processes (other builds, test runs) may have been running; figures are one run, not a best of several.',
  )
} finally {
  await stopAll()
}

results.duration_s = round((performance.now() - started) / 1000)
results.machine.load_average_at_end = loadAverage()
results.goals = goalsOf(results)
mkdirSync(outDir, { recursive: true })
writeResults(results, outDir)
rmSync(workDir, { recursive: true, force: true })
console.log(`\n${resultsTable(results)}\n`)
log(`wrote ${path.relative(process.cwd(), outDir)}/latest.{json,svg,md} in ${results.duration_s} s`)

function newestSlug(documents: BenchResultsDocuments): string {
  const newest = documents
    .filter((doc) => doc._type === 'article' && !doc._id.includes('.'))
    .reduce((a, b) => (String(a.publishedAt) > String(b.publishedAt) ? a : b))
  return (newest.slug as { current: string }).current
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? ''
}

function profileNote(profile: ProfileSummary): string {
  const list = (entries: { self_ms: number; share: number }[], key: 'module' | 'function') =>
    entries
      .slice(0, 8)
      .map((entry) => `${(entry as unknown as Record<string, string>)[key]} ${entry.share}%`)
      .join(', ')
  return `Where the site's server alone (apps/web/server.ts: Next's request handler) spends its time: a V8 CPU profile (node --cpu-prof) of it serving the newest article to wrk (after a 2 s warm-up), its last 10 s: busy ${Math.round(profile.busy_share * 100)}% of the time. Self time by module: ${list(profile.top_modules, 'module')}. By function: ${list(profile.top_functions, 'function')}. (next_alone_profile in latest.json lists more.)`
}

type BenchResultsDocuments = Awaited<ReturnType<typeof prepareLake>>['documents']
