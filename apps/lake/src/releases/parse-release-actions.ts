import { z } from 'zod'
import { patchOperations } from '../mutations/parse-mutations.ts'

// A release id becomes a path segment of `_.releases.<id>` and `versions.<id>.<docId>`.
const releaseId = z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'Invalid release ID')
const timestamp = z.iso.datetime({ offset: true })

/** Release metadata as `client.releases.create` and the Studio send it. */
export const releaseMetadata = z.looseObject({
  title: z.string().optional(),
  description: z.string().optional(),
  releaseType: z.enum(['asap', 'scheduled', 'undecided']),
  intendedPublishAt: timestamp.optional(),
  cardinality: z.enum(['one', 'many']).optional(),
})

const byId = <T extends string>(actionType: T) =>
  z.object({ actionType: z.literal(actionType), releaseId })

/** `sanity.action.release.*`, the shapes `@sanity/client`'s `releases` namespace sends. */
export const releaseActionSchemas = [
  z.object({
    actionType: z.literal('sanity.action.release.create'),
    releaseId,
    metadata: releaseMetadata,
  }),
  z.object({
    actionType: z.literal('sanity.action.release.edit'),
    releaseId,
    patch: patchOperations,
  }),
  z.object({
    actionType: z.literal('sanity.action.release.schedule'),
    releaseId,
    publishAt: timestamp,
  }),
  byId('sanity.action.release.unschedule'),
  byId('sanity.action.release.publish'),
  byId('sanity.action.release.archive'),
  byId('sanity.action.release.unarchive'),
  byId('sanity.action.release.delete'),
] as const
