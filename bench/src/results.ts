import { lighthouseCategories } from './lighthouse.ts'
import type { LighthouseCategory } from './lighthouse.ts'
import type { LakeConcurrency } from './lake-concurrency.ts'
import type { Machine } from './machine.ts'
import type { ProfileSummary } from './profile.ts'
import type { QueryName } from './query-latency.ts'
import type { SoakResults } from './soak.ts'

type BySize = Record<string, number | null>

/** bench/results/latest.json. Anything not measured is null, with a note saying why. */
export interface BenchResults {
  date: string
  commit: string | null
  machine: Machine
  articles: number[]
  /** The lake's own work per query (in process, no HTTP); see query-latency.ts. */
  lake_query_p50_ms: Record<QueryName, BySize>
  lake_query_p99_ms: Record<QueryName, BySize>
  /** The same queries over HTTP from a client on the same machine. */
  lake_query_http_p50_ms: Record<QueryName, BySize>
  lake_query_http_p99_ms: Record<QueryName, BySize>
  lake_import_s: BySize
  /** At the largest size; per size below. */
  lake_mutations_per_s: number | null
  lake_mutations_per_s_by_articles: BySize
  /** The query pool against one thread, and by-slug latency during slow queries (issue 17). */
  lake_concurrency: LakeConcurrency | null
  next_build_s: BySize
  /** The two phases of each build: compile (independent of the data) and prerender. */
  next_build_compile_s: BySize
  next_build_prerender_s: BySize
  publish_to_live_p95_ms: number | null
  publish_to_live_p50_ms: number | null
  /** The same, polling the page through the caching proxy the webhook purges (bench/nginx). */
  publish_to_live_via_proxy_p95_ms: number | null
  publish_to_live_via_proxy_p50_ms: number | null
  article_js_gzip_bytes_over_empty: number | null
  isr_rps_ratio_vs_nginx: number | null
  isr_p99_ratio_vs_nginx: number | null
  next_alone_rps_ratio_vs_nginx: number | null
  /** Raw wrk figures behind the ratios, per topology. */
  load: Record<string, { rps: number; p50_ms: number; p99_ms: number }> | null
  /** Lighthouse (mobile preset) scores 0-100 of the home page and the newest article. */
  lighthouse: Record<LighthousePageName, Record<LighthouseCategory, number>> | null
  /** The audits that cost points, per page. */
  lighthouse_failed_audits: Record<LighthousePageName, string[]> | null
  /** Where the site's server alone spends its time under wrk (a V8 CPU profile, self time). */
  next_alone_profile: ProfileSummary | null
  /** Sustained mixed load with publishes (issue 6). */
  soak: SoakResults | null
  /** Issue 7's goals, each met (true), missed (false) or not measured (null). */
  goals: Record<string, boolean | null>
  notes: string[]
  duration_s: number
}

export const lighthousePages = ['home', 'article'] as const
export type LighthousePageName = (typeof lighthousePages)[number]

/** Issue 7's goals, read off the results. */
export function goalsOf(results: BenchResults): Record<string, boolean | null> {
  const largest = String(Math.max(...results.articles))
  const check = (value: number | null | undefined, ok: (value: number) => boolean) =>
    value === null || value === undefined ? null : ok(value)
  // Judged on prerendering, the only phase that reads the lake: compile time does not depend on
  // the data and swings with whatever else the machine is doing.
  const builds = Object.values(results.next_build_prerender_s).filter((value) => value !== null)
  return {
    by_slug_p50_under_1ms_at_largest: check(
      results.lake_query_p50_ms.by_slug[largest],
      (v) => v < 1,
    ),
    related_p50_under_5ms_at_largest: check(
      results.lake_query_p50_ms.related[largest],
      (v) => v < 5,
    ),
    lake_pool_rps_at_least_1_5x_single: check(
      results.lake_concurrency?.rps_pool_over_single,
      (v) => v >= 1.5,
    ),
    by_slug_p99_under_50ms_during_slow_queries: check(
      results.lake_concurrency?.by_slug_p99_ms_during_slow_queries,
      (v) => v < 50,
    ),
    publish_to_live_p95_under_1s: check(results.publish_to_live_p95_ms, (v) => v < 1000),
    publish_to_live_via_proxy_p95_under_1s: check(
      results.publish_to_live_via_proxy_p95_ms,
      (v) => v < 1000,
    ),
    // "Flat in N": the slowest within 1.5× the fastest (the pages prerendered are bounded).
    next_build_flat: builds.length < 2 ? null : Math.max(...builds) <= 1.5 * Math.min(...builds),
    article_js_equal_to_empty_page: check(results.article_js_gzip_bytes_over_empty, (v) => v <= 0),
    isr_rps_at_least_half_of_nginx: check(results.isr_rps_ratio_vs_nginx, (v) => v >= 0.5),
    isr_p99_at_most_twice_nginx: check(results.isr_p99_ratio_vs_nginx, (v) => v <= 2),
    ...Object.fromEntries(
      lighthousePages.flatMap((page) =>
        lighthouseCategories.map((category) => [
          `lighthouse_${page}_${category}_100`,
          check(results.lighthouse?.[page][category], (v) => v >= 100),
        ]),
      ),
    ),
    soak_no_errors: results.soak
      ? results.soak.errors === 0 && results.soak.publish_errors === 0
      : null,
    soak_last_version_everywhere: results.soak ? results.soak.last_version_everywhere : null,
  }
}
