import { request as httpRequest } from 'node:http'
import type { OutgoingHttpHeaders } from 'node:http'

export interface StreamedAnswer {
  /** The answer's status, or undefined when the connection closed before one arrived. */
  status: number | undefined
  /** Body bytes the client handed to its socket before the answer or the close. */
  written: number
}

/**
 * Sends `bodyBytes` of zeros in 64 KiB chunks, honouring backpressure, chunked unless the headers
 * give a Content-Length, and stops writing as soon as an answer arrives or the connection ends:
 * `written` then tells how much of the body a server took in before it refused it.
 */
export function streamedRequest(
  url: string,
  {
    method = 'POST',
    headers = {},
    bodyBytes = 0,
  }: { method?: string; headers?: OutgoingHttpHeaders; bodyBytes?: number },
) {
  return new Promise<StreamedAnswer>((resolve) => {
    let written = 0
    let done = false
    const finish = (status: number | undefined) => {
      if (done) return
      done = true
      resolve({ status, written })
      client.destroy()
    }
    const client = httpRequest(url, { method, headers })
    client.on('response', (response) => {
      response.resume()
      response.on('end', () => {
        finish(response.statusCode)
      })
      response.on('error', () => {
        finish(response.statusCode)
      })
    })
    client.on('error', () => {
      finish(undefined)
    })
    client.on('close', () => {
      finish(undefined)
    })
    const chunk = Buffer.alloc(64 * 1024)
    const writeMore = () => {
      while (!done && written < bodyBytes) {
        const piece = chunk.subarray(0, Math.min(chunk.length, bodyBytes - written))
        written += piece.length
        if (!client.write(piece)) {
          client.once('drain', writeMore)
          return
        }
      }
      if (!done) client.end()
    }
    writeMore()
  })
}
