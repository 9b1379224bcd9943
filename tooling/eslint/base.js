import js from '@eslint/js'
import tseslint from 'typescript-eslint'

/**
 * Type-checked rules for every workspace. `process.env` is banned outside the `env.ts` modules so
 * configuration is parsed (and validated) in exactly one place per app.
 */
export const baseConfig = tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.next/**', '**/.sanity/**', '**/*.config.*'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'separate-type-imports' },
      ],
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration from env.ts.' },
      ],
    },
  },
  {
    files: ['**/env.ts', '**/*.test.ts', 'e2e/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
)
