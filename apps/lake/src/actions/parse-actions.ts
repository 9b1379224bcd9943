import { z } from 'zod'
import { lakeError } from '../http/errors.ts'
import { patchOperations } from '../mutations/parse-mutations.ts'
import { releaseActionSchemas } from '../releases/parse-release-actions.ts'

const id = z.string().min(1)
const attributes = z.looseObject({ _id: z.string().optional(), _type: z.string().min(1) })
const identified = z.looseObject({ _id: id, _type: z.string().min(1) })
const purge = z.boolean().optional()

// The document and release actions the Studio (sanity 6.9) and @sanity/client send.
const actionSchema = z.discriminatedUnion('actionType', [
  z.object({
    actionType: z.literal('sanity.action.document.create'),
    publishedId: id,
    attributes,
    ifExists: z.enum(['fail', 'ignore']).optional(),
  }),
  z.object({
    actionType: z.literal('sanity.action.document.edit'),
    draftId: id,
    publishedId: id,
    patch: patchOperations,
  }),
  z.object({
    actionType: z.literal('sanity.action.document.publish'),
    draftId: id,
    publishedId: id,
    ifDraftRevisionId: z.string().optional(),
    ifPublishedRevisionId: z.string().optional(),
  }),
  z.object({
    actionType: z.literal('sanity.action.document.unpublish'),
    draftId: id,
    publishedId: id,
  }),
  z.object({ actionType: z.literal('sanity.action.document.discard'), draftId: id, purge }),
  z.object({
    actionType: z.literal('sanity.action.document.version.discard'),
    versionId: id,
    purge,
  }),
  z.object({
    actionType: z.literal('sanity.action.document.delete'),
    publishedId: id,
    includeDrafts: z.array(id).optional(),
    purge,
  }),
  z.object({
    actionType: z.literal('sanity.action.document.replaceDraft'),
    publishedId: id,
    attributes,
  }),
  z.object({
    actionType: z.literal('sanity.action.document.version.create'),
    publishedId: id,
    document: identified.optional(),
    baseId: id.optional(),
    versionId: id.optional(),
    ifBaseRevisionId: z.string().optional(),
  }),
  z.object({
    actionType: z.literal('sanity.action.document.version.replace'),
    document: identified,
  }),
  z.object({
    actionType: z.literal('sanity.action.document.version.unpublish'),
    versionId: id,
    publishedId: id,
  }),
  ...releaseActionSchemas,
])

export type Action = z.infer<typeof actionSchema>

const requestSchema = z.object({
  actions: z.array(z.unknown()).min(1),
  transactionId: z.string().min(1).max(128).optional(),
  dryRun: z.boolean().optional(),
  skipCrossDatasetReferenceValidation: z.boolean().optional(),
})

export interface ActionRequest {
  actions: Action[]
  transactionId?: string | undefined
  dryRun?: boolean | undefined
}

/** Validates every action before any is applied, so a bad entry changes nothing. */
export function parseActionRequest(body: unknown): ActionRequest {
  const request = requestSchema.safeParse(body)
  if (!request.success) {
    throw lakeError(400, 'actionError', `Invalid action request: ${z.prettifyError(request.error)}`)
  }
  const actions = request.data.actions.map((raw, index) => {
    const parsed = actionSchema.safeParse(raw)
    if (parsed.success) return parsed.data
    // Not String(actionType): an object whose toString is not a function makes that throw.
    const type =
      typeof raw === 'object' &&
      raw !== null &&
      'actionType' in raw &&
      typeof raw.actionType === 'string'
        ? raw.actionType
        : 'unknown'
    throw lakeError(
      400,
      'invalidActionError',
      `Invalid action ${index} (${type}): ${z.prettifyError(parsed.error)}`,
      { index },
    )
  })
  return { actions, transactionId: request.data.transactionId, dryRun: request.data.dryRun }
}
