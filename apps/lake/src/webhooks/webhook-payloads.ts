import { evaluate, parse } from 'groq-js'

import type { DocumentLookup, SanityDocument, TransactionRecord } from '../store/store.ts'
import type { WebhookDefinition, WebhookOperation } from './webhook-config.ts'

export interface WebhookDelivery {
  documentId: string
  operation: WebhookOperation
  transactionId: string
  timestamp: string
  body: unknown
}

const isDraftOrVersion = (id: string) => id.startsWith('drafts.') || id.startsWith('versions.')

/**
 * The deliveries one committed transaction owes a webhook: one per changed document that passes
 * the filter (as it is after the change, or as it was for a delete), with the projection evaluated
 * as Sanity does: `*` is the dataset after the commit, `before()`/`after()` the document's sides.
 */
export function compileWebhook(hook: WebhookDefinition) {
  const filter = hook.filter.trim() === '' ? 'true' : hook.filter
  const query = `[$document][${filter}]${hook.projection ?? ''}[0]`
  // Parsing now makes a broken filter or projection fail at start-up, not at the first publish.
  parse(query, { params: { document: {} }, mode: 'delta' })

  return async function deliveriesFor(
    record: TransactionRecord,
    dataset: DocumentLookup,
  ): Promise<WebhookDelivery[]> {
    const deliveries: WebhookDelivery[] = []
    for (const change of record.changes) {
      if (!hook.includeDrafts && isDraftOrVersion(change.id)) continue
      const operation: WebhookOperation = !change.before
        ? 'create'
        : !change.after
          ? 'delete'
          : 'update'
      if (!hook.on.includes(operation)) continue
      const document = (change.after ?? change.before) as SanityDocument
      const params = { document }
      const tree = parse(query, { params, mode: 'delta' })
      const result: unknown = await (
        await evaluate(tree, {
          dataset: dataset.documents(),
          params,
          before: change.before,
          after: change.after,
        })
      ).get()
      if (result === null || result === undefined) continue
      deliveries.push({
        documentId: change.id,
        operation,
        transactionId: record.transactionId,
        timestamp: record.timestamp,
        body: result,
      })
    }
    return deliveries
  }
}
