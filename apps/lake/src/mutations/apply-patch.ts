import { Mutation } from '@sanity/mutator'
import { mutationError } from '../http/errors.ts'
import type { SanityDocument } from '../store/store.ts'
import type { PatchOperations } from './parse-mutations.ts'

type MutatorPatch = NonNullable<
  ConstructorParameters<typeof Mutation>[0]['mutations'][number]['patch']
>

/** Applies one patch with @sanity/mutator, enforcing Sanity's revision guard and immutable fields. */
export function applyPatch(
  doc: SanityDocument,
  operations: PatchOperations,
  index: number,
): SanityDocument {
  const { ifRevisionID, ...ops } = operations
  if (ifRevisionID !== undefined && ifRevisionID !== doc._rev) {
    throw mutationError(
      409,
      {
        type: 'documentRevisionIDDoesNotMatchError',
        description: `Document "${doc._id}" has unexpected revision ID ("${doc._rev ?? ''}"), expected "${ifRevisionID}"`,
        id: doc._id,
        currentRevisionID: doc._rev ?? null,
        expectedRevisionID: ifRevisionID,
      },
      index,
    )
  }
  let patched: SanityDocument | null
  try {
    const patch = { ...ops, id: doc._id } as unknown as MutatorPatch
    patched = new Mutation({ mutations: [{ patch }] }).apply(doc) as SanityDocument | null
  } catch (error) {
    throw mutationError(
      400,
      {
        type: 'invalidPatchError',
        description: `Unable to patch document "${doc._id}": ${error instanceof Error ? error.message : String(error)}`,
        id: doc._id,
      },
      index,
    )
  }
  if (patched === null) throw new Error('patch removed the document')
  for (const attribute of ['_id', '_type'] as const) {
    if (patched[attribute] !== doc[attribute]) {
      throw mutationError(
        400,
        {
          type: 'immutableAttributeError',
          description: `document "${doc._id}": immutable attribute "${attribute}" may not be modified`,
          id: doc._id,
        },
        index,
      )
    }
  }
  return patched
}
