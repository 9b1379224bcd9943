import { execFile } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'

import { webUrl } from './paths.ts'
import { waitForUrl } from './processes.ts'
import { proxyUrl, staticUrl } from './proxy.ts'
import type { Proxy } from './proxy.ts'
import { round } from './stats.ts'

interface WrkFigures {
  rps: number
  p50_ms: number
  p99_ms: number
}

export interface LoadResults {
  topologies: Record<string, WrkFigures>
  isrRpsRatio: number
  isrP99Ratio: number
  nextAloneRpsRatio: number
}

// Two cores are shared by wrk and the server under test: two wrk threads, 32 connections.
const wrkArgs = ['-t2', '-c32', '-d10s', '--latency']

/**
 * The article page under load, three ways: (a) the site's server alone (apps/web/server.ts), from its ISR cache; (b) nginx
 * in front of it, caching and purged on publish (bench/nginx/site-cache.conf); (c) nginx serving
 * the same HTML as a static file. nginx is already running (proxy.ts).
 */
export async function measureLoad(
  slug: string,
  proxy: Proxy,
  notes: string[],
): Promise<LoadResults> {
  const page = `/articles/${slug}`
  const html = await (await fetch(`${webUrl}${page}`)).text()
  writeFileSync(path.join(proxy.staticRoot, 'articles', `${slug}.html`), html)
  await waitForUrl(`${staticUrl}${page}`)
  const topologies = {
    a_next_alone: await wrk(`${webUrl}${page}`),
    b_nginx_cache_in_front_of_next: await wrk(`${proxyUrl}${page}`),
    c_nginx_static: await wrk(`${staticUrl}${page}`),
  }
  const { a_next_alone: a, b_nginx_cache_in_front_of_next: b, c_nginx_static: c } = topologies
  notes.push(
    `Load: wrk ${wrkArgs.join(' ')} on the newest article page; (a) the site's server (Next's handler) alone ${a.rps} req/s p99 ${a.p99_ms} ms, (b) nginx proxy_cache in front of next (bench/nginx/site-cache.conf: Next's Cache-Control honoured, 10 s when none, purged by the webhook) ${b.rps} req/s p99 ${b.p99_ms} ms, (c) nginx serving the same HTML as a file ${c.rps} req/s p99 ${c.p99_ms} ms. wrk shares the two cores with the server.`,
  )
  return {
    topologies,
    isrRpsRatio: round(b.rps / c.rps),
    isrP99Ratio: round(b.p99_ms / c.p99_ms),
    nextAloneRpsRatio: round(a.rps / c.rps),
  }
}

const execFileAsync = promisify(execFile)

// Asynchronous on purpose: blocking the event loop for the run would let the servers close this
// process's idle keep-alive connections unnoticed, and the next fetch would fail on one.
export async function wrk(url: string, seconds = 10): Promise<WrkFigures> {
  // A short warm-up, so JIT and caches are hot for the measured run.
  await execFileAsync('wrk', ['-t2', '-c8', '-d2s', url])
  const args = wrkArgs.map((arg) => (arg === '-d10s' ? `-d${seconds}s` : arg))
  const { stdout } = await execFileAsync('wrk', [...args, url])
  return parseWrk(stdout)
}

/** Requests/s and the 50th/99th latency percentiles from wrk's `--latency` report. */
export function parseWrk(output: string): WrkFigures {
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(output)?.[1])
  const latency = (percent: string) => {
    const match = new RegExp(`^\\s*${percent}%\\s+([\\d.]+)(us|ms|s)\\s*$`, 'm').exec(output)
    if (!match) return Number.NaN
    const value = Number(match[1])
    return match[2] === 'us' ? value / 1000 : match[2] === 's' ? value * 1000 : value
  }
  return { rps: round(rps), p50_ms: round(latency('50')), p99_ms: round(latency('99')) }
}
