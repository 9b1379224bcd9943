import { connect } from 'node:net'

import { describe, expect, it } from 'vitest'

import { hasRedisServer, startRedisServer } from './redis-test-server'

/** One PING over the Redis protocol; the reply, or the connection error's code. */
function ping(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write('PING\r\n'))
    socket.once('data', (data) => {
      socket.destroy()
      resolve(data.toString().trim())
    })
    socket.once('error', (error: NodeJS.ErrnoException) => {
      resolve(error.code ?? 'error')
    })
  })
}

describe.skipIf(!hasRedisServer)('startRedisServer', () => {
  it('should answer on its port until stopped, then refuse connections', async () => {
    const redis = await startRedisServer()
    expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`)
    expect(await ping(redis.port)).toBe('+PONG')
    await redis.stop()
    expect(await ping(redis.port)).toBe('ECONNREFUSED')
    await redis.stop()
  })

  it('should start again on a given port, as a test bringing Redis back does', async () => {
    const first = await startRedisServer()
    await first.stop()
    const again = await startRedisServer(first.port)
    expect(await ping(again.port)).toBe('+PONG')
    await again.stop()
  })
})
