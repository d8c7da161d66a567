// The analyzer (SPEC §4): pure functions, no I/O. `analyze` is the entry point;
// json.ts shapes its result as SPEC §7.
export * from './analyze.js'
export * from './automations.js'
export * from './candidates.js'
export * from './capacity.js'
export * from './classify.js'
export * from './history.js'
export * from './json.js'
export * from './options.js'
export * from './projection.js'
export * from './stats.js'
export type * from './types.js'
