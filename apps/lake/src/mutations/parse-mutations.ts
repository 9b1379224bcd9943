import { z } from 'zod'
import { lakeError, mutationError } from '../http/errors.ts'

const params = z.record(z.string(), z.unknown()).optional()
const byId = z.object({ id: z.string().min(1) })
const byQuery = z.object({ query: z.string().min(1), params })

const attributeMap = z.record(z.string(), z.unknown())
export const patchOperations = z.object({
  ifRevisionID: z.string().optional(),
  set: attributeMap.optional(),
  setIfMissing: attributeMap.optional(),
  unset: z.array(z.string()).optional(),
  inc: z.record(z.string(), z.number()).optional(),
  dec: z.record(z.string(), z.number()).optional(),
  diffMatchPatch: z.record(z.string(), z.string()).optional(),
  insert: z
    .union([
      z.object({ before: z.string(), items: z.array(z.unknown()) }),
      z.object({ after: z.string(), items: z.array(z.unknown()) }),
      z.object({ replace: z.string(), items: z.array(z.unknown()) }),
    ])
    .optional(),
})

const newDocument = z.looseObject({ _id: z.string().optional(), _type: z.string().min(1) })
const existingDocument = z.looseObject({ _id: z.string().min(1), _type: z.string().min(1) })

const mutationSchema = z.union([
  z.strictObject({ create: newDocument }),
  z.strictObject({ createOrReplace: existingDocument }),
  z.strictObject({ createIfNotExists: existingDocument }),
  z.strictObject({ delete: z.union([byId, byQuery]) }),
  z.strictObject({
    patch: z.union([patchOperations.extend(byId.shape), patchOperations.extend(byQuery.shape)]),
  }),
])

export type NewDocument = z.infer<typeof newDocument>
export type PatchOperations = z.infer<typeof patchOperations>
export type Selection = { id: string } | { query: string; params?: Record<string, unknown> }

export type Mutation =
  | { kind: 'create' | 'createOrReplace' | 'createIfNotExists'; document: NewDocument }
  | { kind: 'delete'; selection: Selection }
  | { kind: 'patch'; selection: Selection; operations: PatchOperations }

const requestSchema = z.object({
  mutations: z.array(z.unknown()).min(1),
  transactionId: z.string().min(1).max(128).optional(),
  dryRun: z.boolean().optional(),
})

export interface MutationRequest {
  mutations: Mutation[]
  /** The mutations exactly as sent, for the transaction log. */
  raw: unknown[]
  transactionId?: string | undefined
  dryRun?: boolean | undefined
}

/** Validates the whole request before anything is applied, so a bad entry changes nothing. */
export function parseMutationRequest(body: unknown): MutationRequest {
  const request = requestSchema.safeParse(body)
  if (!request.success) {
    throw lakeError(
      400,
      'mutationError',
      `Invalid mutation request: ${z.prettifyError(request.error)}`,
    )
  }
  const { mutations, transactionId, dryRun } = request.data
  return { mutations: mutations.map(parseMutation), raw: mutations, transactionId, dryRun }
}

export function parseMutation(raw: unknown, index: number): Mutation {
  const parsed = mutationSchema.safeParse(raw)
  if (!parsed.success) {
    const kinds = typeof raw === 'object' && raw !== null ? Object.keys(raw).join(', ') : typeof raw
    throw mutationError(
      400,
      {
        type: 'invalidMutationError',
        description: `Invalid mutation (${kinds}): ${z.prettifyError(parsed.error)}`,
      },
      index,
    )
  }
  const mutation = parsed.data
  if ('create' in mutation) return { kind: 'create', document: mutation.create }
  if ('createOrReplace' in mutation)
    return { kind: 'createOrReplace', document: mutation.createOrReplace }
  if ('createIfNotExists' in mutation) {
    return { kind: 'createIfNotExists', document: mutation.createIfNotExists }
  }
  if ('delete' in mutation) return { kind: 'delete', selection: mutation.delete }
  const patch = mutation.patch
  if ('id' in patch) {
    const { id, ...operations } = patch
    return { kind: 'patch', selection: { id }, operations }
  }
  const { query, params: queryParams, ...operations } = patch
  return { kind: 'patch', selection: { query, params: queryParams }, operations }
}
