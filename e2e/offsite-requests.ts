import type { BrowserContext, Page } from '@playwright/test'

const thisMachine = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * Requests and WebSockets that any page of `context` starts towards a host other than this
 * machine, whether or not they then fail (offline) or a Content-Security-Policy refuses them.
 */
export function watchOffsiteRequests(context: BrowserContext): string[] {
  const offsite: string[] = []
  const check = (address: string, kind: string) => {
    const url = new URL(address)
    if (/^(https?|wss?):$/.test(url.protocol) && !thisMachine.has(url.hostname)) {
      offsite.push(`${kind} ${address}`)
    }
  }
  context.on('request', (request) => {
    check(request.url(), request.resourceType())
  })
  const watchSockets = (page: Page) => {
    page.on('websocket', (socket) => {
      check(socket.url(), 'websocket')
    })
  }
  // Pages opened before the watch started (a test's own page) and after.
  for (const page of context.pages()) watchSockets(page)
  context.on('page', watchSockets)
  return offsite
}
