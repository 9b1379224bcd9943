import { registerHooks } from 'node:module'

// The site's modules import each other without extensions (`./results`), as Next's bundler allows;
// Node needs the `.ts`. Only relative specifiers that fail to resolve are retried.
registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context)
    } catch (error) {
      if (specifier.startsWith('.') && !/\.[cm]?[jt]sx?$/.test(specifier)) {
        return nextResolve(`${specifier}.ts`, context)
      }
      throw error
    }
  },
})

/** The site's real GROQ (apps/web/src/sanity/queries.ts), imported, not copied. */
export const siteQueries = await import('../../apps/web/src/sanity/queries.ts')

// Page sizes the site passes with them (apps/web/src/sanity/latest-articles.ts, tag-articles.ts and
// app/articles/[slug]/page.tsx); those modules are server-only, so the numbers are restated here.
export const HOME_PAGE_SIZE = 10
export const TAG_PAGE_SIZE = 20
export const SIMILAR_LIMIT = 3
