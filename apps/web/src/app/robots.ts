import type { MetadataRoute } from 'next'

import { env } from '@/env'

export default function robots(): MetadataRoute.Robots {
  return {
    // Draft previews and the webhook target are no reader's business.
    rules: { userAgent: '*', allow: '/', disallow: ['/api/'] },
    sitemap: `${env.siteUrl}/sitemap.xml`,
    host: env.siteUrl,
  }
}
