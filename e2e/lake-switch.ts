import { createServer, request } from 'node:http'

/**
 * The site's road to the lake, with a switch: a pass-through proxy on `port` that a test can turn
 * off (`POST /__lake/off`, connections are then cut as if the lake were down) and on again.
 * Usage: node e2e/lake-switch.ts <port> <lake url>
 */
const [port = '4211', target = 'http://127.0.0.1:4210'] = process.argv.slice(2)
const lake = new URL(target)
let up = true

createServer((incoming, outgoing) => {
  if (incoming.url === '/__lake/off' || incoming.url === '/__lake/on') {
    up = incoming.url === '/__lake/on'
    outgoing.end(JSON.stringify({ up }))
    return
  }
  if (!up) {
    incoming.socket.destroy()
    return
  }
  const forwarded = request(
    {
      host: lake.hostname,
      port: lake.port,
      method: incoming.method,
      path: incoming.url,
      headers: { ...incoming.headers, host: lake.host },
    },
    (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(outgoing)
    },
  )
  forwarded.on('error', () => incoming.socket.destroy())
  incoming.pipe(forwarded)
}).listen(Number(port), '127.0.0.1')
