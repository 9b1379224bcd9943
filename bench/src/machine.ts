import { execFileSync } from 'node:child_process'
import os from 'node:os'

export interface Machine {
  cores: number
  memory_gb: number
  cpu: string
  os: string
  node: string
  /** 1-minute load average when the run started: other work on a shared machine skews figures. */
  load_average_at_start: number
}

export function describeMachine(): Machine {
  return {
    cores: os.availableParallelism(),
    memory_gb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    load_average_at_start: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
  }
}

export function gitCommit(cwd: string): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd, encoding: 'utf8' }).trim()
  } catch {
    return null
  }
}
