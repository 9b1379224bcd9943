import { evaluate, evaluateSync } from 'groq-js'
import type { EvaluateOptions, ExprNode } from 'groq-js'
import { lakeError } from '../http/errors.ts'
import type { SanityDocument } from '../store/store.ts'
import { documentIndexOf } from './narrowing/document-index.ts'
import { narrowQuery } from './narrowing/narrow-query.ts'
import { everyKey } from './narrowing/read-keys.ts'
import type { DocumentView } from './perspective.ts'
import { parseQuery } from './parse-query.ts'
import { needsHardDeadline } from './query-cost.ts'
import { QueryTimeout, withHardDeadline } from './query-deadline.ts'

export interface RunQueryOptions {
  view: DocumentView
  params: Record<string, unknown>
  timeoutMs: number
  projectId: string
  dataset: string
  /**
   * Narrow `*[…]` scans with the document index and evaluate synchronously (default). Off: plain
   * groq-js over every document, the reference the narrowing tests compare against.
   */
  optimize?: boolean
  /**
   * Filled with the read keys of what the result was computed from (see read-keys.ts): the
   * Live Content API's sync tags of this result.
   */
  readKeys?: Set<string>
}

/**
 * The synchronous evaluation (nearly every query) is stopped at its deadline by query-deadline.ts.
 * groq-js's async evaluator, the fallback for what the sync one cannot do, runs on microtasks that
 * no timer can interrupt: for it the dataset handed to groq-js checks the clock while being iterated
 * (every `*` scan and every `->` join passes through here), as do param arrays (deadline-params.ts).
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
  const deadline = performance.now() + options.timeoutMs
  const datasetOf = (documents: readonly SanityDocument[]) => {
    const dataset = new DeadlineDataset()
    // A loop rather than push(...docs): spreading a large dataset overflows the argument limit.
    for (const doc of documents) dataset[dataset.length] = doc
    dataset.deadline = deadline
    return dataset
  }
  let everything: DeadlineDataset | undefined
  const allDocuments = () => (everything ??= datasetOf(options.view.documents))

  const narrowed = options.optimize === false ? undefined : narrowIfShallow(tree)
  const index = narrowed && documentIndexOf(options.view)
  const { readKeys } = options
  const read = readKeys && ((key: string) => void readKeys.add(key))
  // groq-js reads the whole dataset: any write may change the result.
  if (read && (!narrowed || narrowed.scansEverything)) read(everyKey)
  // Run under the watchdog (query-deadline.ts), which may stop it anywhere.
  const hard = options.optimize !== false && needsHardDeadline(tree)
  // One lookup per token and evaluation: `*[references(^._id)]` repeats for every outer document.
  const candidates = new Map<string, DeadlineDataset>()
  const evaluateSubtree = (subtree: ExprNode, root?: unknown): unknown => {
    try {
      return evaluateSync(subtree, { ...evaluateOptions, root }).data
    } catch (error) {
      if (error instanceof Error && syncUnsupported.test(error.message)) return undefined
      throw error
    }
  }
  const dereference = (ref: string): unknown => {
    const known = candidates.get(ref)
    if (known) return known
    const answer =
      index &&
      narrowed.answer(ref, { index, params: options.params, evaluate: evaluateSubtree, read })
    if (answer === undefined) return options.view.byId.get(ref)
    if (answer === 'all') return allDocuments()
    if (typeof answer === 'boolean') return answer
    let dataset = candidates.get(ref)
    if (!dataset) {
      dataset = datasetOf(answer)
      candidates.set(ref, dataset)
    }
    return dataset
  }
  const evaluateOptions: EvaluateOptions = {
    // Without a `*` left to scan, groq-js never reads the dataset: skip copying it.
    dataset: narrowed && !narrowed.scansEverything ? datasetOf([]) : allDocuments(),
    params: options.params,
    sanity: { projectId: options.projectId, dataset: options.dataset },
    dereference: ({ _ref }) => {
      checkDeadline(deadline)
      // Typed as one document, but groq-js takes any value: candidates and booleans pass through.
      return dereference(_ref) as SanityDocument | undefined
    },
  }
  try {
    if (options.optimize === false) return await (await evaluate(tree, evaluateOptions)).get()
    return await evaluateFast(narrowed?.tree ?? tree, evaluateOptions, hard ? deadline : undefined)
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

/** A tree too deep for the narrowing's recursive walk runs plainly; groq-js then reports it as a 400. */
function narrowIfShallow(tree: ExprNode): ReturnType<typeof narrowQuery> | undefined {
  try {
    return narrowQuery(tree)
  } catch (error) {
    if (error instanceof RangeError) return undefined
    throw error
  }
}

/**
 * groq-js evaluates synchronously several times faster than with its async evaluator (no promise
 * per node), and only a synchronous evaluation can be stopped wherever it is at the deadline: with
 * `hardDeadline`, for queries whose work the clock checks cannot bound (see query-cost.ts). Not
 * every construct supports it (streams, `delta::`/`diff::` functions): those throw before any
 * result exists, and the query runs again asynchronously.
 */
async function evaluateFast(
  tree: ExprNode,
  options: EvaluateOptions,
  hardDeadline: number | undefined,
): Promise<unknown> {
  try {
    const run = () => evaluateSync(tree, options).data
    return hardDeadline === undefined ? run() : withHardDeadline(run, hardDeadline)
  } catch (error) {
    if (!(error instanceof Error) || !syncUnsupported.test(error.message)) throw error
  }
  const value = await evaluate(tree, options)
  return value.get()
}

const syncUnsupported = /not supported|synchronous mode|evaluateSync|evaluteSync/
