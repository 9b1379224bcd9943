import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'

export interface Tokens {
  read: string
  write: string
}

const storedTokens = z.object({ read: z.string().min(16), write: z.string().min(16) })

function generateToken(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`
}

/**
 * Tokens from the environment win; otherwise random ones are generated once and kept in the data
 * directory, so clients configured with them keep working across restarts.
 */
export function loadTokens(
  dataDir: string,
  fromEnv: { read: string | undefined; write: string | undefined },
): Tokens & { generated: boolean } {
  const file = path.join(dataDir, 'tokens.json')
  let stored: Tokens | undefined
  if (existsSync(file)) stored = storedTokens.parse(JSON.parse(readFileSync(file, 'utf8')))
  if (!stored && (!fromEnv.read || !fromEnv.write)) {
    stored = { read: generateToken('skread'), write: generateToken('skwrite') }
    mkdirSync(dataDir, { recursive: true })
    writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 })
  }
  const read = fromEnv.read ?? stored?.read
  const write = fromEnv.write ?? stored?.write
  if (!read || !write) throw new Error('unreachable: tokens were generated above')
  return { read, write, generated: !fromEnv.read || !fromEnv.write }
}
