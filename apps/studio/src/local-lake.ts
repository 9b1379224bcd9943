import { createClient } from '@sanity/client'
import type { WorkspaceOptions } from 'sanity'

type LakeOptions = Pick<WorkspaceOptions, 'auth' | 'unstable_clientFactory' | 'search'> &
  Pick<WorkspaceOptions, 'releases' | 'scheduledPublishing' | 'tasks' | 'announcements'> &
  Pick<WorkspaceOptions, 'mediaLibrary' | 'scheduledDrafts' | 'document'>

/**
 * Workspace options that point the unmodified Studio at the local lake: every client the Studio
 * creates talks to the lake by path (no project hostname), editors sign in through Sanity's own
 * login flow against the lake's single "Local editor" provider (redirected to at once, so there is
 * no prompt), and features that only Sanity's hosted services provide are switched off.
 */
export function localLakeOptions(lakeUrl: string): LakeOptions {
  return {
    unstable_clientFactory: (options) =>
      createClient({ ...options, apiHost: lakeUrl, useProjectHostname: false }),
    auth: {
      loginMethod: 'token',
      redirectOnSingle: true,
      // A list (not a function) is used as is, without asking the API for its providers.
      providers: [{ name: 'local', title: 'Local editor', url: `${lakeUrl}/auth/login/local` }],
    },
    // The default strategy sends `text::query()`, which groq-js does not implement.
    search: { strategy: 'groqLegacy' },
    releases: { enabled: false },
    scheduledPublishing: { enabled: false },
    scheduledDrafts: { enabled: false },
    tasks: { enabled: false },
    announcements: { enabled: false },
    mediaLibrary: { enabled: false },
    document: { comments: { enabled: false } },
  }
}
