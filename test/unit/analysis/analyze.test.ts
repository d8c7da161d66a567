import {describe, expect, it} from 'vitest'

import {analyze, defaultOptions, inputRange, lastCompleteMonth, windowMonths} from '../../../src/domain/analysis/analyze.js'
import {candidatesJson, classifyJson, forecastJson} from '../../../src/domain/analysis/json.js'
import {AS_OF, WINDOW, capacity, engineers, input, row, task} from './fixtures.js'

const minutes = (runs: number, each: number) => (runs * each) / 60

// docs/analyzer.md §9: the platform team, as of 2026-11-20.
const deploys = task('restart stuck deploys', {criteria: {manual: 'yes', automatable: 'yes', noEnduringValue: 'yes'}, estimate: {costHours: 40, reduction: 1, maintenanceHoursPerMonth: 2}})
const certs = task('rotate TLS certs', {criteria: {manual: 'yes'}})
const planning = task('weekly planning', {category: 'overhead'})
const incidents = task('incident response', {category: 'oncall', criteria: {automatable: 'no'}})
const runs = [40, 50, 60, 70, 80, 90]
const platform = input({
  tasks: [deploys, certs, planning, incidents],
  taskMonths: [
    ...WINDOW.map((m, i) => row(deploys, m, minutes(runs[i]!, 10), runs[i]!)),
    row(certs, '2026-09', 2, 2),
    row(certs, '2026-10', 2, 2),
    ...WINDOW.map((m) => row(planning, m, 4, 4)),
    ...WINDOW.map((m) => row(incidents, m, 10, 5, 10)),
    row(deploys, '2026-04', 99, 99),
  ],
  engineerHours: WINDOW.flatMap((month) => engineers('platform', month, 3)),
  capacity: [capacity('2026-01', 4, 40, {rotation: 6, shifts: 2})],
})

describe('analyze: the platform team (docs/analyzer.md §9)', () => {
  const a = analyze(platform, defaultOptions(AS_OF, {team: 'platform'}))

  it('the last complete month is the month before the as-of month; the window its 6 months', () => {
    expect(lastCompleteMonth('2026-11-20')).toBe('2026-10')
    expect(lastCompleteMonth('2027-01-01')).toBe('2026-12')
    expect(windowMonths(AS_OF, 6)).toEqual(WINDOW)
    expect(a.windowMonths).toEqual(WINDOW)
    expect(a.lastCompleteMonth).toBe('2026-10')
  })

  it('classifies tactical and scales from the window (the April rows are outside it), repetitive from the whole history', () => {
    const byName = Object.fromEntries(a.tasks.map((t) => [t.task, t]))
    expect(byName['restart stuck deploys']).toMatchObject({verdict: 'toil', score: 5})
    expect(byName['restart stuck deploys']!.window.occurrences).toBe(390)
    expect(byName['restart stuck deploys']!.criteria.scales.value).toBe('yes')
    expect(byName['rotate TLS certs']).toMatchObject({verdict: 'possible-toil', score: 2, unanswered: ['automatable', 'noEnduringValue', 'scales']})
    expect(byName['weekly planning']!.verdict).toBe('overhead')
    expect(byName['incident response']!.verdict).toBe('not-toil')
    expect(a.tasks.map((t) => t.verdict)).toEqual(['toil', 'possible-toil', 'not-toil', 'overhead'])
  })

  it('history: toil, possible toil, operational hours and shares of set capacity', () => {
    const oct = a.history.at(-1)!
    const cap = (4 * 40 * 31) / 7
    expect(oct).toMatchObject({month: '2026-10', toilHours: 15, possibleToilHours: 2, operationalHours: 25, totalHours: 31, capacityAssumed: false})
    expect(oct.capacityHours).toBeCloseTo(cap, 9)
    expect(oct.share).toBeCloseTo(15 / cap, 12)
    expect(oct.shareUpper).toBeCloseTo(17 / cap, 12)
    expect(oct.operationalShare).toBeCloseTo(25 / cap, 12)
    expect(a.history.map((h) => h.toilHours)).toEqual(runs.map((r) => minutes(r, 10)))
    // As docs/analyzer.md §9 rounds them.
    expect([oct.share, oct.shareUpper, oct.operationalShare].map((s) => Math.round(s! * 10_000) / 100)).toEqual([2.12, 2.4, 3.53])
  })

  it('candidates: the toil task by payback, then the possible-toil task', () => {
    expect(a.candidates.map((c) => c.task)).toEqual(['restart stuck deploys', 'rotate TLS certs'])
    const rate = minutes(390, 10) / 6
    expect(a.candidates[0]!.hoursPerMonth).toBeCloseTo(rate, 12)
    expect(a.candidates[0]!.paybackMonths).toBeCloseTo(40 / (rate - 2), 12)
    // First logged in September: 4 h over the 2 months it could have happened in.
    expect(a.candidates[1]!.hoursPerMonth).toBeCloseTo(4 / 2, 12)
    expect(a.candidates[0]!.hoursPerMonth).toBeCloseTo(10.83, 2)
    expect(a.candidates[0]!.paybackMonths).toBeCloseTo(4.53, 2)
  })

  it('forecast: the trend rises but stays far below 50%; on-call load 2 ÷ 6, over the 25% ceiling', () => {
    expect(a.forecast).toMatchObject({model: 'trend', status: 'stable', monthsWithData: 6, baseMonth: '2026-10'})
    expect(a.forecast.slope).toBeGreaterThan(0)
    expect(a.onCallLoad).toEqual({share: 2 / 6, overLimit: true, rotation: 6, shifts: 2})
  })

  it('needs answers: the possible-toil task, with its open criteria', () => {
    expect(a.needsAnswers.map((t) => [t.task, t.unanswered])).toEqual([['rotate TLS certs', ['automatable', 'noEnduringValue', 'scales']]])
  })

  it('reads entries far enough back for the window before each automation', () => {
    expect(inputRange([deploys], {asOf: AS_OF, window: 6})).toEqual({from: '2026-05-01', to: '2026-10-31'})
    expect(inputRange([{...deploys, status: 'automated', automatedSince: '2026-03-10'}], {asOf: AS_OF, window: 6})).toEqual({from: '2025-09-01', to: '2026-10-31'})
  })
})

describe('analyze: scope, assumed capacity and empty data', () => {
  const web = task('restart web pods', {team: 'web', criteria: {manual: 'yes', automatable: 'yes', noEnduringValue: 'yes', repetitive: 'yes'}})
  const {taskHistory: _derived, ...platformParts} = platform
  const both = input({
    ...platformParts,
    teams: ['platform', 'web'],
    tasks: [...platform.tasks, web],
    taskMonths: [...platform.taskMonths, row(web, '2026-10', 6, 12)],
    engineerHours: [...platform.engineerHours, ...engineers('web', '2026-10', 2, 3)],
  })

  it('all teams: hours and capacities summed, assumed where a team set none', () => {
    const a = analyze(both, defaultOptions(AS_OF))
    expect(a.team).toBeNull()
    const oct = a.history.at(-1)!
    expect(oct.toilHours).toBe(15 + 6)
    expect(oct.capacityHours).toBeCloseTo(((4 + 2) * 40 * 31) / 7, 9)
    expect(oct.capacityAssumed).toBe(true)
    expect(a.history[0]!.capacityAssumed).toBe(false)
    expect(a.onCallLoad!.share).toBeCloseTo(((4 * 40 * 31) / 7 / (((4 + 2) * 40 * 31) / 7)) * (2 / 6), 9)
  })

  it('one team: the other team is left out; months before web logged are not covered', () => {
    const a = analyze(both, defaultOptions(AS_OF, {team: 'web'}))
    expect(a.tasks.map((t) => t.task)).toEqual(['restart web pods'])
    expect(a.history.at(-1)).toMatchObject({toilHours: 6, capacityAssumed: true, covered: true, counts: true})
    expect(a.history[0]).toMatchObject({covered: false, capacityHours: 0, share: null, counts: false})
    expect(a.teamStarts).toEqual({web: '2026-10'})
    expect(a.forecast.status).toBe('insufficient-data')
  })

  it('an empty store gives an analysis with null shares and insufficient data, never NaN', () => {
    const a = analyze(input({teams: []}), defaultOptions(AS_OF, {automate: 3, growth: 0.04}))
    expect(a.tasks).toEqual([])
    expect(a.history.every((h) => h.share === null && h.capacityHours === 0)).toBe(true)
    expect(a.forecast.status).toBe('insufficient-data')
    expect(JSON.stringify(forecastJson(a))).not.toMatch(/NaN|Infinity/)
  })
})

describe('JSON shapes (SPEC §7)', () => {
  const a = analyze(platform, defaultOptions(AS_OF, {team: 'platform', automate: 1}))

  it('classify', () => {
    const json = classifyJson(a)
    const t = json.tasks[0]!
    expect(Object.keys(t)).toEqual(expect.arrayContaining(['task', 'team', 'verdict', 'score', 'criteria', 'unanswered']))
    expect(Object.keys(t.criteria)).toEqual(['manual', 'repetitive', 'automatable', 'tactical', 'noEnduringValue', 'scales'])
    expect(Object.keys(t.criteria.manual)).toEqual(expect.arrayContaining(['value', 'source']))
  })

  it('candidates', () => {
    const json = candidatesJson(a)
    expect(json).toMatchObject({horizonMonths: 12, overrun: 1})
    expect(Object.keys(json.candidates[0]!)).toEqual(expect.arrayContaining([
      'rank', 'task', 'team', 'verdict', 'hoursPerMonth', 'savedHoursPerMonth', 'netHoursPerMonth', 'costHours', 'paybackMonths', 'horizonNetHours', 'breakEvenHours', 'rateSource',
    ]))
    expect(json.candidates[0]!.hoursPerMonth).toBe(10.83)
  })

  it('forecast', () => {
    const json = forecastJson(a)
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['team', 'threshold', 'status', 'crossingMonth', 'monthsToCrossing', 'model', 'history', 'projection', 'whatIf']))
    expect(Object.keys(json.history[0]!)).toEqual(expect.arrayContaining(['month', 'toilHours', 'capacityHours', 'share', 'capacityAssumed']))
    expect(Object.keys(json.projection[0]!)).toEqual(['month', 'share'])
    expect(Object.keys(json.whatIf!)).toEqual(expect.arrayContaining(['automate', 'tasks', 'status', 'crossingMonth', 'projection']))
    expect(json.team).toBe('platform')
    expect(json.history.at(-1)!.share).toBe(Math.round((15 / ((4 * 40 * 31) / 7)) * 10_000) / 10_000)
  })
})
