import { documentAt } from '../history/document-at.ts'
import { lakeError } from '../http/errors.ts'
import type { LakeDeps } from '../deps.ts'
import { checkReferences } from '../references/check-references.ts'
import { expectCommit, referrersFor } from '../references/referrer-index.ts'
import type { DocumentChange } from '../store/store.ts'
import { applyActions } from './apply-actions.ts'
import type { Action } from './parse-actions.ts'

export interface CommitActionsOptions {
  transactionId: string
  /** Whom history names: a user id, the token robot or the lake's scheduler. */
  author: string
  dryRun?: boolean
}

/** What the log records: the net effect per document, as the listener and history replay it. */
function asMutations(changes: readonly DocumentChange[]): unknown[] {
  return changes.map(({ id, after }) => (after ? { createOrReplace: after } : { delete: { id } }))
}

/**
 * Runs actions as one atomic transaction whose id becomes the `_rev` of every written document,
 * with Sanity's reference checks on the state it leaves; the answer to `/data/actions` and the
 * way the scheduler publishes a release.
 */
export async function commitActions(
  deps: Pick<LakeDeps, 'store'>,
  dataset: string,
  actions: readonly Action[],
  options: CommitActionsOptions,
): Promise<void> {
  const { store } = deps
  const { transactionId } = options
  const timestamp = new Date().toISOString()
  await store.write(dataset, (snapshot) => {
    if (store.hasTransaction(dataset, transactionId)) {
      throw lakeError(
        409,
        'conflictError',
        `Transaction ID "${transactionId}" has already been used`,
      )
    }
    const { changes, overlay } = applyActions(snapshot, actions, {
      transactionId,
      timestamp,
      lastStateOf: (id) => documentAt(store, dataset, id, { lastRevision: true }),
    })
    checkReferences(overlay, changes, referrersFor(store, dataset, snapshot))
    const commit = {
      transactionId,
      timestamp,
      author: options.author,
      mutations: asMutations(changes),
      changes,
    }
    const commits = options.dryRun === true || changes.length === 0 ? [] : [commit]
    if (commits.length > 0) expectCommit(store, dataset, snapshot, transactionId, changes)
    return Promise.resolve({ commits, result: null })
  })
}
