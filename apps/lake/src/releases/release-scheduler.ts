import { commitActions } from '../actions/commit-actions.ts'
import { LakeError } from '../http/errors.ts'
import { newTransactionId } from '../mutations/transaction-id.ts'
import type { Store, TransactionRecord } from '../store/store.ts'
import { failureMessage, recordScheduledPublishFailure } from './record-publish-failure.ts'
import { isReleaseDocument, releaseDocumentPrefix } from './release-ids.ts'

/** The longest delay `setTimeout` takes (about 24.8 days); later times re-arm on expiry. */
const maxDelayMs = 2 ** 31 - 1

interface Due {
  releaseId: string
  rev: string | undefined
  at: number
}

/**
 * Publishes scheduled releases at their `publishAt`. The schedule is the release documents
 * themselves (`state: "scheduled"`, in the SQLite store), so it survives a restart: on start every
 * scheduled release is read back, and one whose time passed while the lake was down publishes at
 * once. One timer per dataset, armed for the earliest release and re-armed when a commit touches
 * a release document.
 */
export class ReleaseScheduler {
  readonly #store: Store
  readonly #log: (message: string) => void
  readonly #due = new Map<string, Map<string, Due>>()
  readonly #timers = new Map<string, NodeJS.Timeout>()
  readonly #unsubscribe: (() => void)[] = []
  // A publish that failed (a broken reference, say) is not retried until the release changes;
  // recording the failure changes it to `active`, so this only matters if that write fails.
  readonly #failed = new Set<string>()
  readonly #running = new Set<string>()
  #closed = false

  constructor(store: Store, datasets: readonly string[], log: (message: string) => void) {
    this.#store = store
    this.#log = log
    for (const dataset of datasets) {
      const due = new Map<string, Due>()
      this.#due.set(dataset, due)
      for (const doc of store.snapshot(dataset).documents()) this.#track(due, doc._id, doc)
      this.#unsubscribe.push(
        store.subscribe(dataset, (records) => {
          this.#onCommit(dataset, records)
        }),
      )
      this.#arm(dataset)
    }
  }

  close(): void {
    this.#closed = true
    for (const unsubscribe of this.#unsubscribe) unsubscribe()
    for (const timer of this.#timers.values()) clearTimeout(timer)
    this.#timers.clear()
  }

  #track(due: Map<string, Due>, id: string, doc: unknown): void {
    if (!id.startsWith(releaseDocumentPrefix)) return
    const release = doc as Parameters<typeof isReleaseDocument>[0]
    if (!isReleaseDocument(release) || release.state !== 'scheduled' || !release.publishAt) {
      due.delete(id)
      return
    }
    const at = Date.parse(release.publishAt)
    if (Number.isNaN(at)) due.delete(id)
    else due.set(id, { releaseId: release.name, rev: release._rev, at })
  }

  #onCommit(dataset: string, records: readonly TransactionRecord[]): void {
    const due = this.#due.get(dataset)
    if (!due) return
    let touched = false
    for (const record of records) {
      for (const change of record.changes) {
        if (!change.id.startsWith(releaseDocumentPrefix)) continue
        touched = true
        this.#track(due, change.id, change.after ?? undefined)
      }
    }
    if (touched) this.#arm(dataset)
  }

  #arm(dataset: string): void {
    if (this.#closed) return
    clearTimeout(this.#timers.get(dataset))
    this.#timers.delete(dataset)
    const pending = [...(this.#due.get(dataset)?.values() ?? [])].filter(
      (entry) => !this.#failed.has(`${dataset}:${entry.releaseId}:${entry.rev ?? ''}`),
    )
    if (pending.length === 0) return
    const next = Math.min(...pending.map((entry) => entry.at))
    const delay = Math.min(maxDelayMs, Math.max(0, next - Date.now()))
    const timer = setTimeout(() => {
      void this.#publishDue(dataset)
    }, delay)
    // The lake's servers keep the process alive; a pending publish alone should not.
    timer.unref()
    this.#timers.set(dataset, timer)
  }

  async #publishDue(dataset: string): Promise<void> {
    if (this.#running.has(dataset)) return
    this.#running.add(dataset)
    try {
      const now = Date.now()
      const ready = [...(this.#due.get(dataset)?.values() ?? [])]
        .filter((entry) => entry.at <= now)
        .sort((a, b) => a.at - b.at)
      for (const entry of ready) {
        if (this.#closed) return
        const key = `${dataset}:${entry.releaseId}:${entry.rev ?? ''}`
        if (this.#failed.has(key)) continue
        try {
          await commitActions(
            { store: this.#store },
            dataset,
            [{ actionType: 'sanity.action.release.publish', releaseId: entry.releaseId }],
            { transactionId: newTransactionId(), author: 'scheduler' },
          )
          this.#log(`published scheduled release "${entry.releaseId}" (${dataset})`)
        } catch (error) {
          this.#failed.add(key)
          const message = failureMessage(error)
          this.#log(
            `scheduled release "${entry.releaseId}" (${dataset}) could not be published: ${message}`,
          )
          // Only a refusal of the release itself (a 4xx: a broken reference, say) fails it; a
          // closing or full store leaves it scheduled, to publish on the next start.
          if (error instanceof LakeError && error.status < 500) {
            await recordScheduledPublishFailure(
              this.#store,
              dataset,
              entry.releaseId,
              message,
            ).catch((recordError: unknown) => {
              this.#log(`could not record the failure: ${failureMessage(recordError)}`)
            })
          }
        }
      }
    } finally {
      this.#running.delete(dataset)
      this.#arm(dataset)
    }
  }
}
