import type { IncomingMessage, ServerResponse } from 'node:http'

import { SIGNATURE_HEADER_NAME } from '@sanity/webhook'

import {
  isFreshSignatureHeader,
  MAX_WEBHOOK_BODY_BYTES,
  WEBHOOK_PATH,
} from '../revalidation/webhook-request.ts'
import { limitRequestBody, refuseAndClose } from './body-limit.ts'

export interface RequestPolicy {
  /** Host names the site answers to (env `allowedHosts`), lower case, IPv6 in brackets. */
  allowedHosts: readonly string[]
  /** Whether /api/revalidate is on (a webhook secret is set); off, it takes no body either. */
  webhookEnabled: boolean
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** A Host header: a DNS name, IPv4 or bracketed IPv6 address, and maybe a port. */
const HOST_HEADER = /^(?<name>[a-z0-9-]+(\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])\.?(:\d{1,5})?$/i

/** The host name a Host header names, lower case, without port or trailing dot. */
function hostNameOfHost(value: string | undefined): string | undefined {
  return value?.match(HOST_HEADER)?.groups?.name?.toLowerCase()
}

/** The host name of an Origin header; undefined for `null` or anything not a URL. */
function hostNameOfOrigin(value: string): string | undefined {
  try {
    return new URL(value).hostname.replace(/\.$/, '')
  } catch {
    return undefined
  }
}

/** Whether the request says it carries a body: a Content-Length above 0, or chunked. */
const declaresBody = (request: IncomingMessage) =>
  request.headers['transfer-encoding'] !== undefined ||
  Number(request.headers['content-length'] ?? 0) > 0

/**
 * What the site checks before Next does any work for a request (server.ts): the Host is one of
 * the site's names (a response rendered for another host must not land in a shared cache), a
 * state-changing request comes from no other site's page, and a body is taken only where one is
 * read — the revalidation webhook, with a well-formed, fresh signature header, up to 64 KiB,
 * counted as it arrives. Every other route reads no body, so any body is refused unread. Answers
 * the refusal itself and returns false; returns true when Next may handle the request.
 */
export function admitRequest(
  request: IncomingMessage,
  response: ServerResponse,
  policy: RequestPolicy,
): boolean {
  const host = hostNameOfHost(request.headers.host)
  if (!host || !policy.allowedHosts.includes(host)) {
    refuseAndClose(response, 421, 'This server does not serve that host name')
    return false
  }
  const method = request.method ?? 'GET'
  const origin = request.headers.origin
  if (!SAFE_METHODS.has(method) && origin !== undefined) {
    const originHost = hostNameOfOrigin(origin)
    if (!originHost || !policy.allowedHosts.includes(originHost)) {
      refuseAndClose(response, 403, 'Cross-origin requests may not change anything')
      return false
    }
  }
  const path = (request.url ?? '/').split('?', 1)[0]
  if (policy.webhookEnabled && method === 'POST' && path === WEBHOOK_PATH) {
    const signature = request.headers[SIGNATURE_HEADER_NAME]
    if (!isFreshSignatureHeader(typeof signature === 'string' ? signature : undefined)) {
      refuseAndClose(response, 401, 'Missing, malformed or expired signature')
      return false
    }
    if (Number(request.headers['content-length'] ?? 0) > MAX_WEBHOOK_BODY_BYTES) {
      refuseAndClose(response, 413, 'Request body too large')
      return false
    }
    limitRequestBody(request, response, MAX_WEBHOOK_BODY_BYTES)
    return true
  }
  if (declaresBody(request)) {
    refuseAndClose(response, 413, 'This address takes no request body')
    return false
  }
  return true
}
