import 'server-only'

import { SIGNATURE_HEADER_NAME, decodeSignatureHeader, isValidSignature } from '@sanity/webhook'
import { setTimeout as sleep } from 'node:timers/promises'

import { revalidateTag } from 'next/cache'
import { after, NextResponse } from 'next/server'
import type { NextRequest } from 'next/server'

import { env } from '@/env'
import { PURGE_AGAIN_AFTER_MS, purgeProxyCache } from '@/revalidation/purge-proxy-cache'
import { revalidationTags, touchedTagIds, webhookBody } from '@/revalidation/revalidation-tags'
import { sanityFetch } from '@/sanity/fetch'
import { revalidationTargetsQuery, revalidationTargetsResult } from '@/sanity/queries'

/** Webhook bodies are one projected document; anything larger is not from the lake. */
const MAX_BODY_BYTES = 64 * 1024
/** A signature older than this is a replay, not a delivery (the lake and Sanity retry within it). */
const MAX_SIGNATURE_AGE_MS = 5 * 60 * 1000

const refuse = (status: number, message: string) =>
  NextResponse.json({ message }, { status, headers: { 'cache-control': 'no-store' } })

async function hasValidSignature(payload: string, signature: string, secret: string) {
  try {
    if (!(await isValidSignature(payload, signature, secret))) return false
    return Math.abs(Date.now() - decodeSignatureHeader(signature).timestamp) <= MAX_SIGNATURE_AGE_MS
  } catch {
    // A malformed header is as bad as a wrong one.
    return false
  }
}

/**
 * The GROQ-powered webhook's target (see sanity-webhook.json): verifies Sanity's signature, then
 * expires exactly the cache tags the published change makes stale, so readers see it at once.
 */
export async function POST(request: NextRequest) {
  const secret = env.revalidateSecret
  if (!secret) return refuse(404, 'Revalidation is not configured')
  const signature = request.headers.get(SIGNATURE_HEADER_NAME)
  if (!signature) return refuse(401, 'Missing signature')
  if (Number(request.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) {
    return refuse(413, 'Body too large')
  }
  const payload = await request.text()
  if (payload.length > MAX_BODY_BYTES) return refuse(413, 'Body too large')
  if (!(await hasValidSignature(payload, signature, secret))) {
    return refuse(401, 'Invalid or expired signature')
  }

  let json: unknown
  try {
    json = JSON.parse(payload)
  } catch {
    return refuse(400, 'Body is not JSON')
  }
  const body = webhookBody.safeParse(json)
  if (!body.success) return refuse(400, 'Body lacks _id and _type')

  const targets = await sanityFetch({
    query: revalidationTargetsQuery,
    params: { id: body.data._id, tagIds: touchedTagIds(body.data) },
    parser: revalidationTargetsResult,
    tags: [],
  })
  const tags = revalidationTags(body.data, targets)
  // Expire at once rather than serve stale once more: the editor just pressed Publish.
  for (const tag of tags) revalidateTag(tag, { expire: 0 })
  // Then a caching proxy in front of the site, if any (CACHE_PURGE_URL): its next request for
  // these pages reaches Next, which renders them afresh. A failed purge is logged, not an error.
  await purgeProxyCache(env.cachePurgeUrl, tags)
  if (env.cachePurgeUrl) {
    after(async () => {
      await sleep(PURGE_AGAIN_AFTER_MS)
      await purgeProxyCache(env.cachePurgeUrl, tags)
    })
  }
  return NextResponse.json({ revalidated: tags }, { headers: { 'cache-control': 'no-store' } })
}
