import 'server-only'

import { SIGNATURE_HEADER_NAME, isValidSignature } from '@sanity/webhook'
import { setTimeout as sleep } from 'node:timers/promises'

import { revalidateTag } from 'next/cache'
import { after, NextResponse } from 'next/server'
import type { NextRequest } from 'next/server'

import { env } from '@/env'
import { PURGE_AGAIN_AFTER_MS, purgeProxyCache } from '@/revalidation/purge-proxy-cache'
import { readBodyWithin } from '@/lib/read-body-within'
import { revalidationTags, touchedTagIds, webhookBody } from '@/revalidation/revalidation-tags'
import { isFreshSignatureHeader, MAX_WEBHOOK_BODY_BYTES } from '@/revalidation/webhook-request'
import { loadRevalidationTargets } from '@/sanity/loaders/revalidation-targets'

const refuse = (status: number, message: string) =>
  NextResponse.json({ message }, { status, headers: { 'cache-control': 'no-store' } })

/**
 * The GROQ-powered webhook's target (see sanity-webhook.json): verifies Sanity's signature, then
 * expires exactly the cache tags the published change makes stale, so readers see it at once.
 * server.ts already refused bad headers and oversize bodies before Next saw them; the same checks
 * here keep `next dev` bounded too.
 */
export async function POST(request: NextRequest) {
  const secret = env.revalidateSecret
  if (!secret) return refuse(404, 'Revalidation is not configured')
  // Before the body is read: only a well-formed signature made in the last five minutes.
  const signature = request.headers.get(SIGNATURE_HEADER_NAME)
  if (!signature || !isFreshSignatureHeader(signature)) {
    return refuse(401, 'Missing, malformed or expired signature')
  }
  const payload = await readBodyWithin(request, MAX_WEBHOOK_BODY_BYTES)
  if (payload === undefined) return refuse(413, 'Body too large')
  if (!(await isValidSignature(payload, signature, secret))) {
    return refuse(401, 'Invalid signature')
  }

  let json: unknown
  try {
    json = JSON.parse(payload)
  } catch {
    return refuse(400, 'Body is not JSON')
  }
  const body = webhookBody.safeParse(json)
  if (!body.success) return refuse(400, 'Body lacks _id and _type')

  const targets = await loadRevalidationTargets(body.data._id, touchedTagIds(body.data))
  const tags = revalidationTags(body.data, targets)
  // Expire at once rather than serve stale once more: the editor just pressed Publish.
  for (const tag of tags) revalidateTag(tag, { expire: 0 })
  // Then a caching proxy in front of the site, if any (CACHE_PURGE_URL): its next request for
  // these pages reaches Next, which renders them afresh. A failed purge is logged, not an error.
  await purgeProxyCache(env.cachePurgeUrl, tags)
  // A reader's request that reached Next just before the tags expired may still be rendering the
  // page from the old content: stored after the expiry, it would count as fresh until the page's
  // 60 s revalidate (the bench's first publish after a start hit this every time). So the tags
  // expire again once such a render has landed, and the proxy is purged again for the same reason.
  after(async () => {
    await sleep(PURGE_AGAIN_AFTER_MS)
    for (const tag of tags) revalidateTag(tag, { expire: 0 })
    await purgeProxyCache(env.cachePurgeUrl, tags)
  })
  return NextResponse.json({ revalidated: tags }, { headers: { 'cache-control': 'no-store' } })
}
