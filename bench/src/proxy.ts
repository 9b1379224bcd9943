import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

import { ports, repoRoot } from './paths.ts'
import { startService, waitForUrl } from './processes.ts'
import type { Service } from './processes.ts'

/** The nginx configuration README "Production" describes; the bench serves exactly this file. */
export const siteCacheConf = path.join(repoRoot, 'bench/nginx/site-cache.conf')
export const purgeModule = '/usr/lib/nginx/modules/ngx_http_cache_purge_module.so'
export const proxyUrl = `http://127.0.0.1:${ports.nginxProxy}`
export const staticUrl = `http://127.0.0.1:${ports.nginxStatic}`
/** What the site is started with (CACHE_PURGE_URL), so its webhook purges the proxy. */
export const purgeUrl = `${proxyUrl}/purge`

export interface Proxy {
  service: Service
  /** Where (c) reads its files from: `<staticRoot>/articles/<slug>.html`. */
  staticRoot: string
}

/**
 * wrk, nginx and ngx_cache_purge from Debian, installed with apt-get when missing. Returns what
 * is still missing (empty when all is there).
 */
export function ensureProxyTools(): string[] {
  const missing = () => {
    const packages = ['wrk', 'nginx'].filter((tool) => spawnSync('which', [tool]).status !== 0)
    if (!existsSync(purgeModule)) packages.push('libnginx-mod-http-cache-purge')
    return packages
  }
  const needed = missing()
  if (needed.length === 0) return []
  const apt = (args: string[]) => {
    execFileSync('apt-get', args, {
      stdio: 'ignore',
      env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', DEBIAN_FRONTEND: 'noninteractive' },
    })
  }
  try {
    apt(['update', '-qq'])
    apt(['install', '-y', '-qq', ...needed])
  } catch {
    // Reported below.
  }
  return missing()
}

/**
 * nginx with two servers: (b) bench/nginx/site-cache.conf, the caching proxy in front of
 * the site's server, purged by the site's webhook; (c) a static file server for the same HTML.
 */
export async function startProxy(workDir: string): Promise<Proxy> {
  const root = path.join(workDir, 'nginx')
  const staticRoot = path.join(root, 'static')
  for (const dir of ['static/articles', 'logs', 'temp']) {
    mkdirSync(path.join(root, dir), { recursive: true })
  }
  writeProxyConfig(root, staticRoot)
  const service = startService(
    'nginx',
    'nginx',
    ['-p', root, '-c', path.join(root, 'nginx.conf'), '-g', 'daemon off;'],
    { logFile: path.join(root, 'logs/stdout.log') },
  )
  await waitForUrl(`${proxyUrl}/`)
  return { service, staticRoot }
}

/** Writes `<root>/nginx.conf` and the filled-in `<root>/site-cache.conf` it includes. */
export function writeProxyConfig(root: string, staticRoot: string): string {
  const site = readFileSync(siteCacheConf, 'utf8')
    .replaceAll('{{cache_dir}}', path.join(root, 'cache'))
    .replaceAll('{{next}}', `127.0.0.1:${ports.web}`)
    .replaceAll('{{listen}}', `127.0.0.1:${ports.nginxProxy}`)
  writeFileSync(path.join(root, 'site-cache.conf'), site)
  const main = path.join(root, 'nginx.conf')
  writeFileSync(main, mainConfig(root, staticRoot))
  return main
}

function mainConfig(root: string, staticRoot: string): string {
  return `load_module ${purgeModule};
worker_processes 1;
user root;
pid ${root}/nginx.pid;
error_log ${root}/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${root}/temp/body;
  proxy_temp_path ${root}/temp/proxy;
  fastcgi_temp_path ${root}/temp/fastcgi;
  uwsgi_temp_path ${root}/temp/uwsgi;
  scgi_temp_path ${root}/temp/scgi;
  default_type text/html;
  # (b) the self-hosting topology, as README "Production" documents it.
  include ${root}/site-cache.conf;
  # (c) the same HTML as a static file.
  server {
    listen 127.0.0.1:${ports.nginxStatic};
    root ${staticRoot};
    location /articles/ { try_files $uri.html =404; }
  }
}
`
}
