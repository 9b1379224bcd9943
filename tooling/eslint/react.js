import nextPlugin from '@next/eslint-plugin-next'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

import { baseConfig } from './base.js'

export const reactConfig = tseslint.config(...baseConfig, {
  plugins: { 'react-hooks': reactHooks, '@next/next': nextPlugin },
  rules: {
    ...reactHooks.configs.recommended.rules,
    ...nextPlugin.configs.recommended.rules,
    ...nextPlugin.configs['core-web-vitals'].rules,
  },
})
