import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

import { round } from './stats.ts'

interface CpuProfile {
  nodes: {
    id: number
    callFrame: { functionName: string; url: string; lineNumber: number }
  }[]
  samples: number[]
  timeDeltas: number[]
}

export interface ProfileSummary {
  /** Sampled time, idle included, and the share of it the process was busy. */
  sampled_ms: number
  busy_share: number
  /** Self time by module (package, Node internals, the site's bundle), percent of busy time. */
  top_modules: { module: string; self_ms: number; share: number }[]
  /** Self time by function, percent of busy time. */
  top_functions: { function: string; self_ms: number; share: number }[]
}

/**
 * The newest `.cpuprofile` Node's `--cpu-prof` wrote into `dir`, summarized over its last
 * `lastMs` (the measured load, without the process's start-up).
 */
export function summarizeProfileDir(dir: string, lastMs: number, top = 12): ProfileSummary {
  const files = readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'))
  const file = files.sort().at(-1)
  if (!file) throw new Error(`no .cpuprofile in ${dir}`)
  const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile
  return summarizeProfile(profile, top, lastMs)
}

/**
 * Self time per function and per module from a V8 CPU profile (sampled, so approximate), over
 * the last `lastMs` of it (all of it by default).
 */
export function summarizeProfile(
  profile: CpuProfile,
  top = 12,
  lastMs = Number.POSITIVE_INFINITY,
): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]))
  const functions = new Map<string, number>()
  const modules = new Map<string, number>()
  const at: number[] = []
  let clock = 0
  for (const delta of profile.timeDeltas) at.push((clock += delta / 1000))
  const from = clock - lastMs
  let total = 0
  let idle = 0
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000
    const frame = byId.get(id)
    if (!frame || (at[i] ?? 0) <= from) return
    total += ms
    if (frame.functionName === '(idle)') {
      idle += ms
      return
    }
    const module = moduleOf(frame.url, frame.functionName)
    const where = frame.url ? ` ${shortFile(frame.url)}:${frame.lineNumber + 1}` : ''
    const name = `${frame.functionName || '(anonymous)'}${where}`
    functions.set(name, (functions.get(name) ?? 0) + ms)
    modules.set(module, (modules.get(module) ?? 0) + ms)
  })
  const busy = total - idle
  const rank = (map: Map<string, number>, key: string) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ [key]: name, self_ms: round(ms), share: round((ms / busy) * 100) }))
  return {
    sampled_ms: round(total),
    busy_share: round(busy / total),
    top_modules: rank(modules, 'module') as ProfileSummary['top_modules'],
    top_functions: rank(functions, 'function') as ProfileSummary['top_functions'],
  }
}

/** A file's path from its package or the site's `.next` on. */
function shortFile(url: string): string {
  const file = url.replace(/^file:\/\//, '')
  const modulesAt = file.lastIndexOf('/node_modules/')
  if (modulesAt >= 0) return file.slice(modulesAt + '/node_modules/'.length)
  const nextAt = file.indexOf('/.next/')
  return nextAt >= 0 ? file.slice(nextAt + 1) : file
}

/**
 * A readable module name: `(garbage collector)` and other V8 pseudo-frames, `node:<internal>`,
 * `next/dist/<area>/<part>` for Next, the package name for other node_modules, `.next/server/…`
 * for the site's own bundle.
 */
export function moduleOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)'
  const file = url.replace(/^file:\/\//, '')
  if (file.startsWith('node:')) {
    const parts = file.slice('node:'.length).split('/')
    return `node:${parts[0] === 'internal' ? parts.slice(0, 2).join('/') : (parts[0] ?? '')}`
  }
  const modulesAt = file.lastIndexOf('/node_modules/')
  if (modulesAt >= 0) {
    const parts = file.slice(modulesAt + '/node_modules/'.length).split('/')
    const name = parts[0]?.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? '')
    if (name === 'next' && parts[1] === 'dist') {
      const area = parts.slice(2, 4)
      return `next/dist/${area.join('/')}`.replace(/\.js$/, '')
    }
    return name
  }
  const nextAt = file.indexOf('/.next/')
  if (nextAt >= 0) {
    const parts = file.slice(nextAt + 1).split('/')
    return parts.slice(0, 3).join('/')
  }
  return path.basename(file)
}
