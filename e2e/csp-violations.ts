import type { BrowserContext } from '@playwright/test'

/**
 * Content-Security-Policy violations in any page of `context`, as Chromium logs them ("Refused
 * to …") and as the `securitypolicyviolation` event reports them (which also covers report-only).
 */
export async function watchCspViolations(context: BrowserContext): Promise<string[]> {
  const violations: string[] = []
  context.on('console', (message) => {
    const text = message.text()
    if (/Refused to|securitypolicyviolation|Content Security Policy/i.test(text)) {
      violations.push(`${message.location().url}: ${text}`)
    }
  })
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(
        `securitypolicyviolation ${event.effectiveDirective} blocked ${event.blockedURI} on ${event.documentURI}`,
      )
    })
  })
  return violations
}
