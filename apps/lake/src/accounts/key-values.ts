import type { DatabaseSync } from 'node:sqlite'

export interface KeyValuePair {
  key: string
  value: unknown
}

/** Per-user Studio settings (`/users/me/keyvalue`): JSON values by key. */
export class KeyValues {
  readonly #db: DatabaseSync

  constructor(db: DatabaseSync) {
    this.#db = db
  }

  get(userId: string, keys: string[]): KeyValuePair[] {
    const select = this.#db.prepare('SELECT value FROM key_values WHERE user_id = ? AND key = ?')
    return keys.map((key) => {
      const row = select.get(userId, key) as { value: string } | undefined
      return { key, value: row ? (JSON.parse(row.value) as unknown) : null }
    })
  }

  set(userId: string, pairs: KeyValuePair[]): KeyValuePair[] {
    const upsert = this.#db.prepare(
      `INSERT INTO key_values (user_id, key, value) VALUES (?, ?, ?)
       ON CONFLICT (user_id, key) DO UPDATE SET value = excluded.value`,
    )
    for (const { key, value } of pairs) upsert.run(userId, key, JSON.stringify(value ?? null))
    return pairs
  }
}
