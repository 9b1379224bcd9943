/** Debian's Chromium: Playwright cannot download its own browsers on a machine without internet. */
export const chromiumPath = '/usr/bin/chromium'

/**
 * Runs in CI containers (no sandbox, no GPU) and never calls home: no QUIC, first-run, background,
 * component-update or sync traffic, so tests fail on any request to another host and not on these.
 */
export const chromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
