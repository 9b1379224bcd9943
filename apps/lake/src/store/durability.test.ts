import type { ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startLakeProcess } from '../../test/test-process.ts'
import type { LakeProcess } from '../../test/test-process.ts'

/**
 * Crash durability of the real server process: an acknowledged write (HTTP 200) must survive a
 * SIGKILL, and a transaction must survive whole or not at all. Writes keep streaming while the
 * process is killed, so some requests die mid-flight; those may or may not have landed.
 */

const tokens = {
  read: 'durability-read-token-0123456789',
  write: 'durability-write-token-0123456789',
}
// The numbers: acknowledged before the kill (writes keep going until then).
const singleTarget = 1000
const transactionTarget = 100
// Stop early rather than blow the test timeout on a slow disk; the counts are asserted below.
const writeBudgetMs = 12_000

const dataDir = mkdtempSync(path.join(tmpdir(), 'lake-durability-'))
const children = new Set<ChildProcess>()

afterAll(() => {
  for (const child of children) child.kill('SIGKILL')
  rmSync(dataDir, { recursive: true, force: true })
})

function startLake(): Promise<LakeProcess> {
  return startLakeProcess(dataDir, tokens, children, process.env)
}

async function mutate(url: string, mutations: unknown[]): Promise<string | undefined> {
  const response = await fetch(`${url}/v2025-02-19/data/mutate/production`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${tokens.write}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ mutations }),
  })
  if (response.status !== 200)
    throw new Error(`mutate: ${response.status} ${await response.text()}`)
  return ((await response.json()) as { transactionId: string }).transactionId
}

interface StoredDoc {
  _id: string
  _rev: string
  patched?: boolean
}

async function queryAll(url: string): Promise<Map<string, StoredDoc>> {
  const response = await fetch(`${url}/v2025-02-19/data/query/production?perspective=raw`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${tokens.read}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ query: '*[_type == "t"]{_id, _rev, patched}' }),
  })
  expect(response.status).toBe(200)
  const { result } = (await response.json()) as { result: StoredDoc[] }
  return new Map(result.map((doc) => [doc._id, doc]))
}

/** The id of the newest logged transaction touching each document, from the history API. */
async function lastTransactions(url: string, ids: string[]): Promise<Map<string, string>> {
  const last = new Map<string, string>()
  for (let start = 0; start < ids.length; start += 100) {
    const chunk = ids.slice(start, start + 100).join(',')
    const response = await fetch(
      `${url}/v2025-02-19/data/history/production/transactions/${chunk}?excludeContent=true`,
      { headers: { Authorization: `Bearer ${tokens.read}` } },
    )
    expect(response.status).toBe(200)
    for (const line of (await response.text()).split('\n').filter(Boolean)) {
      const entry = JSON.parse(line) as { id: string; documentIDs: string[] }
      // Oldest first, so later entries overwrite earlier ones.
      for (const id of entry.documentIDs) last.set(id, entry.id)
    }
  }
  return last
}

describe('durability', () => {
  it('should keep every acknowledged write and no half transaction across a SIGKILL', async () => {
    const started = Date.now()
    const lake = await startLake()
    const ackedSingles = new Map<string, string>()
    const ackedTransactions = new Map<number, string>()
    let singlesSent = 0
    let transactionsSent = 0
    let inFlight = 0
    let killed = false
    let failure: unknown

    const ids = (k: number) => [`tx-${k}-a`, `tx-${k}-b`, `tx-${k}-c`]
    const send = async (mutations: unknown[], onAck: (transactionId: string) => void) => {
      inFlight++
      try {
        const transactionId = await mutate(lake.url, mutations)
        if (transactionId) onAck(transactionId)
      } catch (error) {
        // Requests cut off by the kill are expected; anything before it is a real failure.
        if (!killed) failure ??= error
      } finally {
        inFlight--
      }
    }
    const singleWriter = async () => {
      while (!killed && !failure) {
        const n = singlesSent++
        await send([{ create: { _id: `d-${n}`, _type: 't', n } }], (tx) =>
          ackedSingles.set(`d-${n}`, tx),
        )
      }
    }
    const transactionWriter = async () => {
      while (!killed && !failure) {
        const k = transactionsSent++
        const [a, b, c] = ids(k)
        const mutations = [
          { create: { _id: a, _type: 't', n: k } },
          { create: { _id: b, _type: 't', n: k } },
          { create: { _id: c, _type: 't', n: k } },
          { patch: { id: a, set: { patched: true } } },
        ]
        await send(mutations, (tx) => ackedTransactions.set(k, tx))
      }
    }
    // Roughly the 10:1 ratio of the targets, so both are reached at about the same time.
    const writers = [
      ...Array.from({ length: 20 }, singleWriter),
      ...Array.from({ length: 2 }, transactionWriter),
    ]

    const writeStart = Date.now()
    while (
      !failure &&
      Date.now() - writeStart < writeBudgetMs &&
      (ackedSingles.size < singleTarget || ackedTransactions.size < transactionTarget)
    ) {
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    const inFlightAtKill = inFlight
    killed = true
    lake.child.kill('SIGKILL')
    const writeMs = Date.now() - writeStart
    await Promise.all(writers)
    if (lake.child.exitCode === null && lake.child.signalCode === null) {
      await once(lake.child, 'exit')
    }
    expect(failure).toBeUndefined()
    expect(lake.child.signalCode).toBe('SIGKILL')

    const restarted = await startLake()
    const docs = await queryAll(restarted.url)
    const last = await lastTransactions(restarted.url, [...docs.keys()])
    restarted.child.kill('SIGTERM')

    // Acknowledged means durable, with the _rev of the acknowledged transaction.
    for (const [id, tx] of ackedSingles) expect(docs.get(id)?._rev, id).toBe(tx)
    for (const [k, tx] of ackedTransactions) {
      for (const id of ids(k)) expect(docs.get(id)?._rev, id).toBe(tx)
    }
    // All or nothing, acknowledged or not: a surviving transaction has all three documents,
    // from the same transaction, with the patch applied.
    for (let k = 0; k < transactionsSent; k++) {
      const found = ids(k).map((id) => docs.get(id))
      const present = found.filter((doc) => doc !== undefined)
      expect([0, 3], `transaction ${k}`).toContain(present.length)
      if (present.length === 3) {
        expect(new Set(present.map((doc) => doc._rev)).size, `transaction ${k}`).toBe(1)
        expect(found[0]?.patched, `transaction ${k}`).toBe(true)
      }
    }
    // Every document's revision is the logged transaction that last wrote it.
    for (const doc of docs.values()) expect(doc._rev, doc._id).toBe(last.get(doc._id))

    const unackedSingles = [...docs.keys()].filter(
      (id) => id.startsWith('d-') && !ackedSingles.has(id),
    ).length
    console.log(
      `durability: ${ackedSingles.size}/${singlesSent} single creates and ` +
        `${ackedTransactions.size}/${transactionsSent} transactions acknowledged in ${writeMs} ms, ` +
        `${inFlightAtKill} requests in flight at SIGKILL, ${unackedSingles} unacknowledged ` +
        `singles landed anyway, ${docs.size} documents after restart, ${Date.now() - started} ms total`,
    )
    expect(inFlightAtKill).toBeGreaterThan(0)
    // The targets are met in 3-6 s here (one fsync per commit); a slow disk hits the budget
    // first, which still proves the point with a few hundred acknowledgements.
    expect(ackedSingles.size).toBeGreaterThanOrEqual(200)
    expect(ackedTransactions.size).toBeGreaterThanOrEqual(20)
  }, 30_000)
})
