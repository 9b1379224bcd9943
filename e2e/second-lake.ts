import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

import { e2eEnv } from './env.ts'

const lakeDir = fileURLToPath(new URL('../apps/lake/', import.meta.url))

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise((resolve) => server.close(resolve))
  if (!address || typeof address === 'string') throw new Error('No free port')
  return address.port
}

/**
 * A second lake process started cold on the e2e lake's data directory: what it reads is what the
 * running lake made durable, as a restart would find it.
 */
export async function startLakeOnSameData() {
  const port = await freePort()
  const child = spawn(process.execPath, ['src/cli.ts', 'serve'], {
    cwd: lakeDir,
    env: {
      LAKE_PORT: String(port),
      LAKE_DATA_DIR: e2eEnv.lakeDataDir,
      LAKE_LISTEN_POOL: '0',
      SANITY_API_WRITE_TOKEN: e2eEnv.writeToken,
    },
    stdio: 'ignore',
  })
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 30_000
  for (;;) {
    const healthy = await fetch(`${url}/health`).then(
      (response) => response.ok,
      () => false,
    )
    if (healthy) break
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL')
      throw new Error(`The second lake did not start on port ${port}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  return {
    url,
    stop: () => {
      child.kill('SIGTERM')
    },
  }
}
