import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    disableConsoleIntercept: true,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
})
