import { describe, expect, it } from 'vitest'

import { parseWrk } from './load-test.ts'

const sample = `Running 10s test @ http://127.0.0.1:5300/articles/x
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    21.07ms    5.38ms  77.33ms   85.71%
    Req/Sec   763.58     88.52     1.00k    71.50%
  Latency Distribution
     50%   20.14ms
     75%   22.51ms
     90%   26.73ms
     99%    1.20s
  15219 requests in 10.01s, 1.17GB read
Requests/sec:   1520.43
Transfer/sec:    119.62MB
`

describe('parseWrk', () => {
  it('reads requests/s and latency percentiles in any unit', () => {
    expect(parseWrk(sample)).toEqual({ rps: 1520, p50_ms: 20.1, p99_ms: 1200 })
    expect(parseWrk(sample.replace('20.14ms', '950.00us')).p50_ms).toBe(0.95)
  })
})
