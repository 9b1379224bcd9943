import { Hono } from 'hono'
import { userFor } from '../accounts/users.ts'
import type { Context } from 'hono'
import { commitActions } from '../actions/commit-actions.ts'
import { parseActionRequest } from '../actions/parse-actions.ts'
import type { LakeEnv } from '../http/lake-env.ts'
import { requireToken } from '../http/auth.ts'
import type { LakeDeps } from '../deps.ts'
import { requireDataset } from '../deps.ts'
import { lakeError } from '../http/errors.ts'
import { newTransactionId } from '../mutations/transaction-id.ts'
import { limitBody, readJson } from '../http/read-body.ts'

/**
 * The same permission check as `/data/mutate` (a write token or a signed-in editor), refused with
 * `insufficientPermissionsError` as the error itself, not inside a `mutationError`'s items: the
 * Studio's release permission guard dry-runs release actions and reads `error.details.type`.
 */
function requireWrite(c: Context<LakeEnv>): void {
  requireToken(c, 'Unauthorized - a write token is required to perform actions')
  if (c.var.role === 'write') return
  throw lakeError(
    403,
    'insufficientPermissionsError',
    'Insufficient permissions; permission "update" required',
    { permission: 'update' },
  )
}

/**
 * `POST /data/actions/:dataset` `{actions, transactionId?, dryRun?}` → `{transactionId}`: the
 * Actions API the Studio edits and publishes with. All actions are one atomic transaction whose
 * id (the client's, when given) becomes the `_rev` of every written document.
 */
export function actionRoutes(deps: LakeDeps): Hono<LakeEnv> {
  const app = new Hono<LakeEnv>()

  app.post('/:dataset', limitBody(32 * 1024 * 1024), async (c) => {
    const dataset = c.req.param('dataset')
    requireDataset(deps.store, dataset)
    requireWrite(c)
    const request = parseActionRequest(await readJson(c, 'actionError'))
    const dryRun = c.req.query('dryRun') === 'true' || request.dryRun === true
    const transactionId = request.transactionId ?? newTransactionId()
    await commitActions(deps, dataset, request.actions, {
      transactionId,
      dryRun,
      // Same author ids as /data/mutate, so history can name the user (or token robot).
      author: userFor(c.var.role, c.var.identity)?.id ?? 'write-token',
    })
    return c.json({ transactionId })
  })
  return app
}
