import { createClient } from '@sanity/client'
import { evaluate, parse } from 'groq-js'
import type { SanityDocument, ValidationMarker, Workspace } from 'sanity'
import { createMockAuthStore, defineConfig, resolveConfig, validateDocument } from 'sanity'

import { schemaTypes } from '@repo/schemas/studio'

/**
 * Runs the Studio's own validation (the rules editors see) outside a browser. The workspace gets a
 * signed-in auth store so resolving it asks no server; reference existence and the slug
 * uniqueness query are answered from the given dataset with groq-js, as the lake would.
 */
export async function createSeedValidator(dataset: SanityDocument[]) {
  const offlineClient = createClient({
    projectId: 'local',
    dataset: 'production',
    apiVersion: '2025-02-19',
    useCdn: false,
    useProjectHostname: false,
    apiHost: 'http://127.0.0.1:9',
  })
  const config = defineConfig({
    projectId: 'local',
    dataset: 'production',
    schema: { types: schemaTypes },
    // sanity 6.9 is typed against @sanity/client 7; the v8 client is the same at runtime.
    auth: createMockAuthStore({ client: offlineClient as never, currentUser: null }),
  })
  const workspace = await new Promise<Workspace>((resolve, reject) => {
    const subscription = resolveConfig(config).subscribe({
      next: (workspaces) => {
        const [first] = workspaces
        if (first) resolve(first)
        else reject(new Error('the config resolved to no workspace'))
        queueMicrotask(() => {
          subscription.unsubscribe()
        })
      },
      error: reject,
    })
  })
  const ids = new Set(dataset.map((document) => document._id))
  const datasetClient = {
    fetch: async (query: string, params: Record<string, unknown>) =>
      (await evaluate(parse(query), { dataset, params })).get() as Promise<unknown>,
    withConfig: () => datasetClient,
  }

  return function validate(document: SanityDocument): Promise<ValidationMarker[]> {
    return validateDocument({
      document,
      workspace,
      environment: 'cli',
      getClient: () => datasetClient as unknown as ReturnType<Workspace['getClient']>,
      getDocumentExists: ({ id }) => Promise.resolve(ids.has(id) || id.startsWith('image-')),
    })
  }
}
