import type { Tokens } from '../http/tokens.ts'

/** What a front thread is started with (its `workerData`). */
export interface FrontThreadData {
  host: string
  /** The main port, which the front thread listens on too (SO_REUSEPORT). */
  port: number
  /** The main thread's private socket, where requests the front thread does not answer go. */
  mainSocket: string
  databaseFile: string
  accountsFile: string
  datasets: string[]
  tokens: Tokens
  hostNames: string[]
  corsOrigins: string[]
  projectId: string
  queryTimeoutMs: number
}

export type ToFront = { type: 'counts' } | { type: 'close' }

export type FromFront =
  | { type: 'listening' }
  | { type: 'counts'; counts: FrontCounts }
  | { type: 'closed' }

/** Queries answered by the front thread itself, and requests it handed to the main thread. */
export interface FrontCounts {
  inline: number
  forwardedQueries: number
  forwardedRequests: number
}
