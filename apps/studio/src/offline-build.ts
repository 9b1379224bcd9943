import { createRequire } from 'node:module'
import { dirname, relative } from 'node:path'

import type { Plugin } from 'vite'

const require = createRequire(import.meta.url)

/** The Studio's UI font, hosted by Sanity; the same Inter ships in `@fontsource-variable/inter`. */
const hostedInter =
  /https:\/\/design-system-static\.sanity\.io\/InterVariable-(Italic-)?latin-\d+\.woff2/g
/** The CLI's inline `@font-face` rules for Inter on Sanity's static host (the bundled CSS has Inter). */
const hostedInterFaces = /\s*@font-face\s*\{[^}]*https:\/\/studio-static\.sanity\.io\/[^}]*\}/g
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
 * Sanity's static hosts (index.html's own `@font-face` rules for it are left out, else they win
 * over the bundled ones), and the dashboard bridge (only meaningful inside Sanity's hosted
 * dashboard) is left out of index.html. All are build output the Studio config has no switch for.
 */
export function offlineStudio(): Plugin {
  const selfContained = (html: string) =>
    html.replace(bridgeScript, '').replace(hostedInterFaces, '')
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
    transformIndexHtml: selfContained,
    // After the CLI's own plugin has emitted index.html.
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const index = bundle['index.html']
        if (index?.type === 'asset' && typeof index.source === 'string') {
          index.source = selfContained(index.source)
        }
      },
    },
  }
}
