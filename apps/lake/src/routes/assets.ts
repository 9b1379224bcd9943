import { Hono } from 'hono'
import type { Context } from 'hono'
import type { LakeEnv } from '../http/lake-env.ts'
import { requireToken } from '../http/auth.ts'
import type { AssetMeta } from '../assets/stored-original.ts'
import { prepareFileAsset } from '../assets/file-asset.ts'
import { prepareImageAsset } from '../assets/image-asset.ts'
import { saveAsset } from '../assets/save-asset.ts'
import type { LakeDeps } from '../deps.ts'
import { requireDataset } from '../deps.ts'
import { httpError } from '../http/errors.ts'
import { limitBody } from '../http/read-body.ts'

export const maxUploadBytes = 50 * 1024 * 1024

function metaFromRequest(c: Context): AssetMeta {
  const query = (name: string) => c.req.query(name) || undefined
  const sourceId = query('sourceId')
  const sourceName = query('sourceName')
  return {
    filename: query('filename'),
    mimeType: c.req.header('content-type')?.split(';')[0]?.trim() || undefined,
    label: query('label'),
    title: query('title'),
    description: query('description'),
    creditLine: query('creditLine'),
    source:
      sourceId && sourceName
        ? { id: sourceId, name: sourceName, url: query('sourceUrl') }
        : undefined,
  }
}

/** `POST /v<version>/assets/{images,files}/:dataset` with the raw bytes as the body. */
export function assetRoutes(deps: LakeDeps): Hono<LakeEnv> {
  const app = new Hono<LakeEnv>()
  const prepare = { images: prepareImageAsset, files: prepareFileAsset }

  for (const kind of ['images', 'files'] as const) {
    app.post(`/${kind}/:dataset`, limitBody(maxUploadBytes), async (c) => {
      const dataset = c.req.param('dataset')
      requireDataset(deps.store, dataset)
      requireToken(c, 'Unauthorized - a write token is required to upload assets')
      if (c.var.role !== 'write')
        throw httpError(403, 'Insufficient permissions; permission "create" required')
      const bytes = Buffer.from(await c.req.arrayBuffer())
      const asset = await prepare[kind](deps, dataset, bytes, metaFromRequest(c))
      const document = await saveAsset(deps, dataset, asset, 'write-token')
      return c.json({ document })
    })
  }
  return app
}
