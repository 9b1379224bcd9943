import { request } from 'node:http'

export interface RawAnswer {
  status: number
  headers: Record<string, string | string[] | undefined>
  /** The body, or for a stream its first chunk (the request is then dropped). */
  body: string
}

/**
 * One request over a fresh socket to `origin` with exactly the headers given — `Host` included,
 * which fetch() will not let a caller forge — and `path` byte for byte (fetch would resolve `..`
 * and `%2e`). WebSocket upgrades the server refuses are answered like any request.
 */
export function rawRequest(
  origin: string,
  path: string,
  headers: Record<string, string | number> = {},
  method = 'GET',
): Promise<RawAnswer> {
  const { hostname, port } = new URL(origin)
  return new Promise((resolve, reject) => {
    const outgoing = request({ hostname, port, path, method, headers, agent: false })
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
