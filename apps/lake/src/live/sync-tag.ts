import { createHash } from 'node:crypto'

/**
 * The dataset-wide sync tag every query answer carries and every live event names: any write
 * makes every cached query of the dataset stale, which is what clients re-fetch on.
 */
export function syncTag(projectId: string, dataset: string): string {
  return `s1:${createHash('sha1').update(`${projectId}/${dataset}`).digest('base64url').slice(0, 6)}`
}
