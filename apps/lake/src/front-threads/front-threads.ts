import { once } from 'node:events'
import { createServer } from 'node:net'
import { Worker } from 'node:worker_threads'
import type { FromFront, FrontCounts, FrontThreadData, ToFront } from './messages.ts'

export interface FrontThreads {
  /** What each front thread answered and forwarded so far (tests read them). */
  counts(): Promise<FrontCounts[]>
  close(): Promise<void>
}

/**
 * Node parses HTTP, routes and serializes JSON on one thread: with GROQ on workers, that thread
 * still capped the lake's throughput under many clients (README, "Front threads"). So `count`
 * worker threads listen on the main port too (SO_REUSEPORT: the kernel spreads new connections
 * over every listening socket) and answer the GROQ queries that reach them by GET from their own
 * copy; the rest they forward to the main thread, which keeps the only writer, the listeners,
 * the webhooks and the query pool. A front thread that dies is replaced.
 */
export async function startFrontThreads(
  count: number,
  data: FrontThreadData,
  log: (message: string) => void,
): Promise<FrontThreads> {
  let closing = false
  const threads: Worker[] = []

  const spawn = async (): Promise<Worker> => {
    const worker = new Worker(new URL('./front-thread.ts', import.meta.url), { workerData: data })
    const listening = new Promise<void>((resolve, reject) => {
      worker.on('message', (message: FromFront) => {
        if (message.type === 'listening') resolve()
      })
      worker.once('error', reject)
      worker.once('exit', (code) => {
        reject(new Error(`front thread exited with code ${code} before listening`))
      })
    })
    worker.on('exit', (code) => {
      const position = threads.indexOf(worker)
      if (closing || position === -1) return
      threads.splice(position, 1)
      log(`lake: a front thread exited (code ${code}); starting another`)
      spawn().then(
        (replacement) => threads.push(replacement),
        (error: unknown) => {
          log(`lake: no front thread replaced: ${String(error)}`)
        },
      )
    })
    worker.on('error', (error) => {
      log(`lake: front thread failed: ${error.stack ?? error.message}`)
    })
    await listening
    return worker
  }

  threads.push(...(await Promise.all(Array.from({ length: count }, spawn))))

  const ask = (worker: Worker, message: ToFront, answer: FromFront['type']) =>
    new Promise<FromFront>((resolve) => {
      const onMessage = (reply: FromFront) => {
        if (reply.type !== answer) return
        worker.off('message', onMessage)
        resolve(reply)
      }
      worker.on('message', onMessage)
      worker.postMessage(message)
    })

  return {
    counts: async () => {
      const replies = await Promise.all(
        threads.map((worker) => ask(worker, { type: 'counts' }, 'counts')),
      )
      return replies.flatMap((reply) => (reply.type === 'counts' ? [reply.counts] : []))
    },
    close: async () => {
      closing = true
      await Promise.all(
        threads.map(async (worker) => {
          // One that is already gone has nothing to close.
          await Promise.race([ask(worker, { type: 'close' }, 'closed'), once(worker, 'exit')])
          await worker.terminate()
        }),
      )
    },
  }
}

/**
 * Binds `port` exclusively once before the lake listens with SO_REUSEPORT: with it alone, a second
 * lake started on a port in use would silently share the connections instead of failing.
 * Returns the port (a free one for 0).
 */
export async function claimPort(host: string, port: number): Promise<number> {
  const probe = createServer()
  probe.listen({ host, port, exclusive: true })
  await once(probe, 'listening')
  const address = probe.address()
  probe.close()
  await once(probe, 'close')
  if (address === null || typeof address === 'string') throw new Error('no TCP address')
  return address.port
}
