import { jsonText } from './json-values.ts'
import { Random } from './random.ts'

/**
 * The run's seed: fixed, so CI is reproducible, unless LAKE_FUZZ_SEED asks for another (a failure
 * message names the seed and the input's index, which is all a rerun needs).
 */
export function fuzzSeed(fromEnv: string | undefined): number {
  const seed = Number(fromEnv ?? 20_251_129)
  if (!Number.isInteger(seed)) throw new Error(`LAKE_FUZZ_SEED must be an integer, got ${fromEnv}`)
  return seed
}

export interface FuzzOptions<T> {
  name: string
  seed: number
  count: number
  generate: (r: Random) => T
  /** Sends one input and throws if the answer breaks a promise. */
  check: (input: T) => Promise<void>
  /** Inputs in flight at once; above 1 the run also exercises concurrent requests. */
  concurrency?: number
  /** Resident memory may grow by at most this much over the run (after warming up). */
  maxRssGrowthBytes?: number
  /** One input may take at most this long, blocked event loop included: a hang is a failure. */
  maxMsPerInput?: number
}

export interface FuzzReport {
  count: number
  rssGrowthBytes: number
}

const warmUp = 200
/** Resident memory is read every this many inputs: reading it costs ~0.1 ms on a loaded machine. */
const rssEvery = 16

/** Runs `count` generated inputs through `check`; the first failure stops the run with a recipe. */
export async function fuzz<T>(options: FuzzOptions<T>): Promise<FuzzReport> {
  const { name, seed, count, concurrency = 1 } = options
  const { maxRssGrowthBytes = 512 * 1024 * 1024, maxMsPerInput = 5000 } = options
  let baseline = Infinity
  let peak = 0
  let next = 0
  const worker = async () => {
    while (next < count) {
      const index = next++
      const input = options.generate(Random.forCase(seed, index))
      const started = performance.now()
      try {
        await withTimeout(options.check(input), maxMsPerInput)
        const ms = performance.now() - started
        if (ms > maxMsPerInput) throw new Error(`took ${Math.round(ms)} ms`)
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error)
        throw new Error(
          `fuzz "${name}" failed on input #${index} (LAKE_FUZZ_SEED=${seed}): ${reason}\ninput: ${preview(input)}`,
          { cause: error },
        )
      }
      if (index === warmUp || index % rssEvery === 0) {
        const rss = process.memoryUsage.rss()
        if (index === warmUp) baseline = rss
        peak = Math.max(peak, rss)
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  const rssGrowthBytes = Math.max(0, peak - (baseline === Infinity ? peak : baseline))
  if (rssGrowthBytes > maxRssGrowthBytes) {
    throw new Error(
      `fuzz "${name}": resident memory grew by ${mb(rssGrowthBytes)} (limit ${mb(maxRssGrowthBytes)}), seed ${seed}`,
    )
  }
  return { count, rssGrowthBytes }
}

async function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`no answer within ${ms} ms`))
    }, ms)
  })
  try {
    await Promise.race([work, timeout])
  } finally {
    clearTimeout(timer)
  }
}

function mb(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MB`
}

/** The input as it can be pasted into a rerun, shortened in the middle when it is huge. */
export function preview(input: unknown, max = 2000): string {
  const text =
    input instanceof Uint8Array
      ? `<${input.length} bytes: ${Buffer.from(input.subarray(0, 64)).toString('hex')}…>`
      : jsonText(input)
  if (text.length <= max) return text
  return `${text.slice(0, max / 2)} …(${text.length - max} more characters)… ${text.slice(-max / 2)}`
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The message of an error body in either of Sanity's shapes, or undefined if it is neither. */
export function sanityErrorMessage(body: unknown, status: number): string | undefined {
  if (!isRecord(body)) return undefined
  // Boom style, for HTTP-level failures: {statusCode, error, message}.
  if (body.statusCode === status && typeof body.error === 'string') {
    return typeof body.message === 'string' && body.message !== '' ? body.message : undefined
  }
  // Content Lake style, for query and mutation failures: {error: {type, description}}.
  const error = body.error
  if (isRecord(error) && typeof error.type === 'string' && typeof error.description === 'string') {
    return error.description !== '' ? error.description : undefined
  }
  return undefined
}

/**
 * The promise every fuzzed request must keep: a 2xx–4xx answer (never a 5xx), an error in Sanity's
 * JSON shape with a message, and a JSON body that parses whenever one is announced. Streams (the
 * listener, exports) are cancelled rather than read to the end.
 */
export async function expectSanityAnswer(response: Response): Promise<void> {
  const { status } = response
  const type = response.headers.get('content-type') ?? ''
  if (status < 200 || status >= 500) {
    const body = await response.text().catch(() => '')
    throw new Error(`answered ${status}: ${body.slice(0, 500)}`)
  }
  if (status >= 400) {
    if (!type.startsWith('application/json')) throw new Error(`answered ${status} as "${type}"`)
    const text = await response.text()
    if (sanityErrorMessage(JSON.parse(text), status) === undefined) {
      throw new Error(`answered ${status} without a Sanity error body: ${text.slice(0, 500)}`)
    }
    return
  }
  if (type.startsWith('application/json')) {
    JSON.parse(await response.text())
    return
  }
  await response.body?.cancel()
}

export interface AnswerFuzzOptions<T> extends Omit<FuzzOptions<T>, 'check'> {
  /** Sends one input; undefined when there is no answer to check (the client refused to send it). */
  send: (input: T) => Promise<Response | undefined>
  /** Inputs whose answers carry no body to check (HEAD): only their status is. */
  bodiless?: (input: T) => boolean
}

/**
 * The loop every HTTP fuzz test runs: `count` generated inputs sent, every answer a 2xx–4xx in
 * Sanity's error shape (see expectSanityAnswer); redirects, and answers to `bodiless` inputs, are
 * checked by status only. Throws on the first broken promise, or if not every input ran.
 */
export async function expectEveryAnswerShaped<T>(
  options: AnswerFuzzOptions<T>,
): Promise<FuzzReport> {
  const { send, bodiless, ...rest } = options
  const report = await fuzz({
    ...rest,
    check: async (input) => {
      const response = await send(input)
      if (!response) return
      const redirect = response.status >= 300 && response.status < 400
      if ((redirect || bodiless?.(input)) && response.status < 500) {
        await response.body?.cancel()
        return
      }
      await expectSanityAnswer(response)
    },
  })
  if (report.count !== options.count) {
    throw new Error(`fuzz "${options.name}" ran ${report.count} of ${options.count} inputs`)
  }
  return report
}
