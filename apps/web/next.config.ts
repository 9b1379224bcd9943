import type { NextConfig } from 'next'

// Parsing the environment here makes a bad value fail the build, not the first request.
import './src/env'

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  transpilePackages: ['@repo/schemas'],
  images: {
    loader: 'custom',
    loaderFile: './src/sanity/image-loader.ts',
  },
}

export default nextConfig
