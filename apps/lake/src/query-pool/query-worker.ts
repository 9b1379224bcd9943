import { DatabaseSync } from 'node:sqlite'
import { parentPort } from 'node:worker_threads'
import { LakeError } from '../http/errors.ts'
import { viewOf } from '../groq/perspective.ts'
import { runQuery } from '../groq/run-query.ts'
import { MemorySnapshot } from '../store/memory-snapshot.ts'
import type { SanityDocument } from '../store/store.ts'
import type { FromWorker, ToWorker, WorkerError, WorkerQuery } from './messages.ts'

/**
 * A query worker (see query-pool.ts): its own copy of each dataset, brought forward one committed
 * transaction at a time, and GROQ evaluated on it exactly as on the main thread. Snapshots, views
 * and the narrowing index are the same immutable, per-snapshot structures, built here lazily.
 */
interface Copy {
  head: MemorySnapshot
  /** Snapshots by revision, the head included; older ones only while a pending query needs them. */
  held: Map<number, MemorySnapshot>
  /** The log position the dataset was read at: commits up to it are in the copy already. */
  readAt: number
}

const copies = new Map<string, Copy>()

function handle(message: ToWorker): void {
  switch (message.type) {
    case 'open': {
      const { documents, seq } = readDataset(message.file, message.dataset)
      start(message.dataset, message.revision, documents, seq)
      parentPort?.postMessage({ type: 'opened', dataset: message.dataset } satisfies FromWorker)
      return
    }
    case 'load':
      start(message.dataset, message.revision, message.documents, 0)
      return
    case 'commit': {
      const copy = copies.get(message.dataset)
      if (copy?.head.revision !== message.revision - 1) {
        throw new Error(`query worker: commit ${message.revision} out of order`)
      }
      // Committed between the pool's `open` and the read: only the revision moves on, and the
      // copy was never the previous one's.
      const read = message.seq <= copy.readAt
      if (read) copy.held.delete(copy.head.revision)
      const changes = read
        ? []
        : message.changes.map(({ id, after }) => ({ id, before: null, after }))
      copy.head = copy.head.withChanges(changes)
      copy.held.set(copy.head.revision, copy.head)
      return
    }
    case 'prune': {
      const copy = copies.get(message.dataset)
      for (const revision of copy?.held.keys() ?? []) {
        if (revision < message.below && revision !== copy?.head.revision)
          copy?.held.delete(revision)
      }
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
  readAt: number,
): void {
  const head = new MemorySnapshot(
    dataset,
    revision,
    new Map(documents.map((doc) => [doc._id, doc])),
  )
  copies.set(dataset, { head, held: new Map([[revision, head]]), readAt })
}

/** One read transaction: the documents and the last transaction they include. */
function readDataset(file: string, dataset: string) {
  const db = new DatabaseSync(file, { readOnly: true })
  try {
    db.exec('BEGIN')
    const last = db
      .prepare('SELECT max(seq) AS seq FROM transactions WHERE dataset = ?')
      .get(dataset) as { seq: number | null }
    const rows = db.prepare('SELECT body FROM documents WHERE dataset = ?').all(dataset) as {
      body: string
    }[]
    db.exec('COMMIT')
    return {
      seq: last.seq ?? 0,
      documents: rows.map((row) => JSON.parse(row.body) as SanityDocument),
    }
  } finally {
    db.close()
  }
}

async function answer(job: number, request: WorkerQuery): Promise<void> {
  let reply: FromWorker
  const started = performance.now()
  try {
    const snapshot = copies.get(request.dataset)?.held.get(request.revision)
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
      result,
      readKeys: [...readKeys],
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
