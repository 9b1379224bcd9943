import { request } from 'node:http'

export interface RawAnswer {
  status: number
  headers: Record<string, string | string[] | undefined>
  /** The body, or for a stream its first chunk (the request is then dropped). */
  body: string
}

/**
 * One request over a real socket to 127.0.0.1 with exactly the headers given — `Host` included,
 * which fetch() will not let a caller forge. WebSocket upgrades the server refuses are answered
 * like any request.
 */
export function rawRequest(
  port: number,
  path: string,
  headers: Record<string, string>,
  method = 'GET',
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, path, method, headers })
    outgoing.on('error', reject)
    outgoing.on('upgrade', (response, socket) => {
      socket.destroy()
      resolve({ status: response.statusCode ?? 0, headers: response.headers, body: '' })
    })
    outgoing.on('response', (response) => {
      const stream = response.headers['content-type']?.startsWith('text/event-stream')
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => {
        body += chunk
        if (stream) {
          outgoing.destroy()
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body })
        }
      })
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body })
      })
      response.on('error', reject)
    })
    outgoing.end()
  })
}
