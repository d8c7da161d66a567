// Lint: typescript-eslint's recommended rules, and the layers of docs/architecture.md:
// commands → app → render / store → domain, nothing importing from a layer above it.
import tseslint from 'typescript-eslint'

/** Relative imports that reach a layer (folder or top-level module) by name. */
const reach = (...names) => `^(\\.\\.?/)+(${names.join('|')})(/|\\.js$)`
const above = {
  domain: reach('store', 'render', 'app', 'commands', 'fast', 'hooks', 'config', 'base', 'analysis-flags'),
  store: reach('render', 'app', 'commands', 'fast', 'hooks', 'config', 'base', 'analysis-flags'),
  render: reach('store', 'app', 'commands', 'fast', 'hooks', 'config', 'base', 'analysis-flags'),
  app: reach('commands', 'fast', 'hooks', 'base', 'analysis-flags'),
}
const io = ['node:fs', 'node:fs/promises', 'node:child_process', 'node:net', 'node:os', 'node:readline', 'node:process', 'better-sqlite3', 'pg']

const layer = (name, extra = {}) => ({
  files: [`src/${name}/**/*.ts`],
  rules: {
    'no-restricted-imports': ['error', {
      ...extra,
      patterns: [{regex: above[name], message: `${name}/ imports only from layers below it (docs/architecture.md)`}],
    }],
  },
})

export default tseslint.config(
  {ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench/data/**']},
  {
    files: ['src/**/*.ts'],
    extends: [tseslint.configs.recommended],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true}],
    },
  },
  layer('domain', {paths: io.map((name) => ({name, message: 'domain/ is pure: no I/O (docs/architecture.md)'}))}),
  layer('store'),
  layer('render'),
  layer('app'),
)
