import 'server-only'

import { draftMode } from 'next/headers'

import { previewClient } from '@/sanity/client'

export const dynamic = 'force-dynamic'

/**
 * Server-sent events telling an open preview that content changed, so it can re-render with the
 * new drafts. The lake's listen stream needs the token, which must stay on the server: the browser
 * listens here instead, and only with the draft-mode cookie.
 */
export async function GET(request: Request) {
  if (!previewClient || !(await draftMode()).isEnabled) {
    return new Response('Draft mode is off', { status: 401 })
  }
  const client = previewClient
  const encoder = new TextEncoder()
  let stop: () => void = () => undefined
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (event: string, data: unknown) => {
        controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`))
      }
      const subscription = client
        .listen(
          '*',
          {},
          {
            includeResult: false,
            // Release versions too: a preview may show a release.
            includeAllVersions: true,
            visibility: 'query',
            events: ['welcome', 'mutation'],
          },
        )
        .subscribe({
          next: (event) => {
            if (event.type === 'welcome') send('welcome', {})
            else send('change', { documentId: event.documentId })
          },
          error: () => {
            controller.close()
          },
        })
      stop = () => {
        subscription.unsubscribe()
      }
      request.signal.addEventListener('abort', () => {
        stop()
        controller.close()
      })
    },
    cancel() {
      stop()
    },
  })
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    },
  })
}
