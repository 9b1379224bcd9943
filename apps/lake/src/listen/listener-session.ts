import { randomBytes } from 'node:crypto'
import type { Store, TransactionRecord } from '../store/store.ts'
import type { DocumentFilter } from './document-filter.ts'
import type { ListenOptions } from './mutation-events.ts'
import { mutationEvents, parseEventId } from './mutation-events.ts'

export interface SseMessage {
  event: string
  data: string
  id?: string
}

export interface SessionOptions extends ListenOptions {
  enableResume: boolean
}

/** More missed transactions than this and a resuming client is told to `reset` instead. */
const maxReplay = 1000

/**
 * One listener connection: turns committed transactions into ordered SSE messages. Deliveries run
 * one after another on a promise chain because matching is async while commits arrive in bursts.
 */
export class ListenerSession {
  readonly listenerName = randomBytes(8).toString('base64url')
  readonly #store: Store
  readonly #dataset: string
  readonly #filter: DocumentFilter
  readonly #options: SessionOptions
  readonly #send: (message: SseMessage) => Promise<void>
  readonly #onError: (error: unknown) => void
  #chain: Promise<void> = Promise.resolve()
  #lastSeq = 0
  #unsubscribe: (() => void) | undefined
  #closed = false

  constructor(
    store: Store,
    dataset: string,
    filter: DocumentFilter,
    options: SessionOptions,
    send: (message: SseMessage) => Promise<void>,
    onError: (error: unknown) => void,
  ) {
    this.#store = store
    this.#dataset = dataset
    this.#filter = filter
    this.#options = options
    this.#send = send
    this.#onError = onError
  }

  /** Sends `welcome` (or `welcomeback` plus what was missed, or `reset`) and starts streaming. */
  start(lastEventId: string | undefined): Promise<void> {
    // Subscribing and reading the log in one synchronous step: every commit is in exactly one.
    this.#unsubscribe = this.#store.subscribe(this.#dataset, (records) => {
      this.#enqueue(records)
    })
    const name = JSON.stringify({ listenerName: this.listenerName })
    if (!lastEventId || !this.#options.enableResume) {
      this.#enqueueMessage({ event: 'welcome', data: name })
    } else {
      const missed = this.#missedSince(lastEventId)
      if (missed) {
        this.#enqueueMessage({ event: 'welcomeback', data: name })
        this.#enqueue(missed.records, missed.sentDocumentId)
      } else {
        this.#enqueueMessage({ event: 'reset', data: '{}' })
      }
    }
    return this.#chain
  }

  #isClosed(): boolean {
    return this.#closed
  }

  close(): void {
    this.#closed = true
    this.#unsubscribe?.()
  }

  #missedSince(
    lastEventId: string,
  ): { records: TransactionRecord[]; sentDocumentId: string } | undefined {
    const last = parseEventId(lastEventId)
    if (!last) return undefined
    const seq = this.#store.transactionSeq(this.#dataset, last.transactionId)
    if (seq === undefined) return undefined
    const records = this.#store.readLog(this.#dataset, { afterSeq: seq - 1, limit: maxReplay + 1 })
    if (records.length > maxReplay) return undefined
    return { records, sentDocumentId: last.documentId }
  }

  /** Runs `task` after everything queued before it; a failure ends the session. */
  #run(task: () => Promise<void>): void {
    this.#chain = this.#chain
      .then(() => (this.#closed ? undefined : task()))
      .catch((error: unknown) => {
        this.close()
        this.#onError(error)
      })
  }

  #enqueueMessage(message: SseMessage): void {
    this.#run(() => this.#send(message))
  }

  /** `sentDocumentId`: the first record was partly delivered, up to and including this document. */
  #enqueue(records: readonly TransactionRecord[], sentDocumentId?: string): void {
    this.#run(async () => {
      for (const [index, record] of records.entries()) {
        if (this.#closed) return
        if (record.seq <= this.#lastSeq) continue
        this.#lastSeq = record.seq
        const lookup = this.#store.snapshot(this.#dataset)
        let events = await mutationEvents(record, this.#filter, this.#options, lookup)
        if (index === 0 && sentDocumentId !== undefined) {
          const sent = events.findIndex((event) => event.documentId === sentDocumentId)
          events = events.slice(sent + 1)
        }
        for (const event of events) {
          // The client may have gone while the events were being matched.
          if (this.#isClosed()) return
          await this.#send({ event: 'mutation', id: event.id, data: JSON.stringify(event.data) })
        }
      }
    })
  }
}
