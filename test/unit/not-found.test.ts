import {describe, expect, it} from 'vitest'

import {closestCommand} from '../../src/hooks/not-found.js'

const IDS = ['log', 'report', 'forecast', 'task', 'task:add', 'task:list', 'team:set', 'team:list', 'entries', 'entry:edit']

describe('closestCommand', () => {
  it.each([
    ['reprot', 'report'],
    ['forcast', 'forecast'],
    ['task:ad', 'task:add'],
    ['rep', 'report'],
    ['entr', undefined],
    // Short ids: one edit away, or the same in another case.
    ['lg', 'log'],
    ['lgo', 'log'],
    ['LOG', 'log'],
    ['tsk', 'task'],
    ['x', undefined],
    ['xyzzy', undefined],
    ['team:lst', 'team:list'],
  ])('%s → %s', (typed, expected) => {
    expect(closestCommand(typed, IDS)).toBe(expected)
  })
})
