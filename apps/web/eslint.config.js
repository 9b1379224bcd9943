import { reactConfig } from '@repo/eslint-config/react'

export default reactConfig
