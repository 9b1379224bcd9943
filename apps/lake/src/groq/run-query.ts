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
  /** What is left of `timeoutMs` when evaluation starts (a query that waited for a worker); default all. */
  remainingMs?: number
  /**
   * Run what query-cost.ts finds unbounded by the clock checks under node:vm's watchdog (default).
   * A query worker needs none: the pool terminates the whole worker at the limit.
   */
  watchdog?: boolean
  /**
   * Try the query on this thread for about this long: once the clock checks find it past, or
   * when only groq-js's async evaluator can run it, throw `NeedsWorker` (the pool then hands it to
   * a worker thread). For queries the clock checks bound (see query-cost.ts) only; a check never
   * interrupts the index's lazily built tables, which stay for the next query.
   */
  inlineBudgetMs?: number
}

/** The query was not finished within its inline budget; nothing of it is left running. */
export class NeedsWorker extends Error {
  /** Only groq-js's async evaluator can run it: no try on this thread will do. */
  readonly async: boolean

  constructor(async = false) {
    super('query needs a worker')
    this.name = 'NeedsWorker'
    this.async = async
  }
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
  const deadline = performance.now() + (options.remainingMs ?? options.timeoutMs)
  const budget = options.inlineBudgetMs
  // Where the clock checks stop this evaluation: the limit, or the end of an inline try.
  const stopAt = budget === undefined ? deadline : Math.min(deadline, performance.now() + budget)
  const datasetOf = (documents: readonly SanityDocument[]) => {
    const dataset = new DeadlineDataset()
    // A loop rather than push(...docs): spreading a large dataset overflows the argument limit.
    for (const doc of documents) dataset[dataset.length] = doc
    dataset.deadline = stopAt
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
  const hard = options.optimize !== false && options.watchdog !== false && needsHardDeadline(tree)
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
      checkDeadline(stopAt)
      // Typed as one document, but groq-js takes any value: candidates and booleans pass through.
      return dereference(_ref) as SanityDocument | undefined
    },
  }
  try {
    if (options.optimize === false) return await (await evaluate(tree, evaluateOptions)).get()
    return await evaluateFast(narrowed?.tree ?? tree, evaluateOptions, {
      watchdogUntil: hard ? stopAt : undefined,
      inlineOnly: budget !== undefined,
    })
  } catch (error) {
    // Stopped at the end of its try, not at the query's limit.
    if (error instanceof QueryTimeout && budget !== undefined && performance.now() < deadline) {
      throw new NeedsWorker()
    }
    if (error instanceof NeedsWorker) throw error
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
 * per node), and only a synchronous evaluation can be stopped wherever it is: with
 * `watchdogUntil`, for queries whose work the clock checks cannot bound (see query-cost.ts). Not
 * every construct supports it (streams, `delta::`/`diff::` functions): those throw before any
 * result exists, and the query runs again asynchronously — unless it was only tried inline
 * (`inlineOnly`): a worker then runs it, where it can be stopped.
 */
async function evaluateFast(
  tree: ExprNode,
  options: EvaluateOptions,
  how: { watchdogUntil: number | undefined; inlineOnly: boolean },
): Promise<unknown> {
  try {
    const run = () => evaluateSync(tree, options).data
    return how.watchdogUntil === undefined ? run() : withHardDeadline(run, how.watchdogUntil)
  } catch (error) {
    if (!(error instanceof Error) || !syncUnsupported.test(error.message)) throw error
    if (how.inlineOnly) throw new NeedsWorker(true)
  }
  const value = await evaluate(tree, options)
  return value.get()
}

const syncUnsupported = /not supported|synchronous mode|evaluateSync|evaluteSync/
