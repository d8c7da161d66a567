import {describe, expect, it} from 'vitest'

import Log from '../../src/commands/log.js'
import {FAST_LOG_OPTIONS} from '../../src/fast/log.js'

describe('the fast toil log path', () => {
  it('knows exactly the flags of the oclif command, with the same short names', () => {
    const oclif = Object.fromEntries(Object.entries(Log.flags).map(([name, flag]) => [name, (flag as {char?: string}).char]))
    const fast = Object.fromEntries(Object.entries(FAST_LOG_OPTIONS).filter(([name]) => name !== 'db' && name !== 'json').map(([name, option]) => [name, (option as {short?: string}).short]))
    expect(fast).toEqual(oclif)
  })
})
