/** Waits until a URL answers 2xx (used to order the e2e servers); exits 1 after the deadline. */
const [url, seconds = '60'] = process.argv.slice(2)
if (!url) throw new Error('usage: node e2e/wait-for.ts <url> [seconds]')
const deadline = Date.now() + Number(seconds) * 1000
while (Date.now() < deadline) {
  try {
    if ((await fetch(url)).ok) process.exit(0)
  } catch {
    // not up yet
  }
  await new Promise((resolve) => setTimeout(resolve, 250))
}
console.error(`wait-for: ${url} did not answer within ${seconds}s`)
process.exit(1)
