import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import path from 'node:path'

const appDir = path.resolve(import.meta.dirname, '..')

export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  server.close()
  await once(server, 'close')
  return port
}

export interface LakeProcess {
  url: string
  child: ChildProcess
  /** Everything the process wrote to stdout and stderr so far. */
  output: () => string
}

/**
 * `node src/cli.ts serve` as its own process on a free port, once /health is 200: for tests about
 * what the real process does (crashes, a full disk) and what it logs.
 */
export async function startLakeProcess(
  dataDir: string,
  tokens: { read: string; write: string },
  children: Set<ChildProcess>,
  /** The test's own environment (process.env), which the lake inherits. */
  inherited: NodeJS.ProcessEnv,
): Promise<LakeProcess> {
  const port = await freePort()
  const child = spawn(process.execPath, ['src/cli.ts', 'serve'], {
    cwd: appDir,
    env: {
      ...inherited,
      LAKE_HOST: '127.0.0.1',
      LAKE_PORT: String(port),
      LAKE_DATA_DIR: dataDir,
      LAKE_SEED: 'none',
      LAKE_LISTEN_POOL: '0',
      SANITY_API_READ_TOKEN: tokens.read,
      SANITY_API_WRITE_TOKEN: tokens.write,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.add(child)
  child.once('exit', () => children.delete(child))
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`lake exited on start:\n${output}`)
    const ok = await fetch(`${url}/health`).then(
      (response) => response.status === 200,
      () => false,
    )
    if (ok) return { url, child, output: () => output }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`lake did not become healthy:\n${output}`)
}
