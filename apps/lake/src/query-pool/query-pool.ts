import { Worker } from 'node:worker_threads'
import { LakeError, lakeError } from '../http/errors.ts'
import { parseQuery } from '../groq/parse-query.ts'
import type { Perspective } from '../groq/perspective.ts'
import { needsHardDeadline } from '../groq/query-cost.ts'
import { NeedsWorker, runQuery } from '../groq/run-query.ts'
import type { RunQueryOptions } from '../groq/run-query.ts'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { DatasetSnapshot, Store } from '../store/store.ts'
import type { FromWorker, ToWorker, WorkerQuery } from './messages.ts'
import { QuerySpeeds } from './query-speeds.ts'

export interface PooledQueryOptions extends RunQueryOptions {
  /** The snapshot `view` was made of: a worker evaluates on its copy of exactly this revision. */
  snapshot: DatasetSnapshot
  perspective: Perspective
  anonymous: boolean
}

export interface QueryPoolOptions {
  /** Worker threads; 0 evaluates every query inline, on the calling thread. */
  workers: number
  /**
   * The store's SQLite file, which workers read a dataset from themselves; without one (an
   * in-memory store) the pool sends them the documents, which costs the main thread a copy.
   */
  databaseFile?: string
  /** How long an unknown query may run inline before it is handed to a worker (see `run`). */
  inlineBudgetMs?: number
  /** How long past its limit a worker may take to answer a timeout itself before it is terminated. */
  terminateAfterMs?: number
}

interface Job {
  id: number
  request: Omit<WorkerQuery, 'deadlineAt'>
  options: PooledQueryOptions
  /** Whatever its speed (query-cost.ts finds it unbounded by the clock checks). */
  needsWorker: boolean
  deadline: number
  timer: NodeJS.Timeout
  slot?: Slot
  resolve: (result: unknown) => void
  reject: (error: unknown) => void
}

interface Slot {
  worker: Worker
  job?: Job
  /** Until its first copy is read, a new worker takes no query (it would only wait). */
  ready: boolean
  /** Per dataset: the worker's newest revision and every revision it holds. */
  copies: Map<string, WorkerCopy>
}

interface WorkerCopy {
  head: number
  held: Set<number>
  /** Read from the file, not yet reported: which commits the read included is unknown. */
  opening: boolean
}

export const defaultInlineBudgetMs = 20
const defaultTerminateAfterMs = 100
/** How long a worker may go on past a clock-bounded query's answered timeout before it is stopped. */
const overrunMs = 2000
/** A query that took longer (wherever it ran) would hold up the main thread: it runs on workers. */
const slowMs = 100

/**
 * Evaluates GROQ off the main thread, so a slow query no longer holds up `/health`, mutations,
 * listeners and every other query. Each worker keeps its own copy of the datasets: read from the
 * SQLite file by the worker itself (the main thread copies nothing), then brought forward by every
 * committed transaction's changes, in commit order. A query carries the revision of the snapshot
 * it was asked at and runs on exactly that revision: a worker keeps an older one while a query
 * that waited across a commit needs it (one asked before a fresh worker's copy begins runs inline).
 *
 * Where a query runs:
 * - what query-cost.ts finds unbounded by the clock checks, and what took over `slowMs` before:
 *   a worker, waiting for one if all are busy. At its limit the query is answered with a timeout
 *   and, unless its own clock checks have stopped it, its worker terminated (which stops anything,
 *   groq-js's async evaluator included) and replaced;
 * - anything else on an idle worker if there is one, which spreads the load over the cores;
 * - with every worker busy: inline, a query known to be fast as it is, an unknown one for
 *   `inlineBudgetMs` (the clock checks stop it; twice, see `#tryInline`), after which it is
 *   remembered as slow and waits for a worker. Measured in the README.
 *
 * A worker takes queries once it has read its copy (seconds after a start at 10,000 articles on a
 * loaded machine): until then, the queries that must run on one wait.
 */
export class QueryPool {
  readonly size: number
  /** Queries answered on a worker and inline since the start (tests and the bench read them). */
  readonly counts = { worker: 0, inline: 0 }
  readonly #store: Store
  readonly #slots: Slot[] = []
  readonly #queue: Job[] = []
  readonly #pending = new Set<Job>()
  readonly #subscriptions = new Map<string, () => void>()
  readonly #speeds = new QuerySpeeds()
  readonly #inlineBudgetMs: number
  readonly #terminateAfterMs: number
  readonly #databaseFile: string | undefined
  #nextJob = 1
  #closed = false

  constructor(store: Store, options: QueryPoolOptions) {
    this.#store = store
    this.size = options.workers
    this.#inlineBudgetMs = options.inlineBudgetMs ?? defaultInlineBudgetMs
    this.#terminateAfterMs = options.terminateAfterMs ?? defaultTerminateAfterMs
    this.#databaseFile = options.databaseFile === ':memory:' ? undefined : options.databaseFile
  }

  /** Starts the workers and loads every dataset into them, so the first queries pay for neither. */
  warm(): void {
    while (this.#slots.length < this.size) this.#slots.push(this.#spawn())
    for (const dataset of this.#store.listDatasets()) {
      for (const slot of this.#slots) this.#holds(slot, this.#store.snapshot(dataset))
    }
  }

  run(query: string, options: PooledQueryOptions): Promise<unknown> {
    if (this.size === 0 || this.#closed) {
      this.counts.inline++
      return runQuery(query, options)
    }
    const started = performance.now()
    const { tree } = parseQuery(query, options.params)
    const speed = this.#speeds.get(query)
    const needsWorker = needsHardDeadline(tree)
    if (needsWorker || (speed !== undefined && speed > slowMs) || this.#idleSlot()) {
      return this.#onWorker(query, options, started, needsWorker)
    }
    this.counts.inline++
    if (speed !== undefined) {
      // Not bounded by a budget: a first query after a commit builds the index's tables for the
      // new snapshot (50–150 ms at 10,000 articles on a loaded machine).
      return runQuery(query, options).finally(() => {
        this.#speeds.record(query, performance.now() - started)
      })
    }
    return this.#tryInline(query, options, 2).then(
      (result) => {
        this.#speeds.record(query, performance.now() - started)
        return result
      },
      (error: unknown) => {
        if (!(error instanceof NeedsWorker)) throw error
        // An unfinished try's keys would only widen the answer's sync tags.
        options.readKeys?.clear()
        this.counts.inline--
        this.#speeds.record(query, error.async ? Infinity : slowMs + 1)
        return this.#onWorker(query, options, started, false)
      },
    )
  }

  /**
   * Twice: a first try may spend its budget building the index's tables for a new snapshot (the
   * first query after a commit), which stay for the second.
   */
  async #tryInline(query: string, options: PooledQueryOptions, tries: number): Promise<unknown> {
    try {
      return await runQuery(query, { ...options, inlineBudgetMs: this.#inlineBudgetMs })
    } catch (error) {
      if (error instanceof NeedsWorker && tries > 1 && !error.async) {
        options.readKeys?.clear()
        return this.#tryInline(query, options, tries - 1)
      }
      throw error
    }
  }

  /** Terminates the workers; queries still waiting or running end with an error. */
  async close(): Promise<void> {
    this.#closed = true
    for (const unsubscribe of this.#subscriptions.values()) unsubscribe()
    for (const job of this.#pending) this.#settle(job, new Error('The lake is shutting down'))
    await Promise.all(this.#slots.map((slot) => slot.worker.terminate()))
    this.#slots.length = 0
  }

  #onWorker(
    query: string,
    options: PooledQueryOptions,
    started: number,
    needsWorker: boolean,
  ): Promise<unknown> {
    this.counts.worker++
    return new Promise((resolve, reject) => {
      const deadline = started + options.timeoutMs
      const job: Job = {
        id: this.#nextJob++,
        request: {
          query,
          dataset: options.dataset,
          revision: options.snapshot.revision,
          perspective: options.perspective,
          anonymous: options.anonymous,
          params: options.params,
          timeoutMs: options.timeoutMs,
          projectId: options.projectId,
        },
        options,
        needsWorker,
        deadline,
        // A worker answers its own timeout at the limit; one that cannot is stopped shortly after.
        timer: setTimeout(
          () => {
            this.#timedOut(job)
          },
          Math.max(0, deadline - performance.now()) + this.#terminateAfterMs,
        ),
        resolve,
        reject,
      }
      this.#pending.add(job)
      this.#queue.push(job)
      this.#pump()
    })
  }

  #pump(): void {
    while (this.#queue.length > 0) {
      const slot = this.#idleSlot()
      if (!slot) return
      const job = this.#queue.shift() as Job
      if (!this.#holds(slot, job.options.snapshot)) {
        // Asked before commits a fresh worker's copy starts after (rare: after a termination).
        this.counts.worker--
        this.counts.inline++
        runQuery(job.request.query, job.options).then(
          (result) => {
            this.#settle(job, undefined, result)
          },
          (error: unknown) => {
            this.#settle(job, error)
          },
        )
        continue
      }
      slot.job = job
      job.slot = slot
      const request: WorkerQuery = {
        ...job.request,
        deadlineAt: performance.timeOrigin + job.deadline,
      }
      this.#post(slot, { type: 'query', job: job.id, request })
    }
  }

  #idleSlot(): Slot | undefined {
    const idle = this.#slots.find((slot) => slot.ready && !slot.job)
    if (idle) return idle
    if (this.#slots.length >= this.size) return undefined
    const slot = this.#spawn()
    this.#slots.push(slot)
    // A new worker reads the datasets first; the query waits, or runs inline, meanwhile.
    for (const dataset of this.#store.listDatasets()) {
      this.#holds(slot, this.#store.snapshot(dataset))
    }
    return slot.ready ? slot : undefined
  }

  #spawn(): Slot {
    const worker = new Worker(new URL('./query-worker.ts', import.meta.url))
    // Idle workers must not keep a process (a test, a CLI command) alive.
    worker.unref()
    const slot: Slot = { worker, copies: new Map(), ready: this.#databaseFile === undefined }
    worker.on('message', (message: FromWorker) => {
      this.#answered(slot, message)
    })
    worker.on('error', (error) => {
      this.#replace(slot, error)
    })
    worker.on('exit', (code) => {
      if (!this.#closed && this.#slots.includes(slot)) {
        this.#replace(slot, new Error(`query worker exited with code ${code}`))
      }
    })
    return slot
  }

  /** Whether the worker holds the snapshot's revision; starts its copy of the dataset if needed. */
  #holds(slot: Slot, snapshot: DatasetSnapshot): boolean {
    const dataset = snapshot.dataset
    this.#subscribe(dataset)
    let copy = slot.copies.get(dataset)
    if (!copy) {
      const newest = this.#store.snapshot(dataset)
      if (this.#databaseFile !== undefined) {
        const file = this.#databaseFile
        this.#post(slot, { type: 'open', file, dataset, revision: newest.revision })
      } else {
        const documents = newest.documents()
        this.#post(slot, { type: 'load', dataset, revision: newest.revision, documents })
      }
      copy = {
        head: newest.revision,
        held: new Set([newest.revision]),
        opening: this.#databaseFile !== undefined,
      }
      slot.copies.set(dataset, copy)
    }
    return copy.held.has(snapshot.revision)
  }

  #subscribe(dataset: string): void {
    if (this.#subscriptions.has(dataset)) return
    const unsubscribe = this.#store.subscribe(dataset, (records) => {
      // Called right after the snapshot swap: the records lead up to the newest revision.
      const newest = this.#store.snapshot(dataset).revision
      records.forEach((record, position) => {
        const revision = newest - records.length + 1 + position
        const changes = record.changes.map(({ id, after }) => ({ id, after }))
        for (const slot of this.#slots) {
          const copy = slot.copies.get(dataset)
          if (!copy) continue
          this.#post(slot, { type: 'commit', dataset, seq: record.seq, revision, changes })
          copy.head = revision
          if (copy.opening) copy.held.clear()
          copy.held.add(revision)
        }
      })
      this.#prune(dataset)
    })
    this.#subscriptions.set(dataset, unsubscribe)
  }

  /** Lets the workers drop revisions older than any pending query of the dataset needs. */
  #prune(dataset: string): void {
    let below = Infinity
    for (const job of this.#pending) {
      if (job.request.dataset === dataset) below = Math.min(below, job.request.revision)
    }
    for (const slot of this.#slots) {
      const copy = slot.copies.get(dataset)
      if (!copy) continue
      const floor = Math.min(below, copy.head)
      if (![...copy.held].some((revision) => revision < floor)) continue
      for (const revision of copy.held) if (revision < floor) copy.held.delete(revision)
      this.#post(slot, { type: 'prune', dataset, below: floor })
    }
  }

  #post(slot: Slot, message: ToWorker): void {
    slot.worker.postMessage(message)
  }

  #answered(slot: Slot, message: FromWorker): void {
    if (message.type === 'opened') {
      const copy = slot.copies.get(message.dataset)
      if (copy) copy.opening = false
      slot.ready = true
      this.#pump()
      return
    }
    const job = slot.job
    if (job?.id !== message.job) return
    slot.job = undefined
    // What a query costs is learnt where it ran: one slow only under load is fast again here.
    if (!job.needsWorker) {
      this.#speeds.record(job.request.query, message.ms)
    }
    if (message.type === 'result') {
      for (const key of message.readKeys) job.options.readKeys?.add(key)
      this.#settle(job, undefined, message.result)
    } else if (message.error.kind === 'lake') {
      const { status, body } = message.error
      this.#settle(job, new LakeError(status as ContentfulStatusCode, body))
    } else this.#settle(job, new Error(message.error.message))
    this.#prune(job.request.dataset)
    this.#pump()
  }

  #timedOut(job: Job): void {
    if (!this.#pending.has(job)) return
    const queued = this.#queue.indexOf(job)
    if (queued !== -1) this.#queue.splice(queued, 1)
    const slot = job.slot
    if (slot && job.needsWorker) {
      // Terminating stops whatever it runs; the replacement reads the datasets again.
      this.#replace(slot)
    } else if (slot) {
      // Its clock checks stop it unless a step between two of them (building an index table for
      // a new snapshot) is still running: a copy costs seconds to read again, so wait a little.
      setTimeout(() => {
        if (slot.job === job) this.#replace(slot)
      }, overrunMs).unref()
    }
    this.#settle(
      job,
      lakeError(
        400,
        'queryTimeoutError',
        `Query exceeded the time limit of ${job.request.timeoutMs}ms`,
      ),
    )
  }

  #replace(slot: Slot, error?: unknown): void {
    const position = this.#slots.indexOf(slot)
    if (position === -1) return
    this.#slots.splice(position, 1)
    void slot.worker.terminate()
    const job = slot.job
    slot.job = undefined
    if (job && error !== undefined) this.#settle(job, error)
    if (!this.#closed) {
      const replacement = this.#spawn()
      this.#slots.push(replacement)
      for (const dataset of this.#store.listDatasets()) {
        this.#holds(replacement, this.#store.snapshot(dataset))
      }
      this.#pump()
    }
  }

  #settle(job: Job, error: unknown, result?: unknown): void {
    if (!this.#pending.delete(job)) return
    clearTimeout(job.timer)
    if (error === undefined) job.resolve(result)
    else job.reject(error)
  }
}
