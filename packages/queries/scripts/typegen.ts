import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

/**
 * Sanity TypeGen over the Studio's schema (@repo/schemas/studio, through sanity.config.ts) and the
 * queries in src/queries.ts: `node scripts/typegen.ts` writes src/sanity.types.ts; with `--check`
 * (the package's build, which every dependant's lint, typecheck and build wait for) it generates
 * into .sanity/ and fails when the committed file differs, so a stale one cannot pass.
 */

const root = path.resolve(import.meta.dirname, '..')
const committed = 'src/sanity.types.ts'
const check = process.argv.includes('--check')

function sanity(...args: string[]): void {
  execFileSync(path.join(root, 'node_modules/.bin/sanity'), args, { cwd: root, stdio: 'inherit' })
}

// Required fields (Sanity validation `required()`) typed as present, as the Studio enforces them.
sanity('schema', 'extract', '--enforce-required-fields', '--force', '--path', '.sanity/schema.json')

if (!check) {
  sanity('typegen', 'generate')
} else {
  const fresh = '.sanity/sanity.types.ts'
  const config = JSON.parse(readFileSync(path.join(root, 'sanity-typegen.json'), 'utf8')) as object
  writeFileSync(
    path.join(root, '.sanity/typegen-check.json'),
    JSON.stringify({ ...config, generates: `./${fresh}` }),
  )
  sanity('typegen', 'generate', '--config-path', '.sanity/typegen-check.json')
  if (
    readFileSync(path.join(root, fresh), 'utf8') !==
    readFileSync(path.join(root, committed), 'utf8')
  ) {
    console.error(
      `${committed} is stale: the schema or a query changed since it was generated. ` +
        'Run `pnpm --filter @repo/queries typegen` and commit the result.',
    )
    process.exit(1)
  }
  console.log(`${committed} matches the schema and the queries.`)
}
