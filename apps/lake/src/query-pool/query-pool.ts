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
  /**
   * Queries answered inline at a revision before an idle worker behind it catches up (see
   * `#maybeWarmUp`); 0: a worker behind takes queries as one that is not (tests of the worker path).
   */
  warmUpAfter?: number
  /**
   * Whether fast queries go to idle workers too (default), which spreads a steady load over the
   * cores. Off when front threads answer queries on the other cores: a worker would only take
   * CPU from them, plus the posting and the result's copy (README, "Front threads").
   */
  spread?: boolean
}

interface Job {
  id: number
  request: Omit<WorkerQuery, 'deadlineAt'>
  options: PooledQueryOptions
  /** Whatever its speed (query-cost.ts finds it unbounded by the clock checks). */
  needsWorker: boolean
  /** Only builds the worker's snapshot, views and index tables for it; nobody waits for it. */
  warmUp: boolean
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
  /** Per dataset: the newest revision the worker answered a query at (its index is built). */
  warm: Map<string, number>
}

interface WorkerCopy {
  head: number
  /** The oldest revision the worker can still build: every one from it to `head` it can. */
  low: number
  /** Read from the file, not yet reported: which commits the read included is unknown. */
  opening: boolean
}

export const defaultInlineBudgetMs = 20
const defaultTerminateAfterMs = 100
/** How long a worker may go on past a clock-bounded query's answered timeout before it is stopped. */
const overrunMs = 2000
/** A query that took longer (wherever it ran) would hold up the main thread: it runs on workers. */
export const slowMs = 100
/** Inline queries at one revision before a worker behind it catches up (see `#maybeWarmUp`). */
const defaultWarmUpAfter = 16

/**
 * Evaluates GROQ off the main thread, so a slow query no longer holds up `/health`, mutations,
 * listeners and every other query. Each worker keeps its own copy of the datasets: read from the
 * SQLite file by the worker itself (the main thread copies nothing); each commit then only
 * announces its revision, and a worker builds a revision when a query asks for it (see
 * query-worker.ts). A query carries the revision of the snapshot it was asked at and runs on
 * exactly that revision: a worker keeps an older one while a query that waited across a commit
 * needs it (one asked before a fresh worker's copy begins runs at the newest revision).
 *
 * Where a query runs:
 * - what query-cost.ts finds unbounded by the clock checks, and what took over `slowMs` before:
 *   a worker, waiting for one if all are busy. At its limit the query is answered with a timeout
 *   and, unless its own clock checks have stopped it, its worker terminated (which stops anything,
 *   groq-js's async evaluator included) and replaced;
 * - anything else on an idle worker that has answered at the query's revision, which spreads a
 *   steady load over the cores; a worker behind it (after a commit) catches up only after
 *   `warmUpAfter` inline queries at that revision (`#maybeWarmUp`), so the few queries a publish
 *   brings build the new revision's index once, inline, as with no pool;
 * - with every worker busy: inline, a query known to be fast as it is, an unknown one for
 *   `inlineBudgetMs` (the clock checks stop it; twice, see `tryInline`), after which it is
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
  /** Per dataset: how many queries ran inline at its newest revision (see `#maybeWarmUp`). */
  readonly #inlineAt = new Map<string, { revision: number; count: number }>()
  /** Waiting for every worker to have read its copies (see `ready`). */
  readonly #readyWaiters: (() => void)[] = []
  readonly #inlineBudgetMs: number
  readonly #terminateAfterMs: number
  readonly #warmUpAfter: number
  readonly #spread: boolean
  readonly #databaseFile: string | undefined
  #nextJob = 1
  #closed = false

  constructor(store: Store, options: QueryPoolOptions) {
    this.#store = store
    this.size = options.workers
    this.#inlineBudgetMs = options.inlineBudgetMs ?? defaultInlineBudgetMs
    this.#terminateAfterMs = options.terminateAfterMs ?? defaultTerminateAfterMs
    this.#warmUpAfter = options.warmUpAfter ?? defaultWarmUpAfter
    this.#spread = options.spread ?? true
    this.#databaseFile = options.databaseFile === ':memory:' ? undefined : options.databaseFile
  }

  /** Starts the workers and loads every dataset into them, so the first queries pay for neither. */
  warm(): void {
    while (this.#slots.length < this.size) this.#slots.push(this.#spawn())
    for (const dataset of this.#store.listDatasets()) {
      for (const slot of this.#slots) this.#holds(slot, this.#store.snapshot(dataset))
    }
  }

  /** Resolves once every worker has read its copy of every dataset it was given. */
  ready(): Promise<void> {
    if (this.#allRead()) return Promise.resolve()
    return new Promise((resolve) => this.#readyWaiters.push(resolve))
  }

  #allRead(): boolean {
    return this.#slots.every(
      (slot) => slot.ready && [...slot.copies.values()].every((copy) => !copy.opening),
    )
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
    if (needsWorker && !this.#spread && speed !== undefined && speed <= slowMs) {
      return this.#underWatchdog(query, options, started)
    }
    if (needsWorker || (speed !== undefined && speed > slowMs)) {
      return this.#onWorker(query, options, started, needsWorker)
    }
    const idle = this.#spread ? this.#idleSlot() : undefined
    if (idle && (this.#warmUpAfter === 0 || this.#isWarm(idle, options.snapshot))) {
      return this.#onWorker(query, options, started, false)
    }
    // A worker behind the snapshot would first build it, its views and the index tables the query
    // needs, which the main thread has (or needs) anyway: this query runs here, and the worker
    // catches up afterwards (`#warmUp`) for the next ones.
    this.counts.inline++
    if (speed !== undefined) {
      // Not bounded by a budget: a first query after a commit builds the index's tables for the
      // new snapshot (50–150 ms at 10,000 articles on a loaded machine).
      return runQuery(query, options).finally(() => {
        this.#speeds.record(query, performance.now() - started)
        if (idle) this.#maybeWarmUp(query, options)
      })
    }
    return tryInline(query, options, this.#inlineBudgetMs).then(
      (result) => {
        this.#speeds.record(query, performance.now() - started)
        if (idle) this.#maybeWarmUp(query, options)
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
   * With front threads on the other cores (no spreading), a query the clock checks cannot bound but
   * known to be fast (the site's similar posts) runs here under node:vm's watchdog, stopped at
   * `slowMs` and then handed to a worker, as a front thread runs it: posting it to a worker and
   * copying its answer back cost the main thread about as much as the watchdog does, and the
   * worker's evaluation took the cores from the front threads.
   */
  #underWatchdog(query: string, options: PooledQueryOptions, started: number): Promise<unknown> {
    this.counts.inline++
    return tryInline(query, options, slowMs, 1).then(
      (result) => {
        this.#speeds.record(query, performance.now() - started)
        return result
      },
      (error: unknown) => {
        if (!(error instanceof NeedsWorker)) throw error
        options.readKeys?.clear()
        this.counts.inline--
        this.#speeds.record(query, error.async ? Infinity : slowMs + 1)
        return this.#onWorker(query, options, started, true)
      },
    )
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
      const job = this.#job(query, options, started, needsWorker, resolve, reject)
      this.#queue.push(job)
      this.#pump()
    })
  }

  /** Whether the worker has answered a query at the snapshot's revision (its index is built). */
  #isWarm(slot: Slot, snapshot: DatasetSnapshot): boolean {
    return slot.warm.get(snapshot.dataset) === snapshot.revision
  }

  /**
   * After `warmUpAfter` queries answered inline at the snapshot's revision (a steady load, not
   * the few a publish brings), has one idle worker that is behind run `query` there, its answer
   * dropped, so that it builds what the next queries need while the main thread answers them.
   * One at a time: each costs what the main thread spent on the revision's first queries.
   */
  #maybeWarmUp(query: string, options: PooledQueryOptions): void {
    const { dataset, revision } = options.snapshot
    const counted = this.#inlineAt.get(dataset)
    const count = counted?.revision === revision ? counted.count + 1 : 1
    this.#inlineAt.set(dataset, { revision, count })
    if (count < this.#warmUpAfter || this.#slots.some((slot) => slot.job?.warmUp)) return
    const slot = this.#idleSlot()
    if (!slot || this.#queue.length > 0) return
    if (this.#isWarm(slot, options.snapshot) || !this.#holds(slot, options.snapshot)) return
    const ignore = () => undefined
    const job = this.#job(query, options, performance.now(), false, ignore, ignore)
    job.warmUp = true
    this.#dispatch(slot, job)
  }

  #job(
    query: string,
    options: PooledQueryOptions,
    started: number,
    needsWorker: boolean,
    resolve: (result: unknown) => void,
    reject: (error: unknown) => void,
  ): Job {
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
      warmUp: false,
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
    return job
  }

  #dispatch(slot: Slot, job: Job): void {
    slot.job = job
    job.slot = slot
    const request: WorkerQuery = {
      ...job.request,
      deadlineAt: performance.timeOrigin + job.deadline,
      ...(job.warmUp && { warmUp: true }),
    }
    this.#post(slot, { type: 'query', job: job.id, request })
  }

  #pump(): void {
    while (this.#queue.length > 0) {
      const slot = this.#idleSlot()
      if (!slot) return
      const job = this.#queue.shift() as Job
      if (!this.#holds(slot, job.options.snapshot)) this.#toNewest(job)
      this.#dispatch(slot, job)
    }
  }

  /**
   * A job asked before commits that a fresh worker's copy starts after (the copy of a dataset
   * first queried while it was being written to, or a replaced worker's) runs at the newest
   * revision: still the dataset as of one transaction, as a query that waits for its turn sees
   * it. Only queries that must not hold up the main thread wait in the queue: none runs inline.
   */
  #toNewest(job: Job): void {
    const newest = this.#store.snapshot(job.request.dataset)
    job.options = { ...job.options, snapshot: newest }
    job.request = { ...job.request, revision: newest.revision }
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
    const slot: Slot = {
      worker,
      copies: new Map(),
      warm: new Map(),
      ready: this.#databaseFile === undefined,
    }
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
        low: newest.revision,
        opening: this.#databaseFile !== undefined,
      }
      slot.copies.set(dataset, copy)
    }
    return snapshot.revision >= copy.low && snapshot.revision <= copy.head
  }

  #subscribe(dataset: string): void {
    if (this.#subscriptions.has(dataset)) return
    const unsubscribe = this.#store.subscribe(dataset, (records) => {
      // Called right after the snapshot swap: the records lead up to the newest revision.
      const newest = this.#store.snapshot(dataset).revision
      const floor = this.#floor(dataset, newest)
      records.forEach((record, position) => {
        const revision = newest - records.length + 1 + position
        // A worker that read the file reads the changes from its log: nothing to serialize here.
        const changes =
          this.#databaseFile === undefined
            ? record.changes.map(({ id, after }) => ({ id, after }))
            : undefined
        const message = {
          type: 'commit',
          dataset,
          seq: record.seq,
          revision,
          floor,
          ...(changes && { changes }),
        } satisfies ToWorker
        for (const slot of this.#slots) {
          const copy = slot.copies.get(dataset)
          if (!copy) continue
          this.#post(slot, message)
          copy.head = revision
          copy.low = copy.opening ? revision : Math.max(copy.low, Math.min(floor, revision))
        }
      })
    })
    this.#subscriptions.set(dataset, unsubscribe)
  }

  /** The oldest revision of the dataset a pending query needs, or `head` when none does. */
  #floor(dataset: string, head: number): number {
    let floor = head
    for (const job of this.#pending) {
      if (job.request.dataset === dataset) floor = Math.min(floor, job.request.revision)
    }
    return floor
  }

  /** Lets the workers drop revisions older than any pending query of the dataset needs. */
  #prune(dataset: string): void {
    for (const slot of this.#slots) {
      const copy = slot.copies.get(dataset)
      if (!copy || copy.opening) continue
      const floor = this.#floor(dataset, copy.head)
      if (floor <= copy.low) continue
      copy.low = floor
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
      if (this.#allRead()) for (const resolve of this.#readyWaiters.splice(0)) resolve()
      this.#pump()
      return
    }
    const job = slot.job
    if (job?.id !== message.job) return
    slot.job = undefined
    // What a query costs is learnt where it ran: one slow only under load is fast again here.
    if (!job.warmUp) {
      this.#speeds.record(job.request.query, message.ms)
    }
    if (message.type === 'result') {
      const { dataset, revision } = job.request
      slot.warm.set(dataset, Math.max(slot.warm.get(dataset) ?? -1, revision))
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

/**
 * Runs the query on this thread for about `budgetMs`, else throws `NeedsWorker`. Twice: a first
 * try may spend its budget building the index's tables for a new snapshot (the first query after
 * a commit), which stay for the second.
 */
export async function tryInline(
  query: string,
  options: RunQueryOptions,
  budgetMs: number,
  tries = 2,
): Promise<unknown> {
  try {
    return await runQuery(query, { ...options, inlineBudgetMs: budgetMs })
  } catch (error) {
    if (error instanceof NeedsWorker && tries > 1 && !error.async) {
      options.readKeys?.clear()
      return tryInline(query, options, budgetMs, tries - 1)
    }
    throw error
  }
}
