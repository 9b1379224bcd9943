import { createHash } from 'node:crypto'
import path from 'node:path'
import { Hono } from 'hono'
import type { Context } from 'hono'
import type { LakeEnv } from '../http/lake-env.ts'
import type { LakeDeps } from '../deps.ts'
import { httpError } from '../http/errors.ts'
import { extensionOf, mimeTypeOf, renderImage } from '../images/render-image.ts'
import {
  canonicalParams,
  negotiateFormat,
  parseTransformParams,
} from '../images/transform-params.ts'
import { TransformSlots } from '../images/transform-slots.ts'
import { VariantCache } from '../images/variant-cache.ts'

const imageName = /^([a-f0-9]{40})-(\d+)x(\d+)\.([a-z0-9]+)$/

const originalMimeTypes: Record<string, string> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
  tif: 'image/tiff',
  svg: 'image/svg+xml',
}

/** Headers shared by originals and variants: content-addressed, so cacheable forever. */
export function immutableHeaders(c: Context, etag: string, contentType: string): void {
  c.header('Cache-Control', 'public, max-age=31536000, immutable')
  c.header('ETag', etag)
  c.header('Content-Type', contentType)
  c.header('X-Content-Type-Options', 'nosniff')
  // Uploaded SVGs could carry script; never let them run in the lake's origin.
  c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox")
  const download = c.req.query('dl')
  if (download !== undefined) {
    const filename = download.replace(/[^\w.-]+/g, '_') || 'download'
    c.header('Content-Disposition', `attachment; filename="${filename}"`)
  }
}

export function notModified(c: Context, etag: string): boolean {
  return (
    c.req
      .header('if-none-match')
      ?.split(',')
      .some((tag) => tag.trim() === etag) ?? false
  )
}

export interface ImageRouteOptions {
  /** Disk space the rendered variants may take (LAKE_IMAGE_CACHE_MB); 0 keeps none. */
  cacheBytes: number
}

/** Transforms rendering at once (each may use every core through libvips's own threads). */
export const runningTransforms = 2
/** Transforms waiting for a slot; past that the lake answers 503. */
export const waitingTransforms = 16

/** `GET /images/:projectId/:dataset/<sha1>-<W>x<H>.<ext>[/<seo-name>]`, the image CDN. */
export function imageRoutes(deps: LakeDeps, options: ImageRouteOptions): Hono<LakeEnv> {
  const app = new Hono<LakeEnv>()
  const cache = new VariantCache(path.join(deps.assets.root, 'cache', 'images'), options.cacheBytes)
  const slots = new TransformSlots(runningTransforms, waitingTransforms)
  // Concurrent requests for the same uncached variant share one render.
  const rendering = new Map<string, Promise<Buffer>>()

  const handler = async (c: Context<LakeEnv>) => {
    const { projectId = '', dataset = '', file = '' } = c.req.param()
    const match = imageName.exec(file)
    if (projectId !== deps.projectId || !match || !deps.store.hasDataset(dataset))
      throw httpError(404, 'Image not found')
    const [, sha1 = '', width, height, extension = ''] = match
    const asset = deps.store.snapshot(dataset).get(`image-${sha1}-${width}x${height}-${extension}`)
    const originalPath = deps.assets.originalPath('images', projectId, dataset, file)
    if (!asset || !(await deps.assets.exists(originalPath))) throw httpError(404, 'Image not found')

    const params = parseTransformParams(new URL(c.req.url).searchParams)
    if (!params) {
      const etag = `"${sha1}"`
      immutableHeaders(c, etag, originalMimeTypes[extension] ?? 'application/octet-stream')
      if (notModified(c, etag)) return c.body(null, 304)
      return c.body(new Uint8Array(await deps.assets.read(originalPath)))
    }

    const format = negotiateFormat(params, c.req.header('accept'), extension)
    const key = createHash('sha1')
      .update(`${file}\n${canonicalParams(params)}\n${format}`)
      .digest('hex')
    const etag = `"${key}"`
    // Set on success only: an error must not be cached as immutable.
    const variantHeaders = () => {
      if (params.autoFormat) c.header('Vary', 'Accept')
      immutableHeaders(c, etag, mimeTypeOf(format))
    }
    if (notModified(c, etag)) {
      variantHeaders()
      return c.body(null, 304)
    }

    const name = `${key}.${extensionOf(format)}`
    let output = await cache.read(name)
    if (!output) {
      let pending = rendering.get(name)
      if (!pending) {
        const rendered = slots.tryRun(async () =>
          renderImage(await deps.assets.read(originalPath), params, format),
        )
        if (!rendered) {
          const { body, status } = httpError(
            503,
            'Too many image transformations in progress; try again shortly',
          )
          return c.json(body, status, { 'Retry-After': '1' })
        }
        pending = rendered
          .then(async (bytes) => {
            await cache.write(name, bytes)
            return bytes
          })
          .finally(() => rendering.delete(name))
        rendering.set(name, pending)
      }
      output = await pending
    }
    variantHeaders()
    return c.body(new Uint8Array(output))
  }

  app.get('/:projectId/:dataset/:file', handler)
  app.get('/:projectId/:dataset/:file/:seoName', handler)
  return app
}
