import type { BrowserContext } from '@playwright/test'
import { expect, test } from '@playwright/test'

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

/** Fails every test of the calling spec file whose pages had a CSP violation. */
export function failOnCspViolations(): void {
  let violations: string[] = []
  test.beforeEach(async ({ context }) => {
    violations = await watchCspViolations(context)
  })
  test.afterEach(() => {
    expect(violations).toEqual([])
  })
}
