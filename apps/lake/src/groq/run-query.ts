import { evaluate } from 'groq-js'
import { lakeError } from '../errors.ts'
import type { SanityDocument } from '../store/store.ts'
import type { DocumentView } from './perspective.ts'
import { parseQuery } from './parse-query.ts'

export interface RunQueryOptions {
  view: DocumentView
  params: Record<string, unknown>
  timeoutMs: number
  projectId: string
  dataset: string
}

class QueryTimeout extends Error {}

/**
 * groq-js runs on microtasks, so a timer can never interrupt it. Instead the dataset handed to it
 * checks the clock while being iterated (every `*` scan and every `->` join passes through here).
 */
class DeadlineDataset extends Array<SanityDocument> {
  static override get [Symbol.species]() {
    return Array
  }

  deadline = 0;

  override *[Symbol.iterator](): ArrayIterator<SanityDocument> {
    for (let index = 0; index < this.length; index++) {
      if ((index & 255) === 0) checkDeadline(this.deadline)
      yield this[index] as SanityDocument
    }
    return undefined
  }
}

function checkDeadline(deadline: number): void {
  if (performance.now() > deadline) throw new QueryTimeout()
}

export async function runQuery(query: string, options: RunQueryOptions): Promise<unknown> {
  const { tree, params: referenced } = parseQuery(query, options.params)
  for (const name of referenced) {
    if (!(name in options.params)) {
      throw lakeError(400, 'queryParseError', `param $${name} referenced, but not provided`, {
        query,
        start: Math.max(0, query.indexOf(`$${name}`)),
        end: Math.max(0, query.indexOf(`$${name}`)) + name.length + 1,
      })
    }
  }
  const dataset = new DeadlineDataset()
  // A loop rather than push(...docs): spreading a large dataset overflows the argument limit.
  for (const doc of options.view.documents) dataset[dataset.length] = doc
  const deadline = performance.now() + options.timeoutMs
  dataset.deadline = deadline
  try {
    const value = await evaluate(tree, {
      dataset,
      params: options.params,
      sanity: { projectId: options.projectId, dataset: options.dataset },
      dereference: ({ _ref }) => {
        checkDeadline(deadline)
        return options.view.byId.get(_ref)
      },
    })
    return await value.get()
  } catch (error) {
    if (error instanceof QueryTimeout) {
      throw lakeError(
        400,
        'queryTimeoutError',
        `Query exceeded the time limit of ${options.timeoutMs}ms`,
      )
    }
    if (error instanceof Error && error.name === 'LakeError') throw error
    const description = error instanceof Error ? error.message : String(error)
    throw lakeError(400, 'queryExecutionError', description, { query })
  }
}
