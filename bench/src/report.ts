import { writeFileSync } from 'node:fs'
import path from 'node:path'

import { lighthouseCategories } from './lighthouse.ts'
import { queryNames } from './query-latency.ts'
import { lighthousePages } from './results.ts'
import type { BenchResults } from './results.ts'
import { barChartSvg } from './svg-chart.ts'

const format = (value: number | null | undefined, unit = '') => {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a'
  // Ratios keep two decimals; other figures three significant digits or whole numbers.
  const digits =
    unit === '×'
      ? { minimumFractionDigits: 2, maximumFractionDigits: 2 }
      : {
          maximumFractionDigits: value < 10 ? 2 : value < 100 ? 1 : 0,
        }
  return `${value.toLocaleString('en-US', digits)}${unit}`
}

/** The results as a Markdown table: per-size figures, then single figures. */
export function resultsTable(results: BenchResults): string {
  const sizes = results.articles.map(String)
  const header = `| metric | ${sizes.map((size) => `${Number(size).toLocaleString('en-US')} articles`).join(' | ')} |`
  const rule = `| --- | ${sizes.map(() => '---:').join(' | ')} |`
  const row = (label: string, values: Record<string, number | null>, unit = '') =>
    `| ${label} | ${sizes.map((size) => format(values[size], unit)).join(' | ')} |`
  const perSize = [
    ...queryNames.map((name) =>
      row(`lake query p50, ${name} (ms)`, results.lake_query_p50_ms[name]),
    ),
    ...queryNames.map((name) =>
      row(`lake query p99, ${name} (ms)`, results.lake_query_p99_ms[name]),
    ),
    ...queryNames.map((name) =>
      row(`lake query over HTTP p50, ${name} (ms)`, results.lake_query_http_p50_ms[name]),
    ),
    row('lake import (s)', results.lake_import_s),
    row('lake mutations/s (durable, 1 doc each)', results.lake_mutations_per_s_by_articles),
    row('next build (s)', results.next_build_s),
    row('next build: compile (s)', results.next_build_compile_s),
    row('next build: prerender (s)', results.next_build_prerender_s),
  ]
  const soak = results.soak
  const concurrency = results.lake_concurrency
  const single: [string, number | string | null | undefined, string][] = [
    [
      "lake, the site's queries by 32 clients: requests/s, one thread (LAKE_QUERY_WORKERS=0, LAKE_HTTP_THREADS=0)",
      concurrency?.rps_single,
      '',
    ],
    [
      "lake, the site's queries by 32 clients: requests/s, front threads and query pool",
      concurrency?.rps_pool,
      '',
    ],
    [
      'lake front threads and query pool vs one thread, requests/s',
      concurrency?.rps_pool_over_single,
      '×',
    ],
    [
      'lake by-slug p99 while four slow queries run (ms)',
      concurrency?.by_slug_p99_ms_during_slow_queries,
      '',
    ],
    ['publish → live p95 (ms)', results.publish_to_live_p95_ms, ''],
    ['publish → live p50 (ms)', results.publish_to_live_p50_ms, ''],
    [
      'publish → live through the purged proxy p95 (ms)',
      results.publish_to_live_via_proxy_p95_ms,
      '',
    ],
    [
      'publish → live through the purged proxy p50 (ms)',
      results.publish_to_live_via_proxy_p50_ms,
      '',
    ],
    ['article JS over empty page (gzip bytes)', results.article_js_gzip_bytes_over_empty, ''],
    ['ISR behind nginx cache vs nginx static, requests/s', results.isr_rps_ratio_vs_nginx, '×'],
    ['ISR behind nginx cache vs nginx static, p99', results.isr_p99_ratio_vs_nginx, '×'],
    [
      "the site's server alone vs nginx static, requests/s",
      results.next_alone_rps_ratio_vs_nginx,
      '×',
    ],
    ...lighthousePages.flatMap((page) =>
      lighthouseCategories.map(
        (category) =>
          [
            `Lighthouse ${page}, ${category.replace('_', ' ')} (mobile)`,
            results.lighthouse?.[page][category] ?? null,
            '',
          ] as [string, number | null, string],
      ),
    ),
    [
      `soak (${soak ? `${soak.seconds} s, ` : ''}mixed pages + publishes): requests/s`,
      soak?.requests_per_s,
      '',
    ],
    ['soak: errors (non-2xx/3xx or failed)', soak?.errors, ''],
    ['soak: p99 (ms)', soak?.p99_ms, ''],
    ['soak: publishes (failed)', soak ? `${soak.publishes} (${soak.publish_errors})` : null, ''],
    [
      'soak: last version on every page afterwards',
      soak ? (soak.last_version_everywhere ? 'yes' : `no: ${soak.stale_pages.join(', ')}`) : null,
      '',
    ],
    ...Object.entries(soak?.rss_mb ?? {}).map(
      ([name, rss]) =>
        [
          `soak: ${name} RSS start / peak / end (MB)`,
          `${rss.start} / ${rss.peak} / ${rss.end}`,
          '',
        ] as [string, string, string],
    ),
  ]
  const largest = Number(sizes.at(-1)).toLocaleString('en-US')
  return [
    header,
    rule,
    ...perSize,
    '',
    `| at ${largest} articles | value |`,
    '| --- | ---: |',
    ...single.map(
      ([label, value, unit]) =>
        `| ${label} | ${typeof value === 'string' ? value : format(value, unit)} |`,
    ),
  ].join('\n')
}

export function resultsChart(results: BenchResults): string {
  const sizes = results.articles.map(String)
  const label = (size: string) => `${Number(size).toLocaleString('en-US')} articles`
  return barChartSvg([
    {
      title: 'Lake query latency p50 (ms, log scale), the site’s real queries',
      unit: 'ms',
      log: true,
      groups: sizes.map((size) => ({
        label: label(size),
        bars: queryNames.map((name) => ({
          label: name,
          value: results.lake_query_p50_ms[name][size] ?? null,
        })),
      })),
    },
    {
      title: 'next build (s), cold, against a lake holding the dataset',
      unit: 's',
      groups: sizes.map((size) => ({
        label: label(size),
        bars: [
          { label: 'total', value: results.next_build_s[size] ?? null },
          { label: 'compile', value: results.next_build_compile_s[size] ?? null },
          { label: 'prerender', value: results.next_build_prerender_s[size] ?? null },
        ],
      })),
    },
    ...(results.lighthouse
      ? [
          {
            title: 'Lighthouse scores (mobile preset), goal 100',
            unit: 'score',
            groups: lighthousePages.map((page) => ({
              label: page,
              bars: lighthouseCategories.map((category) => ({
                label: category,
                value: results.lighthouse?.[page][category] ?? null,
              })),
            })),
          },
        ]
      : []),
    ...(results.soak
      ? [
          {
            title: `Soak: resident memory (MB) over ${results.soak.seconds} s of mixed load and publishes`,
            unit: 'MB',
            groups: Object.entries(results.soak.rss_mb).map(([name, rss]) => ({
              label: name,
              bars: [
                { label: 'start', value: rss.start },
                { label: 'peak', value: rss.peak },
                { label: 'end', value: rss.end },
              ],
            })),
          },
        ]
      : []),
  ])
}

export function writeResults(results: BenchResults, dir: string): void {
  writeFileSync(path.join(dir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`)
  writeFileSync(path.join(dir, 'latest.svg'), resultsChart(results))
  const run = `Run ${results.date} on ${results.machine.cores} cores (${results.machine.cpu}), ${results.machine.memory_gb} GB, Node ${results.machine.node}, commit ${results.commit ?? 'unknown'}; load average ${results.machine.load_average_at_start} at the start, ${results.machine.load_average_at_end ?? 'n/a'} at the end, ${results.duration_s} s.`
  const goals = Object.entries(results.goals)
    .map(([goal, met]) => `${goal}: ${met === null ? 'not measured' : met ? 'met' : 'missed'}`)
    .join('; ')
  const notes = results.notes.map((note) => `- ${note}`).join('\n')
  writeFileSync(
    path.join(dir, 'latest.md'),
    `${run}\n\n${resultsTable(results)}\n\nGoals (issue 7): ${goals}.\n\n${notes}\n`,
  )
}
