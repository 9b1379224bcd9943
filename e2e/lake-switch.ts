import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http'

/**
 * The site's road to the lake, with a switch: a pass-through proxy on `port` that a test can turn
 * off (`POST /__lake/off`, connections are then cut as if the lake were down) and on again.
 *
 * It can also slow one query down, as a slow network or a busy lake would, to catch the site in
 * the middle of a render: after `POST /__lake/hold?text=<text>`, the answers to requests whose
 * (decoded) URL contains `text` are read from the lake at once but kept back, and the URLs of the
 * requests answered meanwhile are noted; `GET /__lake/log` says how many answers are kept and
 * which URLs were answered, and `POST /__lake/release` sends the kept answers and ends both.
 * Usage: node e2e/lake-switch.ts <port> <lake url>
 */
const [port = '4211', target = 'http://127.0.0.1:4210'] = process.argv.slice(2)
const lake = new URL(target)
let up = true
let holding: { text: string; kept: (() => void)[]; answered: string[] } | undefined

const decoded = (url: string) => {
  try {
    return decodeURIComponent(url.replaceAll('+', ' '))
  } catch {
    return url
  }
}

function control(incoming: IncomingMessage, outgoing: ServerResponse) {
  const url = new URL(incoming.url ?? '/', 'http://switch')
  switch (url.pathname) {
    case '/__lake/off':
    case '/__lake/on':
      up = url.pathname === '/__lake/on'
      return outgoing.end(JSON.stringify({ up }))
    case '/__lake/hold':
      holding = { text: url.searchParams.get('text') ?? '', kept: [], answered: [] }
      return outgoing.end(JSON.stringify({ holding: holding.text }))
    case '/__lake/log':
      return outgoing.end(
        JSON.stringify({ kept: holding?.kept.length ?? 0, answered: holding?.answered ?? [] }),
      )
    case '/__lake/release': {
      const kept = holding?.kept ?? []
      holding = undefined
      for (const send of kept) send()
      return outgoing.end(JSON.stringify({ released: kept.length }))
    }
    default:
      outgoing.statusCode = 404
      return outgoing.end()
  }
}

createServer((incoming, outgoing) => {
  if (incoming.url?.startsWith('/__lake/')) {
    control(incoming, outgoing)
    return
  }
  if (!up) {
    incoming.socket.destroy()
    return
  }
  const path = decoded(incoming.url ?? '/')
  const forwarded = request(
    {
      host: lake.hostname,
      port: lake.port,
      method: incoming.method,
      path: incoming.url,
      headers: { ...incoming.headers, host: lake.host },
    },
    (answer) => {
      const held = holding
      if (!held?.text || !path.includes(held.text)) {
        held?.answered.push(path)
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(outgoing)
        return
      }
      // The whole answer is read now, so it is what the lake holds at this moment.
      const chunks: Buffer[] = []
      answer.on('data', (chunk: Buffer) => chunks.push(chunk))
      answer.on('end', () => {
        held.kept.push(() => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers)
          outgoing.end(Buffer.concat(chunks))
        })
      })
    },
  )
  forwarded.on('error', () => incoming.socket.destroy())
  incoming.pipe(forwarded)
}).listen(Number(port), '127.0.0.1')
