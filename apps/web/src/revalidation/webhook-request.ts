import { decodeSignatureHeader } from '@sanity/webhook'

/** Where the lake (or Sanity) delivers the GROQ-powered webhook (sanity-webhook.json). */
export const WEBHOOK_PATH = '/api/revalidate'
/** Webhook bodies are one projected document; anything larger is not from the lake. */
export const MAX_WEBHOOK_BODY_BYTES = 64 * 1024
/** A signature older than this is a replay, not a delivery (the lake and Sanity retry within it). */
export const MAX_SIGNATURE_AGE_MS = 5 * 60 * 1000

/**
 * Whether a `sanity-webhook-signature` header is worth reading the body for: well formed
 * (`t=<ms>,v1=<signature>`, as @sanity/webhook writes it) and signed within the last five minutes.
 * It says nothing of the signature itself, which needs the body.
 */
export function isFreshSignatureHeader(value: string | undefined | null, now = Date.now()) {
  if (!value) return false
  try {
    return Math.abs(now - decodeSignatureHeader(value).timestamp) <= MAX_SIGNATURE_AGE_MS
  } catch {
    return false
  }
}
