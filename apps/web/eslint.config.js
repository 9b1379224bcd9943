import { reactConfig } from '@repo/eslint-config/react'

export default [
  ...reactConfig,
  {
    // Every read of content goes through a named loader in src/sanity/loaders/, so what a page
    // asks the lake, with which cache tags, is found in one place.
    files: ['src/**'],
    ignores: ['src/sanity/loaders/**', 'src/sanity/fetch.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@/sanity/fetch',
              message: 'Read content through a loader in src/sanity/loaders/.',
            },
          ],
        },
      ],
    },
  },
]
