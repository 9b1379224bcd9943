import { createRequire } from 'node:module'
import { dirname, relative } from 'node:path'

import type { Plugin } from 'vite'

const require = createRequire(import.meta.url)

/** The Studio's UI font, hosted by Sanity; the same Inter ships in `@fontsource-variable/inter`. */
const hostedInter =
  /https:\/\/design-system-static\.sanity\.io\/InterVariable-(Italic-)?latin-\d+\.woff2/g
/** Sanity's dashboard bridge, which the CLI adds to every Studio's index.html. */
const bridgeScript =
  /<script[^>]*src="https:\/\/core\.sanity-cdn\.(com|work)\/bridge\.js"[^>]*><\/script>\n?/

function localInter(italic: boolean) {
  return require.resolve(
    `@fontsource-variable/inter/files/inter-latin-wght-${italic ? 'italic' : 'normal'}.woff2`,
  )
}

/**
 * Makes a local-mode Studio build self-contained: the Inter font is bundled instead of loaded from
 * Sanity's static host, and the dashboard bridge (only meaningful inside Sanity's hosted dashboard)
 * is left out of index.html. Both are build output the Studio config has no switch for.
 */
export function offlineStudio(): Plugin {
  const withoutBridge = (html: string) => html.replace(bridgeScript, '')
  return {
    name: 'offline-studio',
    enforce: 'pre',
    transform(code, id) {
      if (!id.endsWith('.css') || !code.includes('design-system-static.sanity.io')) return
      // A relative URL lets Vite's own CSS pipeline fingerprint and emit the font.
      return code.replace(hostedInter, (_url, italic?: string) =>
        relative(dirname(id), localInter(Boolean(italic))),
      )
    },
    transformIndexHtml: withoutBridge,
    // After the CLI's own plugin has emitted index.html.
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const index = bundle['index.html']
        if (index?.type === 'asset' && typeof index.source === 'string') {
          index.source = withoutBridge(index.source)
        }
      },
    },
  }
}
