// @ts-check
/**
 * Next's incremental cache (ISR pages, route handlers and the fetch data cache) in Redis, so several
 * `next start` instances share one cache and one `revalidateTag` reaches them all. next.config sets
 * it as `cacheHandler` only when REDIS_URL is set at build time.
 *
 * Plain JavaScript: Next loads a cacheHandler with Node's own `import()` at run time, it does not
 * compile it. For the same reason it cannot import `src/env.ts` and reads REDIS_URL itself (env.ts
 * validates the same variable at build time, when next.config decides to use this module).
 *
 * Semantics are those of Next 16's FileSystemCache (next/dist/server/lib/incremental-cache):
 * - an entry is `{ lastModified, value, cacheControl }`; a page's tags are its `x-next-cache-tags`
 *   header, a fetch's tags are the ones the caller passes (`ctx.tags` + `ctx.softTags`);
 * - `revalidateTag(tags, durations)` records per tag `stale` (now) and `expired` (now + expire s, or
 *   now without durations). Here those live in two Redis hashes, so every instance sees them;
 * - `get` misses when one of the entry's tags expired after `lastModified` (a blocking re-render),
 *   and copies the tags' timestamps into Next's own in-process tags manifest, where Next's
 *   IncrementalCache reads `stale` to serve stale-while-revalidate.
 *
 * Redis out of reach never fails a request: reads and writes fall back to this instance's memory
 * (bounded), tag revalidations made meanwhile are replayed to Redis once it is back, and the
 * client reconnects by itself.
 */
import { Buffer } from 'node:buffer'
import console from 'node:console'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import process from 'node:process'
import { clearTimeout, setTimeout } from 'node:timers'

import { Redis } from 'ioredis'

const TAGS_HEADER = 'x-next-cache-tags'
const PAGE_KINDS = new Set(['APP_PAGE', 'APP_ROUTE', 'PAGES'])
/** Entries unread for this long leave Redis (run it with `maxmemory-policy volatile-lru`). */
const ENTRY_TTL_SECONDS = 30 * 24 * 60 * 60
const FIRST_CONNECT_WAIT_MS = 2000

/**
 * @typedef {{ stale?: number, expired?: number }} TagManifestEntry
 * @typedef {Map<string, TagManifestEntry>} TagsManifest
 * @typedef {Record<string, unknown> & { kind: string, headers?: Record<string, unknown> }} CacheValue
 * @typedef {{ lastModified: number, value: CacheValue | null, cacheControl?: unknown }} CacheEntry
 * @typedef {{
 *   url?: string | undefined,
 *   prefix?: string,
 *   tagsManifest?: TagsManifest,
 *   maxMemoryBytes?: number,
 *   log?: Pick<Console, 'warn' | 'info'>,
 * }} RedisCacheOptions
 */

/** @returns {TagsManifest} */
const newManifest = () => new Map()

/** Next's in-process tags manifest (shared by its IncrementalCache), or a private one without it. */
async function nextTagsManifest() {
  try {
    const next = /** @type {{ tagsManifest: TagsManifest }} */ (
      await import('next/dist/server/lib/incremental-cache/tags-manifest.external.js')
    )
    return next.tagsManifest
  } catch {
    return newManifest()
  }
}

/**
 * Next's `areTagsExpired`, over a given manifest. "Now" is the wall clock, as the timestamps are:
 * Next's `performance.timeOrigin + performance.now()` can lag it in a long-running process, which
 * would delay an expiry written by another instance.
 */
export function areTagsExpired(
  /** @type {TagsManifest} */ manifest,
  /** @type {string[]} */ tags,
  /** @type {number} */ timestamp,
) {
  const now = Date.now()
  return tags.some((tag) => {
    const expiredAt = manifest.get(tag)?.expired
    return typeof expiredAt === 'number' && expiredAt <= now && expiredAt > timestamp
  })
}

/** JSON that keeps Buffers (RSC payloads, route bodies) and Maps (segment data). */
export function serialize(/** @type {unknown} */ value) {
  return JSON.stringify(
    value,
    /** @this {Record<string, unknown>} @param {string} key @param {unknown} replaced */
    function (key, replaced) {
      const raw = this[key]
      if (Buffer.isBuffer(raw)) return { $buffer: raw.toString('base64') }
      if (raw instanceof Map) return { $map: [...raw] }
      return replaced
    },
  )
}

/** @returns {unknown} */
export function deserialize(/** @type {string} */ text) {
  return JSON.parse(text, (_key, /** @type {unknown} */ value) => {
    if (value && typeof value === 'object') {
      const tagged = /** @type {{ $buffer?: unknown, $map?: unknown }} */ (value)
      if (typeof tagged.$buffer === 'string') return Buffer.from(tagged.$buffer, 'base64')
      if (Array.isArray(tagged.$map)) {
        return new Map(/** @type {Array<[string, unknown]>} */ (tagged.$map))
      }
    }
    return value
  })
}

/** A bounded in-memory copy of the entries, oldest out first: what an instance serves without Redis. */
class MemoryFallback {
  /** @type {Map<string, string>} */
  entries = new Map()
  bytes = 0

  constructor(/** @type {number} */ maxBytes) {
    this.maxBytes = maxBytes
  }

  get(/** @type {string} */ key) {
    return this.entries.get(key)
  }

  set(/** @type {string} */ key, /** @type {string} */ text) {
    this.delete(key)
    if (text.length > this.maxBytes) return
    this.entries.set(key, text)
    this.bytes += text.length
    for (const [oldest, old] of this.entries) {
      if (this.bytes <= this.maxBytes) break
      this.entries.delete(oldest)
      this.bytes -= old.length
    }
  }

  delete(/** @type {string} */ key) {
    const old = this.entries.get(key)
    if (old === undefined) return
    this.entries.delete(key)
    this.bytes -= old.length
  }
}

/** One Redis connection and its fallback state, shared by every handler object of a class. */
class SharedStore {
  /** @type {Array<[string, TagManifestEntry]>} */
  pendingTags = []
  available = true

  constructor(/** @type {Required<RedisCacheOptions>} */ options) {
    this.options = options
    this.memory = new MemoryFallback(options.maxMemoryBytes)
    if (!options.url) {
      this.client = undefined
      this.firstConnect = Promise.resolve()
      return
    }
    const client = new Redis(options.url, {
      // Commands fail at once while disconnected (we fall back), and never hang a request long.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: 1000,
      connectTimeout: 1000,
      retryStrategy: (times) => Math.min(times * 100, 1000),
    })
    this.client = client
    // Do not keep `next build` workers (or tests) alive for the connection's sake.
    client.on('connect', () => {
      const socket = /** @type {{ stream?: { unref?: () => void } }} */ (
        /** @type {unknown} */ (client)
      )
      socket.stream?.unref?.()
    })
    client.on('ready', () => {
      if (!this.available) options.log.info('redis cache: Redis is back, sharing the cache again')
      this.available = true
      void this.flushPendingTags()
    })
    client.on('error', (/** @type {Error} */ error) => {
      this.unavailable(error)
    })
    /** Waits for the first connection attempt, so a fresh instance does not start on its fallback. */
    this.firstConnect = new Promise((resolve) => {
      const timer = setTimeout(resolve, FIRST_CONNECT_WAIT_MS)
      timer.unref()
      const done = () => {
        clearTimeout(timer)
        resolve(undefined)
      }
      client.once('ready', done)
      client.once('error', done)
    })
  }

  unavailable(/** @type {unknown} */ error) {
    if (this.available) {
      const message = error instanceof Error ? error.message : String(error)
      this.options.log.warn(
        `redis cache: Redis unavailable (${message}); serving from this instance's memory`,
      )
    }
    this.available = false
  }

  /**
   * Runs a Redis command; undefined when Redis is out of reach.
   * @template T
   * @param {(client: Redis) => Promise<T>} command
   * @returns {Promise<{ result: T } | undefined>}
   */
  async run(command) {
    await this.firstConnect
    if (!this.client) return undefined
    if (this.client.status !== 'ready') {
      this.unavailable(new Error(`connection ${this.client.status}`))
      return undefined
    }
    try {
      return { result: await command(this.client) }
    } catch (error) {
      this.unavailable(error)
      return undefined
    }
  }

  async flushPendingTags() {
    const pending = this.pendingTags.splice(0)
    if (pending.length === 0) return
    const written = await this.run((client) => writeTags(client, this.options.prefix, pending))
    if (!written) this.pendingTags.unshift(...pending)
  }
}

function writeTags(
  /** @type {Redis} */ client,
  /** @type {string} */ prefix,
  /** @type {Array<[string, TagManifestEntry]>} */ updates,
) {
  const transaction = client.multi()
  for (const [tag, entry] of updates) {
    if (entry.stale !== undefined) transaction.hset(`${prefix}tags:stale`, tag, entry.stale)
    if (entry.expired !== undefined) transaction.hset(`${prefix}tags:expired`, tag, entry.expired)
  }
  return transaction.exec()
}

function readBuildId(/** @type {string | undefined} */ serverDistDir) {
  if (!serverDistDir) return 'unknown'
  try {
    return readFileSync(path.join(serverDistDir, '..', 'BUILD_ID'), 'utf8').trim()
  } catch {
    return 'development'
  }
}

/**
 * A cache handler class with its own Redis connection (none without a URL: memory only). Next
 * uses the default export (one connection per process, from REDIS_URL); the tests make two
 * classes, as two instances would have.
 * @param {RedisCacheOptions} [options]
 */
export function createRedisCacheHandler(options = {}) {
  /** @type {SharedStore | undefined} */
  let store
  /** @type {Promise<TagsManifest> | undefined} */
  let manifestPromise
  const buildIds = new Map()

  const shared = () => {
    if (!store) {
      store = new SharedStore({
        url: options.url ?? '',
        prefix: options.prefix ?? 'next:',
        tagsManifest: options.tagsManifest ?? newManifest(),
        maxMemoryBytes: options.maxMemoryBytes ?? 64 * 1024 * 1024,
        log: options.log ?? console,
      })
    }
    return store
  }
  const tagsManifest = () =>
    (manifestPromise ??= options.tagsManifest
      ? Promise.resolve(options.tagsManifest)
      : nextTagsManifest())

  return class RedisCacheHandler {
    /** @param {{ serverDistDir?: string, revalidatedTags?: string[] }} ctx */
    constructor(ctx) {
      this.revalidatedTags = ctx.revalidatedTags ?? []
      const dir = ctx.serverDistDir
      if (!buildIds.has(dir)) buildIds.set(dir, readBuildId(dir))
      // Pages of one build never reach another build's instances; tags are shared by all.
      this.entryPrefix = `${shared().options.prefix}${buildIds.get(dir)}:entry:`
    }

    /** Closes the connection (tests, graceful shutdowns); the next use opens a new one. */
    static disconnect() {
      store?.client?.disconnect()
      store = undefined
    }

    /**
     * @param {string} key
     * @param {{ kind: string, tags?: string[], softTags?: string[] }} ctx
     * @returns {Promise<CacheEntry | null>}
     */
    async get(key, ctx) {
      const { memory, options } = shared()
      const manifest = await tagsManifest()
      const redisKey = this.entryPrefix + key
      const read = await shared().run((client) => client.get(redisKey))
      /** @type {string | undefined} */
      const text = read ? (read.result ?? undefined) : memory.get(redisKey)
      if (text === undefined) return null
      if (read) memory.set(redisKey, text)

      const entry = /** @type {CacheEntry} */ (deserialize(text))
      const value = entry.value
      /** @type {string[]} */
      let tags = []
      if (value && PAGE_KINDS.has(value.kind)) {
        const header = value.headers?.[TAGS_HEADER]
        tags = typeof header === 'string' ? header.split(',') : []
      } else if (value?.kind === 'FETCH') {
        tags = ctx.kind === 'FETCH' ? [...(ctx.tags ?? []), ...(ctx.softTags ?? [])] : []
        // Only set in minimal mode; kept for parity with FileSystemCache.
        if (tags.some((tag) => this.revalidatedTags.includes(tag))) return null
      }
      if (tags.length > 0 && read) await syncTags(shared(), manifest, options.prefix, tags)
      if (tags.length > 0 && areTagsExpired(manifest, tags, entry.lastModified)) return null
      return { lastModified: entry.lastModified, value, cacheControl: entry.cacheControl }
    }

    /**
     * @param {string} key
     * @param {CacheValue | null} data
     * @param {{ fetchCache?: boolean, cacheControl?: unknown, tags?: string[] }} ctx
     */
    async set(key, data, ctx) {
      const { memory } = shared()
      const redisKey = this.entryPrefix + key
      const text = serialize({
        lastModified: Date.now(),
        value: data?.kind === 'FETCH' ? { ...data, tags: ctx.tags ?? [] } : data,
        cacheControl: ctx.fetchCache ? undefined : ctx.cacheControl,
      })
      memory.set(redisKey, text)
      await shared().run((client) => client.set(redisKey, text, 'EX', ENTRY_TTL_SECONDS))
    }

    /**
     * @param {string | string[]} tags
     * @param {{ expire?: number }} [durations]
     */
    async revalidateTag(tags, durations) {
      const list = typeof tags === 'string' ? [tags] : tags
      if (list.length === 0) return
      const { options } = shared()
      const manifest = await tagsManifest()
      const now = Date.now()
      /** @type {Array<[string, TagManifestEntry]>} */
      const updates = list.map((tag) => {
        /** @type {TagManifestEntry} */
        const update = durations
          ? {
              stale: now,
              ...(durations.expire === undefined ? {} : { expired: now + durations.expire * 1000 }),
            }
          : { expired: now }
        manifest.set(tag, { ...manifest.get(tag), ...update })
        return [tag, update]
      })
      const written = await shared().run((client) => writeTags(client, options.prefix, updates))
      if (!written) shared().pendingTags.push(...updates)
    }

    resetRequestCache() {}
  }
}

/** Copies the tags' Redis timestamps into the in-process manifest, which Next's own checks read. */
async function syncTags(
  /** @type {SharedStore} */ store,
  /** @type {TagsManifest} */ manifest,
  /** @type {string} */ prefix,
  /** @type {string[]} */ tags,
) {
  const read = await store.run((client) =>
    Promise.all([
      client.hmget(`${prefix}tags:stale`, ...tags),
      client.hmget(`${prefix}tags:expired`, ...tags),
    ]),
  )
  if (!read) return
  const [stale, expired] = read.result
  tags.forEach((tag, index) => {
    const staleAt = stale[index]
    const expiredAt = expired[index]
    if (staleAt == null && expiredAt == null) return
    const entry = { ...manifest.get(tag) }
    if (staleAt != null) entry.stale = Number(staleAt)
    if (expiredAt != null) entry.expired = Number(expiredAt)
    manifest.set(tag, entry)
  })
}

// Next constructs the handler per request; the class keeps one connection for the process.
// eslint-disable-next-line no-restricted-properties -- Next imports this file at run time, uncompiled: it cannot import src/env.ts (which validates REDIS_URL at build time)
const url = process.env.REDIS_URL

export default createRedisCacheHandler({ url })
