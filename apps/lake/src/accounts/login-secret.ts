import { randomBytes } from 'node:crypto'
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'

/**
 * The secret of the sign-in link (`<data dir>/login-secret`): made once, readable by the lake's
 * own user only (mode 0600), never served. Whoever opens the link proves they can read the
 * lake's files or its start output — that they sit at this machine as the person who started it.
 */
export function loadLoginSecret(dataDir: string): string {
  const file = path.join(dataDir, 'login-secret')
  mkdirSync(dataDir, { recursive: true })
  try {
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
  // A copy restored with looser permissions must not stay readable by other users.
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600)
  const secret = readFileSync(file, 'utf8').trim()
  if (secret.length < 32) throw new Error(`${file} holds no usable sign-in secret; delete it`)
  return secret
}
