// The types of redis-cache-handler.mjs for the TypeScript program (which has no allowJs);
// `tsconfig.json` here type-checks the module itself against its JSDoc.
export interface TagManifestEntry {
  stale?: number
  expired?: number
}
export type TagsManifest = Map<string, TagManifestEntry>

export interface CacheEntry {
  lastModified: number
  value: any // eslint-disable-line @typescript-eslint/no-explicit-any -- Next's IncrementalCacheValue
  cacheControl?: unknown
}

export interface RedisCacheOptions {
  url?: string | undefined
  prefix?: string
  tagsManifest?: TagsManifest
  maxMemoryBytes?: number
  log?: Pick<Console, 'warn' | 'info'>
}

export interface RedisCacheHandler {
  get(
    key: string,
    ctx: { kind: string; tags?: string[]; softTags?: string[] },
  ): Promise<CacheEntry | null>
  set(
    key: string,
    data: unknown,
    ctx: { fetchCache?: boolean; cacheControl?: unknown; tags?: string[] },
  ): Promise<void>
  revalidateTag(tags: string | string[], durations?: { expire?: number }): Promise<void>
  resetRequestCache(): void
}

export interface RedisCacheHandlerClass {
  new (ctx: { serverDistDir?: string; revalidatedTags?: string[] }): RedisCacheHandler
  disconnect(): void
}

export function createRedisCacheHandler(options?: RedisCacheOptions): RedisCacheHandlerClass
export function areTagsExpired(manifest: TagsManifest, tags: string[], timestamp: number): boolean
export function serialize(value: unknown): string
export function deserialize(text: string): unknown

declare const RedisCacheHandlerDefault: RedisCacheHandlerClass
export default RedisCacheHandlerDefault
