import { Hono } from 'hono'

import { localEditor, userFor } from '../accounts/users.ts'
import type { LakeEnv } from '../http/lake-env.ts'
import type { LakeDeps } from '../deps.ts'
import { datasetNotFound, httpError } from '../http/errors.ts'
import { lakeFeatures, releaseLimits } from '../releases/release-features.ts'

const everyDocument = '_id in path("**")'
/** The lake keeps every transaction; the Studio wants a number of days (ten years). */
const maxRetentionDays = 3650

/**
 * `GET /subscriptions/project/:id`: the plan the Studio reads for its help menu (`plan.name`) and
 * for how long an archived or published release stays restorable (the retention feature).
 */
export function projectSubscriptionRoutes(deps: LakeDeps) {
  const app = new Hono<LakeEnv>()
  app.get('/project/:projectId', (c) => {
    if (c.req.param('projectId') !== deps.projectId) throw httpError(404, 'Project not found')
    return c.json({
      projectId: deps.projectId,
      plan: { name: 'Local lake' },
      featureTypes: {
        retention: { features: [{ attributes: { maxRetentionDays } }] },
      },
    })
  })
  return app
}

/** Grants in the shape of Sanity's dataset ACL: editors may do everything, readers read. */
function grantsFor(role: LakeEnv['Variables']['role']) {
  if (role === 'write') {
    return [
      {
        filter: everyDocument,
        permissions: ['history', 'read', 'create', 'update', 'manage'],
      },
    ]
  }
  if (role === 'read') return [{ filter: everyDocument, permissions: ['history', 'read'] }]
  return [
    {
      filter: '!(_id in path("drafts.**")) && !(_id in path("versions.**"))',
      permissions: ['read'],
    },
  ]
}

/**
 * The project and dataset metadata the Studio asks for at boot. There is one project (the lake's)
 * and its datasets; a request for another project id is a 404 as Sanity would answer it.
 */
export function projectRoutes(deps: LakeDeps) {
  const app = new Hono<LakeEnv>()

  app.use('/:projectId/*', async (c, next) => {
    if (c.req.param('projectId') !== deps.projectId) throw httpError(404, 'Project not found')
    return next()
  })

  app.get('/:projectId', (c) => {
    if (c.req.param('projectId') !== deps.projectId) throw httpError(404, 'Project not found')
    const current = userFor(c.var.role, c.var.identity)
    return c.json({
      id: deps.projectId,
      displayName: 'Local lake',
      studioHost: null,
      isBlocked: false,
      isDisabled: false,
      isDisabledByUser: false,
      organizationId: null,
      metadata: { color: '#b3124e' },
      maxRetentionDays,
      activityFeedEnabled: false,
      createdAt: '2025-01-01T00:00:00.000Z',
      members: [
        {
          id: localEditor.id,
          role: localEditor.role,
          roles: localEditor.roles,
          isRobot: false,
          isCurrentUser: current?.id === localEditor.id,
        },
      ],
      features: lakeFeatures,
      pendingInvites: 0,
    })
  })

  app.get('/:projectId/datasets', (c) =>
    c.json(
      // Addon datasets (comments) do not exist here: comments are switched off in the Studio.
      c.req.query('datasetProfile')
        ? []
        : deps.store.listDatasets().map((name) => ({ name, aclMode: 'public' })),
    ),
  )

  app.get('/:projectId/datasets/:dataset/acl', (c) => {
    if (!deps.store.hasDataset(c.req.param('dataset')))
      throw datasetNotFound(c.req.param('dataset'))
    return c.json(grantsFor(c.var.role))
  })

  app.get('/:projectId/datasets/:dataset/settings/indexing', (c) =>
    c.json({ partialIndexSettings: { maxFieldDepth: 0 } }),
  )

  app.get('/:projectId/grants', (c) => {
    const grants = grantsFor(c.var.role)
    return c.json({
      'sanity.project': [
        {
          grants:
            c.var.role === 'write' ? [{ name: 'read' }, { name: 'update' }] : [{ name: 'read' }],
          config: {},
        },
      ],
      'sanity.document.filter.mode': [
        {
          grants: grants[0]?.permissions.map((name) => ({ name })) ?? [],
          config: { filter: grants[0]?.filter },
        },
      ],
    })
  })

  app.get('/:projectId/roles', (c) => c.json(localEditor.roles))
  app.get('/:projectId/user-applications', (c) => c.json([]))
  app.get('/:projectId/features', (c) => c.json(lakeFeatures))
  app.get('/:projectId/new-content-release-allowed', (c) => c.json(releaseLimits(deps.store)))

  return app
}
