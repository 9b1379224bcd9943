import { execFileSync, spawn } from 'node:child_process'
import { connect, createServer } from 'node:net'

export interface RedisTestServer {
  port: number
  url: string
  /** Kills the server at once (SIGKILL, as a crash would) and waits for it to exit. */
  stop: () => Promise<void>
}

/** Whether Debian's redis-server binary is on the PATH. */
export const hasRedisServer: boolean = (() => {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()

/** A port nothing listens on right now, for a server a test is about to start. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port)
        else reject(new Error('no free port'))
      })
    })
  })
}

/**
 * Starts redis-server on `port` (a free one by default), in memory only, and resolves once it
 * accepts connections; rejects if it exits or does not listen within 5 s.
 */
export async function startRedisServer(port?: number): Promise<RedisTestServer> {
  const listenPort = port ?? (await freePort())
  const child = spawn(
    'redis-server',
    ['--port', String(listenPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  )
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve()
    }),
  )
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    await exited
  }
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) break
    if (await accepts(listenPort)) {
      return { port: listenPort, url: `redis://127.0.0.1:${listenPort}`, stop }
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  await stop()
  throw new Error(`redis-server did not start on port ${listenPort}`)
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => {
      resolve(false)
    })
  })
}
