import { Hono } from 'hono'
import type { LakeEnv } from '../http/lake-env.ts'
import type { LakeDeps } from '../deps.ts'
import { httpError } from '../http/errors.ts'
import { immutableHeaders, notModified } from './images.ts'

const fileName = /^([a-f0-9]{40})\.([a-zA-Z0-9]+)$/

/** `GET /files/:projectId/:dataset/<sha1>.<ext>` serves uploaded files as stored. */
export function fileRoutes(deps: LakeDeps): Hono<LakeEnv> {
  const app = new Hono<LakeEnv>()

  app.get('/:projectId/:dataset/:file', async (c) => {
    const { projectId, dataset, file } = c.req.param()
    const match = fileName.exec(file)
    if (projectId !== deps.projectId || !match || !deps.store.hasDataset(dataset))
      throw httpError(404, 'File not found')
    const [, sha1 = '', extension = ''] = match
    const asset = deps.store.snapshot(dataset).get(`file-${sha1}-${extension}`)
    const path = deps.assets.originalPath('files', projectId, dataset, file)
    if (!asset || !(await deps.assets.exists(path))) throw httpError(404, 'File not found')
    const etag = `"${sha1}"`
    const mimeType =
      typeof asset.mimeType === 'string' ? asset.mimeType : 'application/octet-stream'
    immutableHeaders(c, etag, mimeType)
    if (notModified(c, etag)) return c.body(null, 304)
    return c.body(new Uint8Array(await deps.assets.read(path)))
  })
  return app
}
