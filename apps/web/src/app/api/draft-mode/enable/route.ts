import 'server-only'

import { defineEnableDraftMode } from 'next-sanity/draft-mode'

import { previewClient } from '@/sanity/client'

const enableDraftMode = previewClient && defineEnableDraftMode({ client: previewClient })

/**
 * The Presentation tool's way in: it stores a short-lived secret in the dataset and opens this
 * route with it; a missing or wrong secret is a 401. Without a read token there are no previews.
 */
export function GET(request: Request) {
  if (!enableDraftMode) return new Response('Previews are not configured', { status: 404 })
  return enableDraftMode.GET(request)
}
