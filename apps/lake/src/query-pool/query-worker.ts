import { DatabaseSync } from 'node:sqlite'
import { parentPort } from 'node:worker_threads'
import { LakeError } from '../http/errors.ts'
import { viewOf } from '../groq/perspective.ts'
import { runQuery } from '../groq/run-query.ts'
import { MemorySnapshot } from '../store/memory-snapshot.ts'
import { readChanges, readDataset } from '../store/read-copy.ts'
import type { SanityDocument } from '../store/store.ts'
import type { FromWorker, ToWorker, WorkerError, WorkerQuery } from './messages.ts'

/**
 * A query worker (see query-pool.ts): its own copy of each dataset, and GROQ evaluated on it
 * exactly as on the main thread. Commits only announce revisions: a snapshot is built when a query
 * asks for its revision, from the nearest older one in one step whatever the number of commits
 * between them (one copy of the id map, each changed document parsed once), so a burst of
 * mutations costs a worker next to nothing and views and the narrowing index (the same immutable,
 * per-snapshot structures as on the main thread, built lazily) are built only for the snapshots
 * queries use.
 */
interface Copy {
  /** Built snapshots by revision: the newest at or below the pool's floor, and any newer. */
  built: Map<number, Built>
  /** Announced commits not yet in the oldest built snapshot, oldest first. */
  commits: Commit[]
  /** The pool's floor: no query asks for an older revision any more. */
  floor: number
  /** The SQLite file it was read from (changes are read from its log), none for a `load`. */
  db?: DatabaseSync
}

interface Built {
  snapshot: MemorySnapshot
  /** The newest log position it holds (from the read, or a commit). */
  seq: number
}

interface Commit {
  revision: number
  seq: number
  changes?: { id: string; after: SanityDocument | null }[]
}

/** Past this many announced commits without a query, the newest is built (one step for all). */
const maxPendingCommits = 500

const copies = new Map<string, Copy>()

function handle(message: ToWorker): void {
  switch (message.type) {
    case 'open': {
      const db = new DatabaseSync(message.file, { readOnly: true })
      const { documents, seq } = readDataset(db, message.dataset)
      start(message.dataset, message.revision, documents, seq, db)
      parentPort?.postMessage({ type: 'opened', dataset: message.dataset } satisfies FromWorker)
      return
    }
    case 'load':
      start(message.dataset, message.revision, message.documents, 0)
      return
    case 'commit': {
      const copy = copies.get(message.dataset)
      if (!copy) throw new Error(`query worker: commit to ${message.dataset} before its copy`)
      const last = copy.commits.at(-1)?.revision ?? newest(copy).snapshot.revision
      if (message.revision !== last + 1) {
        throw new Error(`query worker: commit ${message.revision} out of order`)
      }
      copy.commits.push({ revision: message.revision, seq: message.seq, changes: message.changes })
      copy.floor = Math.max(copy.floor, message.floor)
      if (copy.commits.length > maxPendingCommits && copy.floor === message.revision) {
        snapshotAt(copy, message.revision)
      }
      prune(copy)
      return
    }
    case 'prune': {
      const copy = copies.get(message.dataset)
      if (!copy) return
      copy.floor = Math.max(copy.floor, message.below)
      prune(copy)
      return
    }
    case 'query':
      void answer(message.job, message.request)
  }
}

function start(
  dataset: string,
  revision: number,
  documents: readonly SanityDocument[],
  seq: number,
  db?: DatabaseSync,
): void {
  copies.get(dataset)?.db?.close()
  const snapshot = new MemorySnapshot(
    dataset,
    revision,
    new Map(documents.map((doc) => [doc._id, doc])),
  )
  copies.set(dataset, {
    built: new Map([[revision, { snapshot, seq }]]),
    commits: [],
    floor: revision,
    db,
  })
}

function newest(copy: Copy): Built {
  let found: Built | undefined
  for (const built of copy.built.values()) {
    if (!found || built.snapshot.revision > found.snapshot.revision) found = built
  }
  if (!found) throw new Error('query worker: a copy without a snapshot')
  return found
}

/** The snapshot of `revision`, built from the newest older one if no query asked for it before. */
function snapshotAt(copy: Copy, revision: number): MemorySnapshot | undefined {
  const ready = copy.built.get(revision)
  if (ready) return ready.snapshot
  let from: Built | undefined
  for (const built of copy.built.values()) {
    const at = built.snapshot.revision
    if (at < revision && (!from || at > from.snapshot.revision)) from = built
  }
  const target = copy.commits.find((commit) => commit.revision === revision)
  if (!from || !target) return undefined
  const since = from.snapshot.revision
  const seq = Math.max(from.seq, target.seq)
  const changes = copy.db
    ? readChanges(copy.db, from.snapshot.dataset, from.seq, seq)
    : copy.commits
        .filter((commit) => commit.revision > since && commit.revision <= revision)
        .flatMap((commit) => commit.changes ?? [])
  const snapshot = from.snapshot.withChanges(changes, revision)
  copy.built.set(revision, { snapshot, seq })
  return snapshot
}

/** Drops snapshots no query can ask for any more, and the commits the oldest kept one holds. */
function prune(copy: Copy): void {
  let base: number | undefined
  for (const revision of copy.built.keys()) {
    if (revision <= copy.floor && (base === undefined || revision > base)) base = revision
  }
  if (base === undefined) return
  for (const revision of copy.built.keys()) if (revision < base) copy.built.delete(revision)
  const keep = base
  copy.commits = copy.commits.filter((commit) => commit.revision > keep)
}

async function answer(job: number, request: WorkerQuery): Promise<void> {
  let reply: FromWorker
  const started = performance.now()
  try {
    const copy = copies.get(request.dataset)
    const snapshot = copy && snapshotAt(copy, request.revision)
    if (!snapshot) throw new Error(`query worker: no revision ${request.revision}`)
    const readKeys = new Set<string>()
    const result = await runQuery(request.query, {
      readKeys,
      view: viewOf(snapshot, request.perspective, { anonymous: request.anonymous }),
      // Plain arrays: the pool stops this thread at the limit whatever the query loops over.
      params: request.params,
      timeoutMs: request.timeoutMs,
      remainingMs: request.deadlineAt - (performance.timeOrigin + performance.now()),
      projectId: request.projectId,
      dataset: request.dataset,
      watchdog: false,
    })
    reply = {
      type: 'result',
      job,
      result: request.warmUp ? null : result,
      readKeys: request.warmUp ? [] : [...readKeys],
      ms: performance.now() - started,
    }
  } catch (error) {
    reply = { type: 'error', job, error: describe(error), ms: performance.now() - started }
  }
  parentPort?.postMessage(reply)
}

function describe(error: unknown): WorkerError {
  if (error instanceof LakeError) return { kind: 'lake', status: error.status, body: error.body }
  return { kind: 'other', message: error instanceof Error ? error.message : String(error) }
}

parentPort?.on('message', handle)
