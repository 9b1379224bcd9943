import { readFileSync } from 'node:fs'
import { z } from 'zod'

const operation = z.enum(['create', 'update', 'delete'])

/**
 * A GROQ-powered webhook as Sanity defines one (sanity.io/manage → API → Webhooks): a filter
 * choosing the documents, a projection shaping the body, and a secret signing it.
 */
export const webhookDefinition = z.object({
  name: z.string().min(1),
  url: z.url({ protocol: /^https?$/ }),
  dataset: z.string().min(1).default('production'),
  /** A GROQ filter over the changed document, like Sanity's "Filter" field; empty means all. */
  filter: z.string().default(''),
  /** A GROQ projection such as `{_id, "slug": slug.current}`; the whole document when absent. */
  projection: z.string().optional(),
  on: z.array(operation).nonempty().default(['create', 'update', 'delete']),
  includeDrafts: z.boolean().default(false),
  secret: z.string().min(1).optional(),
})

export type WebhookDefinition = z.output<typeof webhookDefinition>
export type WebhookOperation = z.output<typeof operation>

/**
 * Reads `LAKE_WEBHOOKS` (a JSON file holding an array of definitions). The secret usually comes
 * from `LAKE_WEBHOOK_SECRET`, so the file can be committed without it.
 */
export function readWebhooks(file: string | undefined, secret: string | undefined) {
  if (!file) return []
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new Error(`LAKE_WEBHOOKS: cannot read ${file}: ${(error as Error).message}`, {
      cause: error,
    })
  }
  const parsed = z.array(webhookDefinition).safeParse(raw)
  if (!parsed.success) {
    throw new Error(
      `LAKE_WEBHOOKS: ${file} is not a list of webhooks:\n${z.prettifyError(parsed.error)}`,
    )
  }
  return parsed.data.map((hook) => ({ ...hook, secret: hook.secret ?? secret }))
}
