#!/usr/bin/env node
// `toil -h` and `toil -v` as most tools take them (a command's own -h is its --help flag).
const first = {'-h': '--help', '-v': '--version'}[process.argv[2]]
if (first) process.argv[2] = first
const argv = process.argv.slice(2)

// `toil log` skips oclif's start-up when its arguments are plain; see src/fast/log.ts. The build
// bundles that path into one file, so it loads as one module instead of fifteen.
const handled = argv[0] === 'log' && (await import('../dist/fast/log.bundle.js')).fastLog(argv.slice(1))
if (!(await handled)) {
  const {execute} = await import('@oclif/core')
  await execute({dir: import.meta.url})
}
