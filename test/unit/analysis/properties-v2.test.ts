import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {analyze, defaultOptions, inputRange, lastCompleteMonth} from '../../../src/domain/analysis/analyze.js'
import {classifyTask} from '../../../src/domain/analysis/classify.js'
import {candidatesJson, classifyJson, forecastJson} from '../../../src/domain/analysis/json.js'
import {projectSeries} from '../../../src/domain/analysis/projection.js'
import type {AnalysisInput, AnalysisOptions, EngineerTeamMonthHours, TaskHistoryFacts, TaskMonthHours, ToilBudget, Verdict} from '../../../src/domain/analysis/index.js'
import {type Day, firstDay, monthOf, monthRange, shiftDay, shiftMonth} from '../../../src/domain/calendar.js'
import {buildReport} from '../../../src/domain/report.js'
import {reportJson} from '../../../src/render/report-json.js'
import {reportCsv} from '../../../src/render/report.js'
import type {Frequency} from '../../../src/domain/frequency.js'
import {CATEGORIES, CRITERIA, type Answer, type CapacityPeriod, type Category, type Criteria, type Task} from '../../../src/domain/types.js'

// Properties of the analyzer (SPEC §4, revised). The input is built as the store builds it
// (src/store/sqlite/aggregates.ts): per-task monthly sums over the input range, each task's whole
// history up to the as-of day (occurrences of its first 3 entries, its first day), and every
// engineer's hours per team and month.

interface WorldEntry {
  task: number
  day: Day
  minutes: number
  count: number
  tagged: boolean
  engineer: string
}

interface World {
  teams: string[]
  tasks: Task[]
  entries: WorldEntry[]
  capacity: CapacityPeriod[]
  budgets: ToilBudget[]
}

/** What the store's aggregates give the analyzer for these options. */
function inputAsStore(world: World, options: Pick<AnalysisOptions, 'asOf' | 'team' | 'window'>): AnalysisInput {
  const teams = options.team === null ? world.teams : world.teams.filter((t) => t === options.team)
  const tasks = world.tasks.filter((t) => teams.includes(t.team))
  const range = inputRange(tasks, options)
  const ids = new Set(tasks.map((t) => t.id))
  const hours = (e: WorldEntry) => (e.minutes * e.count) / 60
  const inRange = world.entries.filter((e) => e.day >= range.from && e.day <= range.to)

  const months = new Map<string, TaskMonthHours>()
  for (const e of inRange) {
    const task = world.tasks[e.task]!
    if (!ids.has(task.id)) continue
    const key = `${task.id} ${monthOf(e.day)}`
    const row = months.get(key) ?? {taskId: task.id, month: monthOf(e.day), hours: 0, occurrences: 0, operationalHours: 0}
    row.hours += hours(e)
    row.occurrences += e.count
    if (e.tagged) row.operationalHours += hours(e)
    months.set(key, row)
  }

  const taskHistory: TaskHistoryFacts[] = tasks.map((t) => {
    const mine = world.entries.filter((e) => world.tasks[e.task]!.id === t.id && e.day <= options.asOf).sort((a, b) => a.day.localeCompare(b.day))
    return {taskId: t.id, occurrences: mine.slice(0, 3).reduce((s, e) => s + e.count, 0), firstDay: mine[0]?.day ?? null}
  })

  const engineers = new Map<string, EngineerTeamMonthHours>()
  for (const e of inRange) {
    const team = world.tasks[e.task]!.team
    const key = `${e.engineer} ${team} ${monthOf(e.day)}`
    const row = engineers.get(key) ?? {engineer: e.engineer, team, month: monthOf(e.day), hours: 0}
    row.hours += hours(e)
    engineers.set(key, row)
  }

  return {
    teams,
    tasks,
    taskMonths: [...months.values()],
    taskHistory,
    engineerHours: [...engineers.values()],
    capacity: world.capacity.filter((c) => teams.includes(c.team)),
    budgets: world.budgets,
  }
}

// Arbitraries, within the ranges the CLI and import accept (SPEC §3, records.ts).

const TEAMS = ['platform', 'payments']
const ENGINEERS = ['alice', 'bob', 'carol', 'dan']
const answer = fc.constantFrom<Answer>('yes', 'no', 'unknown')
const criteria: fc.Arbitrary<Criteria> = fc.record(Object.fromEntries(CRITERIA.map((c) => [c, answer])) as Record<keyof Criteria, fc.Arbitrary<Answer>>)
const frequency: fc.Arbitrary<Frequency | null> = fc.option(
  fc.record({count: fc.integer({min: 1, max: 100_000}), unit: fc.constantFrom('day', 'week', 'month', 'quarter', 'year'), every: fc.integer({min: 1, max: 1000})}),
  {nil: null},
)
const estimateHours = fc.oneof(fc.integer({min: 0, max: 200}), fc.double({min: 0, max: 100_000, noNaN: true}))
const smallHours = fc.oneof(fc.constant(0), fc.integer({min: 0, max: 20}), fc.double({min: 0, max: 100_000, noNaN: true}))

/** A day from 2025-06-01 on, `n` days later. */
const dayFrom = (start: Day, maxDays: number) => fc.integer({min: 0, max: maxDays}).map((n) => shiftDay(start, n))

function taskArb(id: number, teams: readonly string[], asOfBound: Day): fc.Arbitrary<Task> {
  return fc.record({
    team: fc.constantFrom(...teams),
    category: fc.constantFrom<Category>(...CATEGORIES),
    criteria,
    frequency,
    durationMinutes: fc.option(fc.integer({min: 1, max: 1440}), {nil: null}),
    costHours: fc.option(estimateHours, {nil: null}),
    reduction: fc.oneof(fc.constant(1), fc.double({min: 0, max: 1, noNaN: true})),
    maintenance: smallHours,
    status: fc.constantFrom('active', 'active', 'automating', 'retired', 'automated') as fc.Arbitrary<Task['status']>,
    since: dayFrom('2025-06-01', 500),
  }).map((r) => ({
    id,
    team: r.team,
    name: `job ${id}`,
    category: r.category,
    criteria: r.criteria,
    frequency: r.frequency,
    durationMinutes: r.frequency === null ? null : r.durationMinutes,
    estimate: {costHours: r.costHours, reduction: r.reduction, maintenanceHoursPerMonth: r.maintenance},
    status: r.status,
    // An automation only goes live on or before the day it is recorded (no future days).
    automatedSince: r.status === 'automated' ? (r.since <= asOfBound ? r.since : asOfBound) : null,
    createdAt: '2025-01-01T00:00:00.000Z',
  }))
}

const entryArb = (tasks: number, from: Day, days: number): fc.Arbitrary<WorldEntry> =>
  fc.record({
    task: fc.integer({min: 0, max: tasks - 1}),
    day: dayFrom(from, days),
    minutes: fc.oneof(fc.integer({min: 1, max: 120}), fc.integer({min: 1, max: 1440})),
    count: fc.oneof(fc.integer({min: 1, max: 5}), fc.integer({min: 1, max: 1000})),
    tagged: fc.boolean(),
    engineer: fc.constantFrom(...ENGINEERS),
  })

const capacityArb = (teams: readonly string[]): fc.Arbitrary<CapacityPeriod[]> =>
  fc.array(
    fc.record({
      team: fc.constantFrom(...teams),
      fromMonth: fc.integer({min: 0, max: 17}).map((n) => shiftMonth('2025-06', n)),
      members: fc.oneof(fc.integer({min: 1, max: 12}), fc.integer({min: 1, max: 100_000})),
      hoursPerWeek: fc.oneof(fc.constantFrom(36, 37.5, 40), fc.integer({min: 1, max: 168})),
      rotation: fc.option(fc.integer({min: 1, max: 20}), {nil: null}),
      shifts: fc.integer({min: 1, max: 20}),
    }).map((c) => ({...c, shifts: c.rotation === null ? null : Math.min(c.shifts, c.rotation)})),
    {maxLength: 3},
  ).map((list) => {
    // One period per team and month, as the store keeps them.
    const seen = new Set<string>()
    return list.filter((c) => !seen.has(`${c.team} ${c.fromMonth}`) && seen.add(`${c.team} ${c.fromMonth}`))
  })

/** A world of 1–2 teams with entries from 2025-06-01 up to `lastDay`. */
function worldArb(lastDay: Day = '2026-11-30'): fc.Arbitrary<World> {
  const days = Math.round((Date.parse(lastDay) - Date.parse('2025-06-01')) / 86_400_000)
  return fc.integer({min: 1, max: 2}).chain((teamCount) => {
    const teams = TEAMS.slice(0, teamCount)
    return fc.integer({min: 1, max: 5}).chain((taskCount) =>
      fc.record({
        teams: fc.constant(teams),
        tasks: fc.tuple(...Array.from({length: taskCount}, (_, i) => taskArb(i + 1, teams, lastDay))),
        entries: fc.array(entryArb(taskCount, '2025-06-01', days), {maxLength: 30}),
        capacity: capacityArb(teams),
        budgets: fc.array(fc.record({team: fc.constantFrom(...teams), budget: fc.double({min: 0.01, max: 1, noNaN: true})}), {maxLength: 1}),
      }),
    )
  })
}

const optionsArb = (asOf: fc.Arbitrary<Day>): fc.Arbitrary<AnalysisOptions> =>
  fc.record({
    asOf,
    team: fc.constantFrom<string | null>(null, 'platform'),
    window: fc.integer({min: 3, max: 24}),
    horizon: fc.integer({min: 1, max: 120}),
    threshold: fc.oneof(fc.constant(0.5), fc.double({min: 0.01, max: 1, noNaN: true})),
    growth: fc.option(fc.double({min: -0.99, max: 10, noNaN: true}), {nil: null, freq: 3}),
    headcountGrowth: fc.option(fc.double({min: -0.99, max: 10, noNaN: true}), {nil: null, freq: 2}),
    automate: fc.integer({min: 0, max: 3}),
    overrun: fc.oneof(fc.constant(1), fc.double({min: 0.1, max: 10, noNaN: true})),
    basis: fc.constantFrom('toil', 'operational') as fc.Arbitrary<AnalysisOptions['basis']>,
    sort: fc.constantFrom('payback', 'net', 'hours') as fc.Arbitrary<AnalysisOptions['sort']>,
    partialThrough: fc.constant(null),
  })

const asOfArb = dayFrom('2026-01-01', 333)

describe('properties: covered months', () => {
  it('a rate, the history and the forecast never change when empty months are added before a team\'s first entry', () => {
    // All entries fall in the last `span` complete months before 2026-11-20; widening the
    // window back by `extra` months adds only months with no entries.
    const asOf = '2026-11-20'
    const last = lastCompleteMonth(asOf)
    const arb = fc.integer({min: 1, max: 8}).chain((span) => {
      const first = shiftMonth(last, -(span - 1))
      const days = Math.round((Date.parse(`${last}-31`) - Date.parse(`${first}-01`)) / 86_400_000)
      return fc.record({
        world: worldArb('2026-10-31'),
        entries: fc.array(entryArb(5, `${first}-01`, days), {maxLength: 30}),
        span: fc.constant(span),
        extra: fc.integer({min: 1, max: 24}),
        automate: fc.integer({min: 0, max: 2}),
      })
    })
    fc.assert(
      fc.property(arb, ({world, entries, span, extra, automate}) => {
        // One team; every task active (an automation date would reach back past the window).
        const tasks = world.tasks.map((t) => ({...t, team: 'platform', status: 'active' as const, automatedSince: null}))
        const w: World = {...world, teams: ['platform'], tasks, entries: entries.filter((e) => e.task < tasks.length)}
        const run = (window: number) => {
          const options = defaultOptions(asOf, {team: 'platform', window, automate})
          return analyze(inputAsStore(w, options), options)
        }
        const narrow = run(span)
        const wide = run(span + extra)
        const rates = (a: ReturnType<typeof run>) => a.candidates.map((c) => ({task: c.task, hoursPerMonth: c.hoursPerMonth, rateSource: c.rateSource, paybackMonths: c.paybackMonths, horizonNetHours: c.horizonNetHours}))
        expect(rates(wide)).toEqual(rates(narrow))
        expect(wide.tasks.map((t) => [t.task, t.verdict])).toEqual(narrow.tasks.map((t) => [t.task, t.verdict]))
        // The wide window's extra months are "not logging yet"; the others read the same.
        const covered = wide.history.filter((h) => h.covered)
        expect(covered).toEqual(narrow.history.filter((h) => h.covered))
        const shape = (a: ReturnType<typeof run>) => {
          const {status, recentShare, fit, crossingMonth, monthsToCrossing, projection, monthsWithData, whatIf} = a.forecast
          return {status, recentShare, fit, crossingMonth, monthsToCrossing, projection, monthsWithData, whatIf: whatIf && {status: whatIf.status, fit: whatIf.fit, projection: whatIf.projection}}
        }
        expect(shape(wide)).toEqual(shape(narrow))
      }),
      {numRuns: 150},
    )
  })
})

describe('properties: verdicts', () => {
  const order: Record<Exclude<Verdict, 'overhead'>, number> = {'not-toil': 0, 'possible-toil': 1, toil: 2}
  const facts = fc.record({
    historyOccurrences: fc.integer({min: 0, max: 6}),
    hours: fc.double({min: 0, max: 500, noNaN: true}),
    tagged: fc.double({min: 0, max: 1, noNaN: true}),
    scalesSeries: fc.array(fc.double({min: 0, max: 50, noNaN: true}), {maxLength: 6}),
  }).map((f) => ({
    occurrences: f.historyOccurrences,
    historyOccurrences: f.historyOccurrences,
    firstMonth: f.hours > 0 ? '2026-05' : null,
    scalesSeries: f.hours > 0 ? f.scalesSeries : [],
    hours: f.hours,
    operationalHours: f.hours * f.tagged,
    monthlyHours: [],
  }))

  it('answering an unknown criterion yes never moves a verdict towards not-toil (toil stays toil; toil or possible-toil never becomes not-toil)', () => {
    fc.assert(
      fc.property(criteria, fc.constantFrom<Category>(...CATEGORIES), frequency, facts, (given, category, freq, f) => {
        const before = classifyTask({category, criteria: given, frequency: freq}, f)
        for (const c of CRITERIA.filter((k) => given[k] === 'unknown')) {
          const after = classifyTask({category, criteria: {...given, [c]: 'yes'}, frequency: freq}, f)
          if (before.verdict === 'overhead') {
            expect(after.verdict).toBe('overhead')
            continue
          }
          expect(after.verdict).not.toBe('overhead')
          expect(order[after.verdict as keyof typeof order]).toBeGreaterThanOrEqual(order[before.verdict as keyof typeof order])
          if (before.verdict === 'toil') expect(after.verdict).toBe('toil')
          if (before.verdict !== 'not-toil') expect(after.verdict).not.toBe('not-toil')
        }
      }),
      {numRuns: 500},
    )
  })

  it('a task nobody answered that was logged 3 or more times is never not-toil (repetitive yes: Y >= 1, at most tactical and scales no)', () => {
    fc.assert(
      fc.property(fc.constantFrom<Category>(...CATEGORIES.filter((c) => c !== 'overhead')), frequency, facts, fc.integer({min: 3, max: 1000}), (category, freq, f, occurrences) => {
        const none = Object.fromEntries(CRITERIA.map((c) => [c, 'unknown'])) as Criteria
        const logged = {...f, historyOccurrences: occurrences, occurrences, hours: Math.max(f.hours, 0.25)}
        expect(classifyTask({category, criteria: none, frequency: freq}, logged).verdict).not.toBe('not-toil')
      }),
      {numRuns: 300},
    )
  })
})

describe('properties: projections stay within 0–100%', () => {
  it('trend and growth: every projected share is within 0–1, whatever the history (shares 0–300%) and the accepted rates', () => {
    const months = monthRange('2026-01', '2026-10')
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(0), fc.double({min: 0, max: 3, noNaN: true})), {minLength: 0, maxLength: 10}),
        fc.oneof(fc.constant(120), fc.integer({min: 1, max: 120})),
        fc.double({min: 0.01, max: 1, noNaN: true}),
        // The ends of the accepted rates (parseRate: above −100%, at most 1000% a month) included.
        fc.option(fc.oneof(fc.constantFrom(-0.99, 10), fc.double({min: -0.99, max: 10, noNaN: true})), {nil: null}),
        fc.option(fc.oneof(fc.constantFrom(-0.99, 10), fc.double({min: -0.99, max: 10, noNaN: true})), {nil: null}),
        fc.constantFrom('toil', 'operational') as fc.Arbitrary<'toil' | 'operational'>,
        (shares, horizon, threshold, growth, headcountGrowth, basis) => {
          const points = shares.map((share, i) => ({month: months[months.length - shares.length + i]!, share}))
          const o = projectSeries(points, '2026-10', () => 0, {threshold, horizon, growth, headcountGrowth, basis})
          for (const p of o.projection) {
            expect(p.share).toBeGreaterThanOrEqual(0)
            expect(p.share).toBeLessThanOrEqual(1)
          }
          if (o.status !== 'insufficient-data') expect(o.projection).toHaveLength(horizon)
        },
      ),
      {numRuns: 500},
    )
  })

  it('through analyze, with the what-if: the forecast, the what-if\'s projection and its counterfactual history are within 0–1', () => {
    fc.assert(
      fc.property(worldArb(), optionsArb(asOfArb), fc.integer({min: 1, max: 3}), (world, options, automate) => {
        const o = {...options, automate}
        const a = analyze(inputAsStore(world, o), o)
        const inRange = (share: number) => share >= 0 && share <= 1
        expect(a.forecast.projection.every((p) => inRange(p.share))).toBe(true)
        const w = a.forecast.whatIf!
        expect(w).not.toBeNull()
        expect(w.projection.every((p) => inRange(p.share))).toBe(true)
        for (const h of w.history) {
          expect(h.share).toBeGreaterThanOrEqual(0)
          expect(h.shareUpper).toBeGreaterThanOrEqual(0)
          expect(h.operationalShare).toBeGreaterThanOrEqual(0)
        }
      }),
      {numRuns: 150},
    )
  })
})

describe('properties: --as-of is reproducible', () => {
  it('the analysis as of a day is the same whatever entries and automations are added after that day', () => {
    const later = (asOf: Day, tasks: number) =>
      fc.record({
        entries: fc.array(entryArb(tasks, shiftDay(asOf, 1), 400), {maxLength: 10}),
        automate: fc.array(fc.tuple(fc.integer({min: 0, max: tasks - 1}), fc.integer({min: 1, max: 400})), {maxLength: 3}),
      })
    const arb = fc.record({world: worldArb(), options: optionsArb(asOfArb)}).chain(({world, options}) =>
      fc.record({world: fc.constant(world), options: fc.constant(options), after: later(options.asOf, world.tasks.length)}),
    )
    fc.assert(
      fc.property(arb, ({world, options, after}) => {
        // The world as it stood on the as-of day: no entry after it, no automation dated after it.
        const before: World = {
          ...world,
          entries: world.entries.filter((e) => e.day <= options.asOf),
          tasks: world.tasks.map((t) => (t.status === 'automated' && t.automatedSince! > options.asOf ? {...t, status: 'active', automatedSince: null} : t)),
        }
        const tasks = before.tasks.map((t, i) => {
          const automation = after.automate.find(([index]) => index === i)
          return automation && t.status === 'active' ? {...t, status: 'automated' as const, automatedSince: shiftDay(options.asOf, automation[1])} : t
        })
        const grown: World = {...before, tasks, entries: [...before.entries, ...after.entries]}
        const then = analyze(inputAsStore(before, options), options)
        const now = analyze(inputAsStore(grown, options), options)
        expect(JSON.stringify(classifyJson(now))).toBe(JSON.stringify(classifyJson(then)))
        expect(JSON.stringify(candidatesJson(now))).toBe(JSON.stringify(candidatesJson(then)))
        expect(JSON.stringify(forecastJson(now))).toBe(JSON.stringify(forecastJson(then)))
        expect(now.automations).toEqual(then.automations)
        expect(now.tasks).toEqual(then.tasks)
      }),
      {numRuns: 150},
    )
  })

  it('report --month this as of day D is unchanged by any entry or status change after D', () => {
    const later = (asOf: Day, tasks: number) =>
      fc.record({
        entries: fc.array(entryArb(tasks, shiftDay(asOf, 1), 400), {maxLength: 10}),
        automate: fc.array(fc.tuple(fc.integer({min: 0, max: tasks - 1}), fc.integer({min: 1, max: 400})), {maxLength: 3}),
      })
    const arb = fc.record({world: worldArb(), options: optionsArb(asOfArb)}).chain(({world, options}) =>
      fc.record({world: fc.constant(world), options: fc.constant({...options, partialThrough: options.asOf}), after: later(options.asOf, world.tasks.length)}),
    )
    const report = (world: World, options: AnalysisOptions) => {
      const r = buildReport(analyze(inputAsStore(world, options), options), {from: firstDay(monthOf(options.asOf)), to: options.asOf, month: monthOf(options.asOf), inProgress: true}, null)
      return JSON.stringify(reportJson(r)) + reportCsv(r)
    }
    fc.assert(
      fc.property(arb, ({world, options, after}) => {
        const before: World = {
          ...world,
          entries: world.entries.filter((e) => e.day <= options.asOf),
          tasks: world.tasks.map((t) => (t.status === 'automated' && t.automatedSince! > options.asOf ? {...t, status: 'active', automatedSince: null} : t)),
        }
        const tasks = before.tasks.map((t, i) => {
          const automation = after.automate.find(([index]) => index === i)
          return automation && t.status === 'active' ? {...t, status: 'automated' as const, automatedSince: shiftDay(options.asOf, automation[1])} : t
        })
        const grown: World = {...before, tasks, entries: [...before.entries, ...after.entries]}
        expect(report(grown, options)).toBe(report(before, options))
      }),
      {numRuns: 150},
    )
  })

  it('the report of the month in progress carries the forecast toil forecast gives that day', () => {
    fc.assert(
      fc.property(worldArb(), optionsArb(asOfArb), (world, options) => {
        const inProgress = {...options, partialThrough: options.asOf}
        const report = analyze(inputAsStore(world, inProgress), inProgress)
        const forecast = analyze(inputAsStore(world, options), options)
        expect(JSON.stringify(forecastJson({...report, history: forecast.history}))).toBe(JSON.stringify(forecastJson(forecast)))
        expect(report.history.slice(0, -1)).toEqual(forecast.history)
        expect(report.history.at(-1)).toMatchObject({month: monthOf(options.asOf), partial: true, counts: false})
      }),
      {numRuns: 150},
    )
  })
})

describe('properties: a what-if', () => {
  it('never changes a month before the first entry of a picked task\'s team', () => {
    // Two teams, the second beginning to log later; every task toil, cheap to automate and with some
    // maintenance, so the what-if picks tasks of a team that began after the window's first months.
    const world = fc.tuple(worldArb(), fc.integer({min: 0, max: 17}), fc.double({min: 0.01, max: 50, noNaN: true})).map(([w, late, maintenance]): World => {
      const start = firstDay(shiftMonth('2025-06', late))
      const tasks = w.tasks.map((t, i) => ({
        ...t,
        team: TEAMS[i % 2]!,
        criteria: {...t.criteria, manual: 'yes' as const, repetitive: 'yes' as const, automatable: 'yes' as const, noEnduringValue: 'yes' as const},
        status: 'active' as const,
        automatedSince: null,
        estimate: {costHours: 1, reduction: t.estimate.reduction, maintenanceHoursPerMonth: maintenance},
      }))
      return {...w, teams: TEAMS, tasks, entries: w.entries.filter((e) => tasks[e.task]!.team === TEAMS[0] || e.day >= start)}
    })
    fc.assert(
      fc.property(world, optionsArb(asOfArb), fc.integer({min: 1, max: 3}), (world, options, automate) => {
        const o = {...options, team: null, automate}
        const a = analyze(inputAsStore(world, o), o)
        const w = a.forecast.whatIf!
        const teams = w.tasks.map((t) => t.team.toLowerCase())
        for (const h of w.history) {
          // A month before every picked task's team began logging reads as it did.
          if (!teams.every((team) => a.teamStarts[team] === undefined || h.month < a.teamStarts[team]!)) continue
          const actual = a.history.find((x) => x.month === h.month)!
          expect(h.share).toBe(Math.max(0, actual.toilHours) / actual.capacityHours)
          expect(h.shareUpper).toBe((actual.toilHours + actual.possibleToilHours) / actual.capacityHours)
          expect(h.operationalShare).toBe(actual.operationalHours / actual.capacityHours)
        }
      }),
      {numRuns: 300},
    )
  })
})

describe('properties: no Infinity, NaN or exponent in the JSON', () => {
  /** Every number in a parsed JSON value. */
  function numbers(value: unknown, path = '$', out: {path: string; value: number}[] = []): {path: string; value: number}[] {
    if (typeof value === 'number') out.push({path, value})
    else if (Array.isArray(value)) value.forEach((v, i) => numbers(v, `${path}[${i}]`, out))
    else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) numbers(v, `${path}.${k}`, out)
    return out
  }

  function views(world: World, options: AnalysisOptions) {
    const a = analyze(inputAsStore(world, options), options)
    return [classifyJson(a), candidatesJson(a), forecastJson(a)]
  }

  function expectFinite(view: unknown) {
    // The serialiser writes NaN and Infinity as null, so look at the values themselves.
    for (const n of numbers(view)) expect(Number.isFinite(n.value), `${n.path} = ${n.value}`).toBe(true)
  }

  function expectNoExponent(view: unknown) {
    for (const n of numbers(view)) expect(JSON.stringify(n.value), n.path).toMatch(/^-?\d+(\.\d+)?$/)
    expect(JSON.stringify(view)).not.toMatch(/\de[+-]?\d/i)
  }

  /** Percentages as people type them (4%, 80%, 37.5%): at most two decimals of a percent. */
  const typedPercent = (min: number, max: number) => fc.integer({min: Math.round(min * 10_000), max: Math.round(max * 10_000)}).map((n) => n / 10_000)

  /** The options and estimates as typed at the CLI: whole or two-decimal percents, durations in minutes. */
  function typedWorld(): fc.Arbitrary<World> {
    return fc.tuple(worldArb(), fc.array(typedPercent(0, 1), {minLength: 5, maxLength: 5}), fc.array(fc.integer({min: 0, max: 6_000_000}), {minLength: 10, maxLength: 10})).map(([w, reductions, minutes]) => ({
      ...w,
      tasks: w.tasks.map((t, i) => ({
        ...t,
        estimate: {
          costHours: t.estimate.costHours === null ? null : minutes[i]! / 60,
          reduction: reductions[i]!,
          maintenanceHoursPerMonth: minutes[i + 5]! / 60,
        },
      })),
    }))
  }
  const typedOptions = optionsArb(asOfArb).chain((o) =>
    fc.record({
      threshold: typedPercent(0.0001, 1),
      growth: fc.option(typedPercent(-0.99, 10), {nil: null, freq: 3}),
      headcountGrowth: fc.option(typedPercent(-0.99, 10), {nil: null, freq: 2}),
      overrun: fc.integer({min: 1, max: 100}).map((n) => n / 10),
    }).map((typed) => ({...o, ...typed})),
  )

  it('every number is finite, even at the ends of the accepted ranges (growth 1000% a month against headcount −99%, 120 months)', () => {
    const extreme = optionsArb(asOfArb).chain((o) =>
      fc.record({
        growth: fc.oneof(fc.constantFrom(10, -0.99), fc.double({min: -0.99, max: 10, noNaN: true})),
        headcountGrowth: fc.oneof(fc.constantFrom(-0.99, 10), fc.double({min: -0.99, max: 10, noNaN: true})),
        horizon: fc.oneof(fc.constant(120), fc.integer({min: 1, max: 120})),
        automate: fc.integer({min: 0, max: 3}),
      }).map((x) => ({...o, ...x})),
    )
    fc.assert(
      fc.property(worldArb(), extreme, (world, options) => {
        for (const view of views(world, options)) expectFinite(view)
      }),
      {numRuns: 300},
    )
  })

  /** A 50-engineer team logging 10 minutes a day of toil, one minute more in October. */
  function fiftyEngineers() {
    const months = monthRange('2026-05', '2026-10')
    const task: Task = {
      id: 1, team: 'platform', name: 'job 1', category: 'other', criteria: {manual: 'yes', repetitive: 'yes', automatable: 'yes', tactical: 'no', noEnduringValue: 'yes', scales: 'yes'},
      frequency: null, durationMinutes: null, estimate: {costHours: null, reduction: 1, maintenanceHoursPerMonth: 0}, status: 'active', automatedSince: null, createdAt: '2025-01-01T00:00:00.000Z',
    }
    const days: Record<string, number> = {'2026-05': 31, '2026-06': 30, '2026-07': 31, '2026-08': 31, '2026-09': 30, '2026-10': 31}
    const entries: WorldEntry[] = months.map((m) => ({task: 0, day: `${m}-15`, minutes: 10 * days[m]! + (m === '2026-10' ? 1 : 0), count: 1, tagged: false, engineer: 'alice'}))
    const world: World = {teams: ['platform'], tasks: [task], entries, capacity: [{team: 'platform', fromMonth: '2026-01', members: 50, hoursPerWeek: 40, rotation: null, shifts: null}], budgets: []}
    const options = defaultOptions('2026-11-20', {team: 'platform'})
    return {world, options, months}
  }

  it('a 50-engineer team logging 10 minutes a day, one minute more in October: the fit\'s slope (δ = 1/60 h ÷ 8,857 h × 2.5 ÷ 17.5 = 2.7e-7) is written as a decimal', () => {
    // 50 × 40 h × days ÷ 7 of capacity; 10 min × days of toil each month → the same share
    // every month, 5.83e-4, but for October's extra minute.
    const {world, options, months} = fiftyEngineers()
    const json = forecastJson(analyze(inputAsStore(world, options), options))
    expect(json.status).toBe('stable')
    expect(json.fit!.months).toEqual(months)
    for (const view of views(world, options)) expectNoExponent(view)
  })

  it('no exponent in any figure for inputs as typed (whole minutes, percents with up to two decimals, teams of up to 100,000)', () => {
    fc.assert(
      fc.property(typedWorld(), typedOptions, (world, options) => {
        for (const view of views(world, options)) expectNoExponent(view)
      }),
      {numRuns: 300, examples: [[fiftyEngineers().world, fiftyEngineers().options]]},
    )
  })

  it('no exponent for any value the parsers and import accept (a reduction or growth of any precision)', () => {
    fc.assert(
      fc.property(worldArb(), optionsArb(asOfArb), (world, options) => {
        for (const view of views(world, options)) {
          expectFinite(view)
          expectNoExponent(view)
        }
      }),
      {numRuns: 300},
    )
  })
})
