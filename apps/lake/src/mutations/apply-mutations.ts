import { randomUUID } from 'node:crypto'
import { deadlineParams } from '../groq/deadline-params.ts'
import { mutationError } from '../http/errors.ts'
import { runQuery } from '../groq/run-query.ts'
import type { DocumentChange, DocumentLookup, SanityDocument } from '../store/store.ts'
import { applyPatch } from './apply-patch.ts'
import { withArrayKeys } from './array-keys.ts'
import { maxDocumentDepth, nestsDeeperThan } from './document-depth.ts'
import { Overlay } from './overlay.ts'
import type { Mutation, NewDocument, Selection } from './parse-mutations.ts'

export type Operation = 'create' | 'update' | 'delete' | 'none'

export interface MutationResult {
  id: string
  operation: Operation
}

export interface MutationContext {
  transactionId: string
  timestamp: string
  projectId: string
  dataset: string
  queryTimeoutMs: number
  autoGenerateArrayKeys?: boolean
  /** Imports keep the `_updatedAt` of exported documents instead of stamping "now". */
  preserveUpdatedAt?: boolean
}

export interface AppliedMutations {
  changes: DocumentChange[]
  results: MutationResult[]
  /** The state of every touched document after the whole transaction. */
  overlay: Overlay
}

// Sanity's id alphabet; a `.` separates path segments such as `drafts.`.
const validId = /^[a-zA-Z0-9_][a-zA-Z0-9_-]*(\.[a-zA-Z0-9_-]+)*$/

function documentId(requested: string | undefined, index: number): string {
  // An id ending in "." is a prefix: `drafts.` becomes `drafts.<uuid>`.
  const id =
    requested === undefined
      ? randomUUID()
      : requested.endsWith('.')
        ? `${requested}${randomUUID()}`
        : requested
  if (id.length > 200 || !validId.test(id)) {
    throw mutationError(
      400,
      { type: 'invalidDocumentIdError', description: `Malformed document ID: "${id}"`, id },
      index,
    )
  }
  return id
}

/** Applies mutations in order to an overlay of `base`; nothing is persisted here. */
export async function applyMutations(
  base: DocumentLookup,
  mutations: readonly Mutation[],
  context: MutationContext,
): Promise<AppliedMutations> {
  const overlay = new Overlay(base)
  const results: MutationResult[] = []

  const stamp = (
    doc: SanityDocument,
    previous: SanityDocument | undefined,
    input: NewDocument | null,
    index: number,
  ) => {
    if (nestsDeeperThan(doc, maxDocumentDepth)) {
      throw mutationError(
        400,
        {
          type: 'documentTooDeepError',
          description: `Document "${doc._id}" nests objects and arrays deeper than ${maxDocumentDepth} levels`,
          id: doc._id,
        },
        index,
      )
    }
    // `_originalId` only exists in perspective views; it must never be stored.
    const rest: SanityDocument = { ...doc }
    delete rest._originalId
    const next: SanityDocument = {
      ...(context.autoGenerateArrayKeys ? withArrayKeys(rest) : rest),
      _createdAt: previous?._createdAt ?? stringOr(input?._createdAt, context.timestamp),
      _updatedAt: context.preserveUpdatedAt
        ? stringOr(input?._updatedAt, context.timestamp)
        : context.timestamp,
      _rev: context.transactionId,
    }
    return next
  }

  for (const [index, mutation] of mutations.entries()) {
    overlay.at(index)
    switch (mutation.kind) {
      case 'create':
      case 'createOrReplace':
      case 'createIfNotExists': {
        const input = mutation.document
        const id = documentId(input._id, index)
        const existing = overlay.get(id)
        if (existing && mutation.kind === 'create') {
          throw mutationError(
            409,
            {
              type: 'documentAlreadyExistsError',
              description: `Document by ID "${id}" already exists`,
              id,
            },
            index,
          )
        }
        if (existing && mutation.kind === 'createIfNotExists') {
          results.push({ id, operation: 'none' })
          break
        }
        overlay.set(id, stamp({ ...input, _id: id, _type: input._type }, existing, input, index))
        results.push({ id, operation: existing ? 'update' : 'create' })
        break
      }
      case 'delete': {
        for (const id of await select(overlay, mutation.selection, context, index)) {
          const existed = overlay.get(id) !== undefined
          overlay.set(id, null)
          results.push({ id, operation: existed ? 'delete' : 'none' })
        }
        break
      }
      case 'patch': {
        const ids = await select(overlay, mutation.selection, context, index)
        for (const id of ids) {
          const doc = overlay.get(id)
          if (!doc) {
            throw mutationError(
              409,
              {
                type: 'documentNotFoundError',
                description: `Cannot modify document "${id}": document does not exist`,
                id,
              },
              index,
            )
          }
          overlay.set(id, stamp(applyPatch(doc, mutation.operations, index), doc, null, index))
          results.push({ id, operation: 'update' })
        }
        break
      }
    }
  }
  return { changes: overlay.changes(), results, overlay }
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && value !== '' ? value : fallback
}

const maxQueryDocuments = 10_000

async function select(
  overlay: Overlay,
  selection: Selection,
  context: MutationContext,
  index: number,
): Promise<string[]> {
  if ('id' in selection) return [selection.id]
  const documents = overlay.documents()
  const result = await runQuery(selection.query, {
    view: { documents, byId: new Map(documents.map((doc) => [doc._id, doc])) },
    params: deadlineParams(selection.params ?? {}, context.queryTimeoutMs),
    timeoutMs: context.queryTimeoutMs,
    projectId: context.projectId,
    dataset: context.dataset,
  })
  const matches = (Array.isArray(result) ? result : [result]).filter(
    (value): value is { _id: string } =>
      typeof value === 'object' &&
      value !== null &&
      typeof (value as { _id?: unknown })._id === 'string',
  )
  if (matches.length > maxQueryDocuments) {
    throw mutationError(
      400,
      {
        type: 'tooManyDocumentsError',
        description: `Query matched more than ${maxQueryDocuments} documents`,
      },
      index,
    )
  }
  return [...new Set(matches.map((doc) => doc._id))]
}
