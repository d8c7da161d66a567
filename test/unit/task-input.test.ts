import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {ToilError} from '../../src/domain/errors.js'
import {
  type TaskEditFlags, applyCriteria, capacityHoursOfMonth, missingTask, missingTeam, onCallShare, parseCapacity, parseTaskFields,
  parseTaskPatch, requireTeam,
} from '../../src/domain/task-input.js'
import {type Task, unknownCriteria} from '../../src/domain/types.js'

const TODAY = '2026-05-20'

function task(overrides: Partial<Task> = {}): Task {
  return {
    id: 7,
    team: 'platform',
    name: 'rotate certs',
    category: 'release',
    criteria: {manual: 'yes', repetitive: 'unknown', automatable: 'yes', tactical: 'no', noEnduringValue: 'unknown', scales: 'unknown'},
    frequency: {count: 1, unit: 'month', every: 1},
    durationMinutes: 60,
    estimate: {costHours: 16, reduction: 0.8, maintenanceHoursPerMonth: 1},
    status: 'active',
    automatedSince: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  }
}

function thrown(fn: () => unknown): ToilError {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(ToilError)
    return error as ToilError
  }
  throw new Error('expected an error')
}

describe('applyCriteria', () => {
  it('answers yes and no from the flags and leaves the rest as they were', () => {
    const out = applyCriteria(unknownCriteria(), {manual: true, automatable: false})
    expect(out).toEqual({...unknownCriteria(), manual: 'yes', automatable: 'no'})
  })

  it('--no-enduring-value meets the noEnduringValue criterion; --enduring-value does not', () => {
    expect(applyCriteria(unknownCriteria(), {'enduring-value': false}).noEnduringValue).toBe('yes')
    expect(applyCriteria(unknownCriteria(), {'enduring-value': true}).noEnduringValue).toBe('no')
  })

  it('returns unset criteria to unknown', () => {
    const base = {...unknownCriteria(), manual: 'yes' as const, noEnduringValue: 'no' as const, scales: 'yes' as const}
    expect(applyCriteria(base, {}, ['manual', 'enduring-value'])).toEqual({...unknownCriteria(), scales: 'yes'})
  })

  it('refuses a criterion both answered and unset, naming the flag typed', () => {
    expect(thrown(() => applyCriteria(unknownCriteria(), {tactical: false}, ['tactical'])).message).toBe('unset: "tactical" contradicts --no-tactical; give one of them')
    expect(thrown(() => applyCriteria(unknownCriteria(), {'enduring-value': true}, ['enduring-value'])).message).toContain('contradicts --enduring-value')
  })

  it('never changes a criterion no flag mentions (property)', () => {
    const answer = fc.constantFrom('yes' as const, 'no' as const, 'unknown' as const)
    const criteria = fc.record({manual: answer, repetitive: answer, automatable: answer, tactical: answer, noEnduringValue: answer, scales: answer})
    fc.assert(
      fc.property(criteria, fc.option(fc.boolean(), {nil: undefined}), (base, manual) => {
        const out = applyCriteria(base, {manual})
        expect({...out, manual: base.manual}).toEqual(base)
        expect(out.manual).toBe(manual === undefined ? base.manual : manual ? 'yes' : 'no')
      }),
    )
  })
})

describe('parseTaskFields (task add)', () => {
  it('defaults to an active task of category other with every criterion unknown and no estimate', () => {
    expect(parseTaskFields({}, TODAY)).toEqual({
      category: 'other',
      criteria: unknownCriteria(),
      frequency: null,
      durationMinutes: null,
      estimate: {costHours: null, reduction: 1, maintenanceHoursPerMonth: 0},
      status: 'active',
      automatedSince: null,
    })
  })

  it('parses frequency, duration, cost, reduction and maintenance', () => {
    const fields = parseTaskFields({category: 'oncall', every: '3/week', duration: '1h30m', cost: '2d', reduction: '80%', maintenance: '30m'}, TODAY)
    expect(fields.category).toBe('oncall')
    expect(fields.frequency).toEqual({count: 3, unit: 'week', every: 1})
    expect(fields.durationMinutes).toBe(90)
    expect(fields.estimate).toEqual({costHours: 16, reduction: 0.8, maintenanceHoursPerMonth: 0.5})
  })

  it('dates an automated task today unless --since says otherwise', () => {
    expect(parseTaskFields({status: 'automated'}, TODAY).automatedSince).toBe(TODAY)
    expect(parseTaskFields({status: 'automated', since: 'yesterday'}, TODAY).automatedSince).toBe('2026-05-19')
  })

  it.each([
    [{since: '2026-01-01'}, 'since: "2026-01-01" needs --status automated'],
    [{status: 'automating' as const, since: '2026-01-01'}, 'needs --status automated'],
    [{status: 'automated' as const, since: '2026-06-01'}, 'since: "2026-06-01" is in the future'],
    [{every: 'sometimes'}, 'every: "sometimes" is not a frequency'],
    [{duration: '45'}, 'did you mean 45m?'],
    [{cost: '16'}, 'cost: "16" has no unit; did you mean 16h?'],
    [{reduction: '120%'}, 'reduction: "120%" is more than 100%'],
    [{maintenance: 'lots'}, 'maintenance: "lots" is not an amount of time'],
  ])('refuses %j', (flags, message) => {
    expect(thrown(() => parseTaskFields(flags, TODAY)).message).toContain(message)
  })
})

describe('parseTaskPatch (task edit)', () => {
  const edit = (flags: TaskEditFlags, current = task()) => parseTaskPatch(current, flags, TODAY)

  it('refuses an edit with nothing to change', () => {
    expect(thrown(() => edit({})).message).toMatch(/^edit: nothing to change/)
  })

  it('patches only what is given', () => {
    expect(edit({category: 'cleanup'})).toEqual({category: 'cleanup'})
    expect(edit({name: 'rotate TLS certs'})).toEqual({name: 'rotate TLS certs'})
    expect(edit({repetitive: true})).toEqual({criteria: {...task().criteria, repetitive: 'yes'}})
  })

  it('keeps the estimate fields not given', () => {
    expect(edit({reduction: '50%'})).toEqual({estimate: {costHours: 16, reduction: 0.5, maintenanceHoursPerMonth: 1}})
    expect(edit({cost: '40h'})).toEqual({estimate: {costHours: 40, reduction: 0.8, maintenanceHoursPerMonth: 1}})
  })

  it('--unset withdraws criteria and clears frequency, duration and cost', () => {
    expect(edit({unset: ['manual', 'every', 'duration', 'cost']})).toEqual({
      criteria: {...task().criteria, manual: 'unknown'},
      frequency: null,
      durationMinutes: null,
      estimate: {costHours: null, reduction: 0.8, maintenanceHoursPerMonth: 1},
    })
  })

  it.each([
    [{every: 'weekly', unset: ['every' as const]}, 'unset: "every" contradicts --every'],
    [{duration: '5m', unset: ['duration' as const]}, 'unset: "duration" contradicts --duration'],
    [{cost: '5h', unset: ['cost' as const]}, 'unset: "cost" contradicts --cost'],
    [{manual: true, unset: ['manual' as const]}, 'unset: "manual" contradicts --manual'],
  ])('refuses a value given and unset at once: %j', (flags, message) => {
    expect(thrown(() => edit(flags)).message).toContain(message)
  })

  it('marks automated today, keeps an existing since-day, and clears it when the status changes', () => {
    expect(edit({status: 'automated'})).toEqual({status: 'automated', automatedSince: TODAY})
    const automated = task({status: 'automated', automatedSince: '2026-02-01'})
    expect(edit({status: 'automated'}, automated)).toEqual({status: 'automated', automatedSince: '2026-02-01'})
    expect(edit({since: '2026-03-01'}, automated)).toEqual({status: 'automated', automatedSince: '2026-03-01'})
    expect(edit({status: 'active'}, automated)).toEqual({status: 'active', automatedSince: null})
  })

  it('refuses --since unless the task is or becomes automated', () => {
    expect(thrown(() => edit({since: '2026-03-01'})).message).toBe('since: "2026-03-01" needs --status automated: it is the day the automation went live (the task is active)')
    expect(thrown(() => edit({since: '2026-03-01', status: 'retired'}, task({status: 'automated', automatedSince: '2026-02-01'}))).message).toContain('needs --status automated')
  })
})

describe('unknown names', () => {
  it('names the task and suggests a near match', () => {
    const error = missingTask('restart worker', 'ops', ['restart workers', 'rotate certs'], ['ops'])
    expect(error.message).toBe('task: "restart worker" is not a task of team ops; did you mean "restart workers"?')
    expect(error.exit).toBe(2)
  })

  it('points to another team that has the task', () => {
    expect(missingTask('deploy', 'ops', [], ['ops', 'web'], ['web']).message).toBe('task: "deploy" is not a task of team ops; team web has it (--team web)')
  })

  it('says when the team itself is unknown, with a near match', () => {
    expect(missingTask('deploy', 'platfom', [], ['platform']).message).toBe('team: "platfom" is not a team; did you mean "platform"?')
    expect(missingTeam('zzz', ['ops', 'web']).message).toBe('team: "zzz" is not a team; teams: ops, web')
    expect(missingTeam('zzz', []).message).toBe('team: "zzz" is not a team; there are no teams yet')
  })

  it('finds a team case-insensitively and returns its stored spelling', () => {
    expect(requireTeam('PLATFORM', ['ops', 'platform'])).toBe('platform')
    expect(() => requireTeam('plat', ['ops', 'platform'])).toThrow(ToilError)
  })
})

describe('capacity', () => {
  it('is members × hours per week × days in the month ÷ 7', () => {
    // 6 × 40 h over February 2026's 28 days is exactly four weeks.
    expect(capacityHoursOfMonth(6, 40, '2026-02')).toBe(960)
    expect(capacityHoursOfMonth(6, 40, '2026-03')).toBeCloseTo((6 * 40 * 31) / 7, 10)
    expect(capacityHoursOfMonth(1, 35, '2024-02')).toBe(145)
  })

  it('the on-call floor is shifts ÷ rotation', () => {
    expect(onCallShare(6, 2)).toBeCloseTo(1 / 3, 12)
    expect(onCallShare(4, 1)).toBe(0.25)
  })

  it('parses a capacity period, defaulting to the current month', () => {
    expect(parseCapacity('ops', {members: '6', hoursPerWeek: '37.5'}, TODAY)).toEqual({team: 'ops', fromMonth: '2026-05', members: 6, hoursPerWeek: 37.5, rotation: null, shifts: null})
    expect(parseCapacity('ops', {members: '6', hoursPerWeek: '40', from: '2026-01', rotation: '6', shifts: '2'}, TODAY)).toEqual({
      team: 'ops', fromMonth: '2026-01', members: 6, hoursPerWeek: 40, rotation: 6, shifts: 2,
    })
    expect(parseCapacity('ops', {members: '1', hoursPerWeek: '40', from: 'last'}, TODAY).fromMonth).toBe('2026-04')
  })

  it.each([
    [{members: '0', hoursPerWeek: '40'}, 'members: "0" must be a whole number from 1'],
    [{members: '2.5', hoursPerWeek: '40'}, 'members: "2.5" must be a whole number'],
    [{members: '6', hoursPerWeek: '0'}, 'hours-per-week: "0" must be a number of hours above 0'],
    [{members: '6', hoursPerWeek: '200'}, 'hours-per-week: "200"'],
    [{members: '6', hoursPerWeek: 'forty'}, 'hours-per-week: "forty"'],
    [{members: '6', hoursPerWeek: '40', from: '2026-13'}, 'from: "2026-13" is not a month'],
    [{members: '6', hoursPerWeek: '40', rotation: '6'}, 'rotation: "6" needs --shifts too'],
    [{members: '6', hoursPerWeek: '40', shifts: '2'}, 'shifts: "2" needs --rotation too'],
    [{members: '6', hoursPerWeek: '40', rotation: '2', shifts: '3'}, 'shifts: "3" is more than the rotation of 2'],
    [{members: '6', hoursPerWeek: '40', rotation: '0', shifts: '0'}, 'rotation: "0" must be a whole number'],
  ])('refuses %j', (flags, message) => {
    expect(thrown(() => parseCapacity('ops', flags, TODAY)).message).toContain(message)
  })
})
