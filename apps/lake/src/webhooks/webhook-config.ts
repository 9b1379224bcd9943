import { readFileSync } from 'node:fs'
import { z } from 'zod'

const operation = z.enum(['create', 'update', 'delete'])

/**
 * A GROQ-powered webhook as Sanity defines one (sanity.io/manage → API → Webhooks): a filter
 * choosing the documents, a projection shaping the body, and a secret signing it.
 */
export const webhookDefinition = z.object({
  name: z.string().min(1),
  /** Where to POST; `LAKE_WEBHOOK_URL` fills it in for definitions shared between environments. */
  url: z.url({ protocol: /^https?$/ }).optional(),
  dataset: z.string().min(1).default('production'),
  /** A GROQ filter over the changed document, like Sanity's "Filter" field; empty means all. */
  filter: z.string().default(''),
  /** A GROQ projection such as `{_id, "slug": slug.current}`; the whole document when absent. */
  projection: z.string().optional(),
  on: z.array(operation).nonempty().default(['create', 'update', 'delete']),
  includeDrafts: z.boolean().default(false),
  secret: z.string().min(1).optional(),
})

export type WebhookDefinition = z.output<typeof webhookDefinition> & { url: string }
export type WebhookOperation = z.output<typeof operation>

/**
 * Reads `LAKE_WEBHOOKS` (a JSON file holding an array of definitions). The URL and secret usually
 * come from `LAKE_WEBHOOK_URL` and `LAKE_WEBHOOK_SECRET`, so the file can be committed and shared.
 */
export function readWebhooks(
  file: string | undefined,
  defaults: { url?: string | undefined; secret?: string | undefined },
): WebhookDefinition[] {
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
  return parsed.data.map((hook) => {
    const url = hook.url ?? defaults.url
    if (!url)
      throw new Error(`LAKE_WEBHOOKS: webhook "${hook.name}" has no url (set LAKE_WEBHOOK_URL)`)
    return { ...hook, url, secret: hook.secret ?? defaults.secret }
  })
}
