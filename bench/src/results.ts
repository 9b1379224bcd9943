import type { Machine } from './machine.ts'
import type { QueryName } from './query-latency.ts'

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
  next_build_s: BySize
  publish_to_live_p95_ms: number | null
  publish_to_live_p50_ms: number | null
  article_js_gzip_bytes_over_empty: number | null
  isr_rps_ratio_vs_nginx: number | null
  isr_p99_ratio_vs_nginx: number | null
  next_alone_rps_ratio_vs_nginx: number | null
  /** Raw wrk figures behind the ratios, per topology. */
  load: Record<string, { rps: number; p50_ms: number; p99_ms: number }> | null
  lighthouse: Record<string, Record<string, number>> | null
  notes: string[]
  duration_s: number
}
