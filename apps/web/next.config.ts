import { fileURLToPath } from 'node:url'

import type { NextConfig } from 'next'

// Parsing the environment here makes a bad value fail the build, not the first request.
import { env } from './src/env'
import { securityHeaders } from './src/lib/security-headers'

const nextConfig: NextConfig = {
  ...(env.distDir === '.next' ? {} : { distDir: env.distDir }),
  // Several instances share one cache through Redis; none keeps a private copy that could go stale
  // (the handler keeps its own, for when Redis is out of reach). Decided at build time.
  ...(env.redisUrl
    ? {
        cacheHandler: fileURLToPath(
          new URL('./src/cache/redis-cache-handler.mjs', import.meta.url),
        ),
        cacheMaxMemorySize: 0,
      }
    : {}),
  poweredByHeader: false,
  // The stylesheet (10 kB) goes into each page's <head>: no render-blocking request before the first
  // paint, which is what a reader on a slow phone connection waits for.
  experimental: { inlineCss: true },
  reactStrictMode: true,
  transpilePackages: ['@repo/queries', '@repo/schemas'],
  headers: async () => [
    {
      source: '/:path*',
      headers: securityHeaders({ imageHost: env.imageHost, studioUrl: env.studioUrl }),
    },
  ],
  // Every article has a Markdown twin at its own address plus `.md`.
  rewrites: async () => [
    { source: '/articles/:slug([^/.]+).md', destination: '/articles/:slug/markdown' },
  ],
}

export default nextConfig
