#!/usr/bin/env node
import { parseArgs } from 'node:util'

import { generateDataset } from './generate-dataset.ts'
import { writeDataset } from './write-dataset.ts'

const usage = `Usage: content-generator --articles <n> --out <file.ndjson> [--seed <n>] [--tags <n>] [--draft-ratio <0..1>]
Writes a deterministic synthetic dataset (Sanity NDJSON) and its images/ folder; import it with
\`node apps/lake/src/cli.ts import <file.ndjson> --replace\`.`

const { values } = parseArgs({
  options: {
    articles: { type: 'string' },
    out: { type: 'string' },
    seed: { type: 'string', default: '1' },
    tags: { type: 'string', default: '200' },
    'draft-ratio': { type: 'string', default: '0.01' },
    help: { type: 'boolean', short: 'h', default: false },
  },
})

const articles = Number(values.articles)
if (values.help || !values.out || !Number.isInteger(articles) || articles < 0) {
  console.log(usage)
  process.exit(values.help ? 0 : 1)
}

const dataset = generateDataset({
  articles,
  seed: Number(values.seed),
  tags: Number(values.tags),
  draftRatio: Number(values['draft-ratio']),
})
await writeDataset(dataset, values.out)
console.log(
  `wrote ${dataset.documents.length} documents and ${dataset.images.length} images to ${values.out}`,
)
