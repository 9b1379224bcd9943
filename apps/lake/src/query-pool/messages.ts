import type { Perspective } from '../groq/perspective.ts'
import type { SanityDocument } from '../store/store.ts'

/**
 * What the pool posts to a query worker; a worker handles its messages strictly in order. `open`
 * (the worker reads the dataset from the SQLite file itself) or `load` (the documents, for a
 * store without a file) starts a dataset's copy; each `commit` announces the next revision, which
 * the worker builds only when a query asks for it (see query-worker.ts).
 */
export type ToWorker =
  | {
      type: 'open'
      file: string
      dataset: string
      /** The revision when the pool asked: the commits the read sees beyond it follow as `commit`s. */
      revision: number
    }
  | { type: 'load'; dataset: string; revision: number; documents: readonly SanityDocument[] }
  | {
      type: 'commit'
      dataset: string
      /** The transaction's place in the log. */
      seq: number
      /** The snapshot revision this transaction leads to: always the previous commit's + 1. */
      revision: number
      /** The oldest revision a query may still ask for: older snapshots can go. */
      floor: number
      /**
       * Only for a store without a file; a worker that opened the file reads what changed from the
       * transaction log itself, so the main thread serializes no document per commit.
       */
      changes?: { id: string; after: SanityDocument | null }[]
    }
  | { type: 'query'; job: number; request: WorkerQuery }
  /** Older revisions no pending query needs any more; the newest is always kept. */
  | { type: 'prune'; dataset: string; below: number }

export interface WorkerQuery {
  query: string
  dataset: string
  /** The snapshot revision the query was asked at; the worker is at exactly it when it runs it. */
  revision: number
  perspective: Perspective
  anonymous: boolean
  params: Record<string, unknown>
  timeoutMs: number
  /** The query's limit as `performance.timeOrigin + performance.now()`, comparable across threads. */
  deadlineAt: number
  projectId: string
  /** Run only to build what the revision's queries need: the answer is `null`, not the result. */
  warmUp?: boolean
}

export type FromWorker =
  /** After an `open`'s read: from here on, every revision the worker reaches it holds. */
  | { type: 'opened'; dataset: string }
  /** `readKeys`: what the result was computed from (the answer's sync tags, see read-keys.ts). */
  | { type: 'result'; job: number; result: unknown; readKeys: string[]; ms: number }
  | { type: 'error'; job: number; error: WorkerError; ms: number }

/** A LakeError's status and body, or an unexpected failure's message. */
export type WorkerError =
  | { kind: 'lake'; status: number; body: Record<string, unknown> }
  | { kind: 'other'; message: string }
