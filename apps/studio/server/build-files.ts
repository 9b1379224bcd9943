import { lstatSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

export interface BuildFile {
  body: Uint8Array
  /** Vite's content hash in the name (`sanity-B_U7iNvR.js`): the URL never changes meaning. */
  hashed: boolean
}

/** `name-<8 base64url characters>.ext`, the names Vite gives emitted chunks and assets. */
const hashedName = /-[\w-]{8}\.[a-z0-9]+$/i

/**
 * Every regular file of the build output, keyed by its URL path (`/static/x.js`), read once at
 * start. Requests are answered from this map only, so no request path is ever resolved on the
 * disk: `..`, encodings, backslashes and symlinks (skipped here) cannot reach another file.
 */
export function readBuildFiles(root: string): Map<string, BuildFile> {
  const files = new Map<string, BuildFile>()
  const walk = (dir: string, urlPath: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name)
      const stat = lstatSync(path)
      if (stat.isDirectory()) walk(path, `${urlPath}${name}/`)
      else if (stat.isFile()) {
        files.set(`${urlPath}${name}`, { body: readFileSync(path), hashed: hashedName.test(name) })
      }
    }
  }
  walk(root, '/')
  if (!files.has('/index.html')) {
    throw new Error(`${root} holds no index.html: run \`pnpm --filter @repo/studio build\` first`)
  }
  return files
}
