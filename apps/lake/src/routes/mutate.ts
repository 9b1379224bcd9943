import { Hono } from 'hono'
import { userFor } from '../accounts/users.ts'
import type { LakeEnv } from '../http/lake-env.ts'
import { requireToken } from '../http/auth.ts'
import type { LakeDeps } from '../deps.ts'
import { requireDataset } from '../deps.ts'
import { lakeError, mutationError } from '../http/errors.ts'
import { applyMutations } from '../mutations/apply-mutations.ts'
import { parseMutationRequest } from '../mutations/parse-mutations.ts'
import { newTransactionId } from '../mutations/transaction-id.ts'
import { limitBody, readJson } from '../http/read-body.ts'
import { checkReferences } from '../references/check-references.ts'
import { refuseChangesToScheduledReleases } from '../releases/locked-versions.ts'
import { expectCommit, referrersFor } from '../references/referrer-index.ts'

function flag(value: string | null): boolean {
  return value === 'true' || value === '1'
}

export function mutateRoutes(deps: LakeDeps): Hono<LakeEnv> {
  const app = new Hono<LakeEnv>()

  app.post('/:dataset', limitBody(32 * 1024 * 1024), async (c) => {
    const dataset = c.req.param('dataset')
    requireDataset(deps.store, dataset)
    requireToken(c, 'Unauthorized - a write token is required to mutate documents')
    if (c.var.role !== 'write') {
      throw mutationError(
        403,
        {
          type: 'insufficientPermissionsError',
          description: 'Insufficient permissions; permission "update" required',
          permission: 'update',
        },
        0,
      )
    }
    const search = new URL(c.req.url).searchParams
    const request = parseMutationRequest(await readJson(c, 'mutationError'))
    const dryRun = flag(search.get('dryRun')) || request.dryRun === true
    const transactionId = request.transactionId ?? newTransactionId()
    const timestamp = new Date().toISOString()

    const outcome = await deps.store.write(dataset, async (snapshot) => {
      if (deps.store.hasTransaction(dataset, transactionId)) {
        throw lakeError(
          409,
          'conflictError',
          `Transaction ID "${transactionId}" has already been used`,
        )
      }
      const applied = await applyMutations(snapshot, request.mutations, {
        transactionId,
        timestamp,
        projectId: deps.projectId,
        dataset,
        queryTimeoutMs: deps.queryTimeoutMs,
        autoGenerateArrayKeys: flag(search.get('autoGenerateArrayKeys')),
      })
      refuseChangesToScheduledReleases(snapshot, applied.overlay, applied.changes)
      checkReferences(applied.overlay, applied.changes, referrersFor(deps.store, dataset, snapshot))
      const commit = {
        transactionId,
        timestamp,
        // The user id, so the Studio's history can show who made the change.
        author: userFor(c.var.role, c.var.identity)?.id ?? 'write-token',
        mutations: request.raw,
        changes: applied.changes,
      }
      const commits = dryRun || applied.changes.length === 0 ? [] : [commit]
      if (commits.length > 0)
        expectCommit(deps.store, dataset, snapshot, transactionId, commit.changes)
      return { commits, result: applied }
    })

    const returnDocuments = flag(search.get('returnDocuments'))
    const results = outcome.results.map((result) => {
      const document = returnDocuments ? outcome.overlay.get(result.id) : undefined
      return document ? { ...result, document } : result
    })
    return c.json({ transactionId, results })
  })
  return app
}
