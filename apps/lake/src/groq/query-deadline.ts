import vm from 'node:vm'

/** Thrown when a query's time limit has passed; run-query.ts answers it with `queryTimeoutError`. */
export class QueryTimeout extends Error {
  constructor() {
    super('query time limit exceeded')
    this.name = 'QueryTimeout'
  }
}

let context: vm.Context | undefined
let script: vm.Script | undefined
let current: (() => unknown) | undefined

/**
 * Runs `work` synchronously and stops it once `deadline` (a `performance.now()` time) has passed,
 * wherever it is: node:vm's watchdog terminates whatever JavaScript the isolate is running when the
 * timeout fires, functions of this realm called from the context included. groq-js's loops over
 * arrays it builds itself (a literal in the query text, `array::intersects` of two scans) never
 * pass through a clock the lake could check, so this is the only way to bound them.
 *
 * Terminated work runs no `finally` and no `catch`: whatever it was building is abandoned midway,
 * so anything shared it builds lazily (the document index's tables) is assigned in one step once
 * complete.
 *
 * Costs a watchdog thread per call (0.25–1 ms on a busy 2-core machine), so query-cost.ts keeps it
 * to queries that need it.
 */
export function withHardDeadline<T>(work: () => T, deadline: number): T {
  context ??= vm.createContext({ run: runCurrent })
  script ??= new vm.Script('run()', { filename: 'lake-query-deadline' })
  const timeout = Math.max(1, Math.ceil(deadline - performance.now()))
  const outer = current
  current = work
  try {
    return script.runInContext(context, { timeout }) as T
  } catch (error) {
    if (isExecutionTimeout(error)) throw new QueryTimeout()
    throw error
  } finally {
    current = outer
  }
}

function runCurrent(): unknown {
  return current?.()
}

/** Not `instanceof Error`: node:vm creates it in the context's realm. */
function isExecutionTimeout(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { code?: unknown }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT'
  )
}
