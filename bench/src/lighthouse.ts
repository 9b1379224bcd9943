import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

import { chromiumFlags, chromiumPath } from '@repo/chromium'

import { run } from './processes.ts'
import { percentile } from './stats.ts'

export const lighthouseCategories = [
  'performance',
  'accessibility',
  'best_practices',
  'seo',
] as const
export type LighthouseCategory = (typeof lighthouseCategories)[number]

export interface LighthousePage {
  scores: Record<LighthouseCategory, number>
  /** Audits that cost points: `category: id (title)`, with the audit's score when not binary. */
  failed: string[]
}

const chromeFlags = ['--headless=new', ...chromiumFlags]
const lighthousePackage = createRequire(import.meta.url).resolve('lighthouse/package.json')
const lighthouseCli = path.join(path.dirname(lighthousePackage), 'cli/index.js')
export const lighthouseVersion = (
  JSON.parse(readFileSync(lighthousePackage, 'utf8')) as { version: string }
).version

interface LighthouseReport {
  categories: Record<string, { score: number | null; auditRefs: { id: string; weight: number }[] }>
  audits: Record<
    string,
    { title: string; score: number | null; scoreDisplayMode: string; displayValue?: string }
  >
}

/**
 * Lighthouse's CLI (its default mobile preset: emulated phone, simulated slow 4G and 4× CPU
 * slowdown) on one page with Debian's Chromium; scores 0-100 and the audits that failed.
 */
export async function lighthouse(url: string, reportFile: string): Promise<LighthousePage> {
  await run(
    process.execPath,
    [
      lighthouseCli,
      url,
      '--output=json',
      `--output-path=${reportFile}`,
      '--only-categories=performance,accessibility,best-practices,seo',
      `--chrome-flags=${chromeFlags.join(' ')}`,
      '--quiet',
    ],
    { env: { CHROME_PATH: chromiumPath }, logFile: `${reportFile}.log` },
  )
  return summarizeLighthouse(JSON.parse(readFileSync(reportFile, 'utf8')) as LighthouseReport)
}

export function summarizeLighthouse(report: LighthouseReport): LighthousePage {
  const scores = {} as Record<LighthouseCategory, number>
  const failed: string[] = []
  for (const category of lighthouseCategories) {
    const entry = report.categories[category.replace('_', '-')]
    scores[category] = Math.round((entry?.score ?? 0) * 100)
    for (const ref of entry?.auditRefs ?? []) {
      const audit = report.audits[ref.id]
      if (!audit || audit.score === null || audit.score >= 1) continue
      if (!['binary', 'numeric', 'metricSavings'].includes(audit.scoreDisplayMode)) continue
      const score = audit.scoreDisplayMode === 'binary' ? '' : ` ${audit.score.toFixed(2)}`
      const value = audit.displayValue ? `: ${audit.displayValue}` : ''
      failed.push(`${category}: ${ref.id}${score} (${audit.title}${value})`)
    }
  }
  return { scores, failed }
}

/** Scores swing between runs on a shared machine: each page is measured this many times. */
export const lighthouseRuns = 3

export interface LighthouseMedian extends LighthousePage {
  /** Every run's scores, in run order. */
  runs: Record<LighthouseCategory, number>[]
}

/**
 * The median score of each category over the runs, and the audits that cost points in the run
 * whose performance score is the median (the typical run, not the union of every run's noise).
 */
export function medianLighthouse(runs: readonly LighthousePage[]): LighthouseMedian {
  if (runs.length === 0) throw new Error('no Lighthouse run to summarize')
  const scores = {} as Record<LighthouseCategory, number>
  for (const category of lighthouseCategories) {
    scores[category] = percentile(
      runs.map((page) => page.scores[category]),
      50,
    )
  }
  const byPerformance = [...runs].sort((a, b) => a.scores.performance - b.scores.performance)
  const typical = byPerformance[Math.ceil(byPerformance.length / 2) - 1] as LighthousePage
  return { scores, failed: typical.failed, runs: runs.map((page) => page.scores) }
}

export function hasChromium(): boolean {
  return spawnSync(chromiumPath, ['--version']).status === 0
}
