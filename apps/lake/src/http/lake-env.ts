/** Who is calling, as every route and socket sees it: set by `auth.ts`, read through Hono's context. */

export type Role = 'anonymous' | 'read' | 'write'

export interface LakeEnv {
  /** `identity` is the signed-in user's id, or null for API tokens and anonymous callers. */
  Variables: { role: Role; identity: string | null; token: string | null }
}

export interface Caller {
  role: Exclude<Role, 'anonymous'>
  /** The signed-in user's id; null for the API tokens. */
  identity: string | null
}
