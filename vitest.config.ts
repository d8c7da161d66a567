import {defineConfig} from 'vitest/config'

// Three projects: `unit` (pure, no PostgreSQL, no child processes), `store` (the store contract
// on both stores) and `e2e` (the built CLI). The last two start a throwaway PostgreSQL server
// (test/pg/global-setup.ts); `npx vitest run --project unit` needs none installed.
const pg = ['test/pg/global-setup.ts']

export default defineConfig({
  test: {
    pool: 'forks',
    disableConsoleIntercept: true,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {extends: true, test: {name: 'unit', include: ['test/unit/**/*.test.ts']}},
      {extends: true, test: {name: 'store', include: ['test/store/**/*.test.ts'], globalSetup: pg}},
      {extends: true, test: {name: 'e2e', include: ['test/e2e/**/*.test.ts', 'test/pg/**/*.test.ts'], globalSetup: pg}},
    ],
  },
})
