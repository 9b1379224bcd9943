import type { AssetStorage } from './assets/asset-storage.ts'
import { datasetNotFound } from './http/errors.ts'
import type { PooledQueryOptions } from './query-pool/query-pool.ts'
import type { DatasetSnapshot, Store } from './store/store.ts'

/** Everything the route modules share; built once by `createApp`. */
export interface LakeDeps {
  store: Store
  assets: AssetStorage
  projectId: string
  /** Base URL written into asset documents (`url` field). */
  publicUrl: string
  queryTimeoutMs: number
  /** Where GROQ queries of `/data/query` are evaluated; without one, all inline. */
  queryPool?: QueryRunner
}

/** Evaluates a query: the main thread's pool, or a front thread's inline-or-forward runner. */
export interface QueryRunner {
  run(query: string, options: PooledQueryOptions): Promise<unknown>
}

export function requireDataset(
  store: Pick<Store, 'hasDataset' | 'snapshot'>,
  dataset: string,
): DatasetSnapshot {
  if (!store.hasDataset(dataset)) throw datasetNotFound(dataset)
  return store.snapshot(dataset)
}
