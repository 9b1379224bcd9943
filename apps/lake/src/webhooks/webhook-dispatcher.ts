import { encodeSignatureHeader } from '@sanity/webhook'

import type { Store } from '../store/store.ts'
import type { WebhookDefinition } from './webhook-config.ts'
import type { WebhookDelivery } from './webhook-payloads.ts'
import { compileWebhook } from './webhook-payloads.ts'

export interface DispatcherOptions {
  projectId: string
  log?: (message: string) => void
  /** Delays between attempts; Sanity retries failed deliveries with growing pauses too. */
  retryDelaysMs?: readonly number[]
  timeoutMs?: number
}

const retryable = (status: number) => status === 429 || status >= 500

/**
 * Sends each webhook its deliveries after every durable commit, in commit order, one at a time per
 * webhook, signed the way Sanity signs them (so `@sanity/webhook` verifies them), retrying network
 * errors, 429s and 5xx answers. Deliveries live in memory: a lake stopped mid-retry drops them, as
 * the time-based revalidation behind every page expects.
 */
export class WebhookDispatcher {
  readonly #queues = new Map<string, Promise<void>>()
  readonly #unsubscribe: (() => void)[] = []
  readonly #options: Required<DispatcherOptions>
  #closed = false

  constructor(store: Store, hooks: readonly WebhookDefinition[], options: DispatcherOptions) {
    this.#options = {
      log: (message) => {
        console.warn(message)
      },
      retryDelaysMs: [250, 1_000, 4_000, 15_000, 60_000],
      timeoutMs: 10_000,
      ...options,
    }
    for (const hook of hooks) {
      const deliveriesFor = compileWebhook(hook)
      const unsubscribe = store.subscribe(hook.dataset, (records) => {
        // The snapshot right after these records: what `*` means in the projection.
        const snapshot = store.snapshot(hook.dataset)
        this.#enqueue(hook, async () => {
          for (const record of records) {
            for (const delivery of await deliveriesFor(record, snapshot)) {
              await this.#deliver(hook, delivery)
            }
          }
        })
      })
      this.#unsubscribe.push(unsubscribe)
    }
  }

  /** Resolves once every delivery queued so far has been sent or given up on. */
  async idle(): Promise<void> {
    await Promise.all(this.#queues.values())
  }

  close(): void {
    this.#closed = true
    for (const unsubscribe of this.#unsubscribe) unsubscribe()
  }

  #enqueue(hook: WebhookDefinition, task: () => Promise<void>) {
    const previous = this.#queues.get(hook.name) ?? Promise.resolve()
    const next = previous.then(task).catch((error: unknown) => {
      this.#options.log(`lake: webhook "${hook.name}" failed: ${String(error)}`)
    })
    this.#queues.set(hook.name, next)
  }

  async #deliver(hook: WebhookDefinition, delivery: WebhookDelivery): Promise<void> {
    const payload = JSON.stringify(delivery.body)
    const { retryDelaysMs, timeoutMs, log } = this.#options
    for (let attempt = 0; ; attempt += 1) {
      if (this.#closed) return
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'idempotency-key': `${delivery.transactionId}-${delivery.documentId}`,
        'sanity-project-id': this.#options.projectId,
        'sanity-dataset': hook.dataset,
        'sanity-document-id': delivery.documentId,
        'sanity-operation': delivery.operation,
        'sanity-transaction-id': delivery.transactionId,
        'sanity-transaction-time': delivery.timestamp,
        'sanity-webhook-id': hook.name,
      }
      if (hook.secret) {
        headers['sanity-webhook-signature'] = await encodeSignatureHeader(
          payload,
          Date.now(),
          hook.secret,
        )
      }
      let problem: string
      try {
        const response = await fetch(hook.url, {
          method: 'POST',
          headers,
          body: payload,
          signal: AbortSignal.timeout(timeoutMs),
        })
        await response.body?.cancel()
        if (response.ok) return
        problem = `HTTP ${response.status}`
        if (!retryable(response.status)) {
          log(`lake: webhook "${hook.name}" refused ${delivery.documentId}: ${problem}`)
          return
        }
      } catch (error) {
        problem = error instanceof Error ? error.message : String(error)
      }
      const delay = retryDelaysMs[attempt]
      if (delay === undefined) {
        log(`lake: webhook "${hook.name}" gave up on ${delivery.documentId}: ${problem}`)
        return
      }
      await new Promise((resolve) => setTimeout(resolve, delay))
    }
  }
}
