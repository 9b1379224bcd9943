import { execFileSync } from 'node:child_process'
import os from 'node:os'

export interface Machine {
  cores: number
  memory_gb: number
  cpu: string
  os: string
  node: string
  /** 1-minute load averages: other work on a shared machine skews the figures. */
  load_average_at_start: number
  load_average_at_end: number | null
}

export function loadAverage(): number {
  return Math.round((os.loadavg()[0] ?? 0) * 100) / 100
}

export function describeMachine(): Machine {
  return {
    cores: os.availableParallelism(),
    memory_gb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    load_average_at_start: loadAverage(),
    load_average_at_end: null,
  }
}

export function gitCommit(cwd: string): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd, encoding: 'utf8' }).trim()
  } catch {
    return null
  }
}
