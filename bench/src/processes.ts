import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { createServer } from 'node:net'

import { parentEnv } from './env.ts'

export interface Service {
  name: string
  child: ChildProcess
  stop(): Promise<void>
}

const running = new Set<Service>()

/**
 * Starts a long-running process (lake, the site's server, nginx) in its own process group, logging to
 * `logFile`, so that stopping it also stops whatever it spawned — and nothing else.
 */
export function startService(
  name: string,
  command: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; logFile: string },
): Service {
  const log = createWriteStream(options.logFile)
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...parentEnv, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  child.stdout.pipe(log)
  child.stderr.pipe(log)
  const service: Service = {
    name,
    child,
    async stop() {
      running.delete(service)
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return
      const exited = once(child, 'exit')
      killGroup(child.pid, 'SIGTERM')
      const timer = setTimeout(() => {
        if (child.pid !== undefined) killGroup(child.pid, 'SIGKILL')
      }, 5000)
      await exited
      clearTimeout(timer)
    },
  }
  running.add(service)
  return service
}

function killGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal)
  } catch {
    // Already gone.
  }
}

/** Stops every service still running (on the way out, also after a failure). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((service) => service.stop()))
}

/** Runs a command to completion; rejects with its output's tail when it fails. */
export async function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; logFile?: string } = {},
): Promise<void> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...parentEnv, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const log = options.logFile ? createWriteStream(options.logFile) : undefined
  let tail = ''
  const collect = (chunk: Buffer) => {
    log?.write(chunk)
    tail = (tail + chunk.toString()).slice(-4000)
  }
  child.stdout.on('data', collect)
  child.stderr.on('data', collect)
  const [code] = (await once(child, 'exit')) as [number | null]
  log?.end()
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} failed (${code}):\n${tail}`)
}

/** Polls `url` until it answers (any status below 500), or fails after `timeoutMs`. */
export async function waitForUrl(url: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      const response = await fetch(url)
      await response.arrayBuffer()
      if (response.status < 500) return
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`${url} did not come up within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

/** Fails when something already listens on `port` (a leftover server would answer instead). */
export async function assertPortFree(port: number): Promise<void> {
  const server = createServer()
  try {
    server.listen(port, '127.0.0.1')
    await once(server, 'listening')
  } catch {
    throw new Error(`port ${port} is in use; stop whatever listens there and run again`)
  } finally {
    server.close()
  }
}
