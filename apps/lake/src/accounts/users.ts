import type { Role } from '../http/lake-env.ts'
import { LOCAL_EDITOR_ID } from './sessions.ts'

export interface LakeUser {
  id: string
  name: string
  email: string
  profileImage: null
  provider: string
  role: string
  roles: { name: string; title: string }[]
}

const administrator = { name: 'administrator', title: 'Administrator' }
const viewer = { name: 'viewer', title: 'Viewer' }

export const localEditor: LakeUser = {
  id: LOCAL_EDITOR_ID,
  name: 'Local Editor',
  email: 'editor@localhost',
  profileImage: null,
  provider: 'local',
  role: administrator.name,
  roles: [administrator],
}

const writeRobot: LakeUser = {
  id: 'robot-write-token',
  name: 'Write token',
  email: 'write-token@localhost',
  profileImage: null,
  provider: 'token',
  role: administrator.name,
  roles: [administrator],
}

const readRobot: LakeUser = {
  id: 'robot-read-token',
  name: 'Read token',
  email: 'read-token@localhost',
  profileImage: null,
  provider: 'token',
  role: viewer.name,
  roles: [viewer],
}

export const knownUsers = [localEditor, writeRobot, readRobot]

/** Who a request acts as: the signed-in editor, or the robot behind an API token. */
export function userFor(role: Role, identity: string | null): LakeUser | undefined {
  if (identity === LOCAL_EDITOR_ID) return localEditor
  if (role === 'write') return writeRobot
  if (role === 'read') return readRobot
  return undefined
}
