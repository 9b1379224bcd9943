import { createClient } from '@sanity/client'
import type { WorkspaceOptions } from 'sanity'

import { listenOnPool, listenPoolHosts } from './listen-pool.ts'

type LakeOptions = Pick<WorkspaceOptions, 'auth' | 'unstable_clientFactory' | 'search'> &
  Pick<WorkspaceOptions, 'releases' | 'scheduledPublishing' | 'tasks' | 'announcements'> &
  Pick<WorkspaceOptions, 'mediaLibrary' | 'scheduledDrafts' | 'document'>

/**
 * Workspace options that point the unmodified Studio at the local lake: every client the Studio
 * creates talks to the lake by path (no project hostname) and opens its listeners on the lake's
 * listener ports (listen-pool.ts), editors sign in through Sanity's own login flow against the
 * lake's single "Local editor" provider (redirected to at once, so there is no prompt; the lake
 * asks the browser for the proof it got from the sign-in link the lake prints), and features that
 * only Sanity's hosted services provide are switched off (Content Releases are the lake's own).
 */
export function localLakeOptions(lakeUrl: string): LakeOptions {
  const nextListenHost = listenPoolHosts(lakeUrl)
  return {
    unstable_clientFactory: (options) =>
      listenOnPool(
        createClient({ ...options, apiHost: lakeUrl, useProjectHostname: false }),
        nextListenHost,
      ),
    auth: {
      loginMethod: 'token',
      redirectOnSingle: true,
      // A list (not a function) is used as is, without asking the API for its providers.
      providers: [{ name: 'local', title: 'Local editor', url: `${lakeUrl}/auth/login/local` }],
    },
    // The default strategy sends `text::query()`, which groq-js does not implement.
    search: { strategy: 'groqLegacy' },
    // Content Releases and Scheduled Drafts (single-document releases) run on the lake's release
    // actions and scheduler. The older Scheduled Publishing plugin needs Sanity's scheduling API.
    releases: { enabled: true },
    scheduledDrafts: { enabled: true },
    scheduledPublishing: { enabled: false },
    tasks: { enabled: false },
    announcements: { enabled: false },
    mediaLibrary: { enabled: false },
    document: { comments: { enabled: false } },
  }
}
