import { execFile, execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'

import { ports, webUrl } from './paths.ts'
import { startService, waitForUrl } from './processes.ts'
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
 * The article page under load, three ways: (a) `next start` alone, from its ISR cache; (b) nginx
 * proxy_cache in front of it (micro-caching, 1 s); (c) nginx serving the same HTML as a static
 * file. Needs wrk and nginx from Debian: installed with apt-get when missing; returns null (with a
 * note) when that is impossible.
 */
export async function measureLoad(
  slug: string,
  workDir: string,
  notes: string[],
): Promise<LoadResults | null> {
  if (!ensureTools(notes)) return null
  const page = `/articles/${slug}`
  const html = await (await fetch(`${webUrl}${page}`)).text()
  const root = path.join(workDir, 'nginx')
  mkdirSync(path.join(root, 'static/articles'), { recursive: true })
  mkdirSync(path.join(root, 'logs'), { recursive: true })
  mkdirSync(path.join(root, 'cache'), { recursive: true })
  writeFileSync(path.join(root, 'static/articles', `${slug}.html`), html)
  writeFileSync(path.join(root, 'nginx.conf'), nginxConfig(root))
  const nginx = startService(
    'nginx',
    'nginx',
    ['-p', root, '-c', path.join(root, 'nginx.conf'), '-g', 'daemon off;'],
    { logFile: path.join(root, 'logs/stdout.log') },
  )
  try {
    await waitForUrl(`http://127.0.0.1:${ports.nginxStatic}${page}`)
    await waitForUrl(`http://127.0.0.1:${ports.nginxProxy}${page}`)
    const topologies = {
      a_next_alone: await wrk(`${webUrl}${page}`),
      b_nginx_cache_in_front_of_next: await wrk(`http://127.0.0.1:${ports.nginxProxy}${page}`),
      c_nginx_static: await wrk(`http://127.0.0.1:${ports.nginxStatic}${page}`),
    }
    const { a_next_alone: a, b_nginx_cache_in_front_of_next: b, c_nginx_static: c } = topologies
    notes.push(
      `Load: wrk ${wrkArgs.join(' ')} on the newest article page; (a) next start alone ${a.rps} req/s p99 ${a.p99_ms} ms, (b) nginx proxy_cache (1 s micro-cache, stale while updating) in front of next ${b.rps} req/s p99 ${b.p99_ms} ms, (c) nginx serving the same HTML as a file ${c.rps} req/s p99 ${c.p99_ms} ms. wrk shares the two cores with the server.`,
    )
    return {
      topologies,
      isrRpsRatio: round(b.rps / c.rps),
      isrP99Ratio: round(b.p99_ms / c.p99_ms),
      nextAloneRpsRatio: round(a.rps / c.rps),
    }
  } finally {
    await nginx.stop()
  }
}

function ensureTools(notes: string[]): boolean {
  const missing = ['wrk', 'nginx'].filter((tool) => spawnSync('which', [tool]).status !== 0)
  if (missing.length === 0) return true
  const apt = (args: string[]) => {
    execFileSync('apt-get', args, {
      stdio: 'ignore',
      env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', DEBIAN_FRONTEND: 'noninteractive' },
    })
  }
  try {
    apt(['update', '-qq'])
    apt(['install', '-y', '-qq', ...missing])
    return true
  } catch {
    notes.push(
      `wrk/nginx ratios not measured: ${missing.join(' and ')} missing and apt-get install failed.`,
    )
    return false
  }
}

const execFileAsync = promisify(execFile)

// Asynchronous on purpose: blocking the event loop for the run would let the servers close this
// process's idle keep-alive connections unnoticed, and the next fetch would fail on one.
async function wrk(url: string): Promise<WrkFigures> {
  // A short warm-up, so JIT and caches are hot for the measured run.
  await execFileAsync('wrk', ['-t2', '-c8', '-d2s', url])
  const { stdout } = await execFileAsync('wrk', [...wrkArgs, url])
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

function nginxConfig(root: string): string {
  return `worker_processes 1;
user root;
pid ${root}/nginx.pid;
error_log ${root}/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${root}/cache/body;
  proxy_temp_path ${root}/cache/proxy;
  fastcgi_temp_path ${root}/cache/fastcgi;
  uwsgi_temp_path ${root}/cache/uwsgi;
  scgi_temp_path ${root}/cache/scgi;
  default_type text/html;
  proxy_cache_path ${root}/cache/pages keys_zone=pages:10m max_size=100m inactive=10m;
  upstream next { server 127.0.0.1:${ports.web}; keepalive 32; }
  # (b) the self-hosting topology: Next behind a caching proxy. Next's own Cache-Control is
  # honoured; pages without one are micro-cached for a second, refreshed in the background.
  server {
    listen 127.0.0.1:${ports.nginxProxy};
    location / {
      proxy_pass http://next;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_cache pages;
      proxy_cache_valid 200 1s;
      proxy_cache_lock on;
      proxy_cache_use_stale updating error timeout;
      proxy_cache_background_update on;
    }
  }
  # (c) the same HTML as a static file.
  server {
    listen 127.0.0.1:${ports.nginxStatic};
    root ${root}/static;
    location /articles/ { try_files $uri.html =404; }
  }
}
`
}
