import {type Day, daysInMonth, monthOf, monthRange, shiftMonth} from './calendar.js'
import type {Frequency} from './frequency.js'
import {pick, poisson, seededRandom, seededUuid} from './random.js'
import {type Answer, type CapacityPeriod, type Category, type Criteria, type Entry, type Task, unknownCriteria} from './types.js'

export type HistoryRecord =
  | {type: 'team'; name: string; capacity: Omit<CapacityPeriod, 'team'>[]}
  | ({type: 'task'} & Omit<Task, 'id'>)
  | ({type: 'entry'} & Entry)

interface DemoTask {
  name: string
  category: Category
  /** Answers in CRITERIA order (manual, repetitive, automatable, tactical, noEnduringValue, scales); '?' = unknown. */
  answers: string
  perMonth: number
  minutes: [number, number]
  growth: number
  tags?: string[]
  frequency?: Frequency
  cost?: number
  reduction?: number
  maintenance?: number
  /** Months before the as-of month when it was automated; its volume drops to a tenth after. */
  automatedMonthsAgo?: number
}

interface DemoTeam {
  name: string
  engineers: string[]
  capacity?: {members: number; hoursPerWeek: number; rotation?: number; shifts?: number}
  /** A team that began logging this many months before the as-of month (default: from the first month). */
  startsMonthsAgo?: number
  tasks: DemoTask[]
}

/** A realistic history: an on-call-heavy team whose toil rises towards 50%, a platform team, and a team without capacity set that began logging three months ago. */
const TEAMS: DemoTeam[] = [
  {
    name: 'payments',
    engineers: ['alice', 'bala', 'chen', 'dara'],
    capacity: {members: 4, hoursPerWeek: 40, rotation: 4, shifts: 1},
    tasks: [
      {name: 'restart payments worker', category: 'oncall', answers: 'y?y?y?', perMonth: 120, minutes: [10, 20], growth: 0.05, tags: ['oncall'], cost: 24, reduction: 0.9, maintenance: 1},
      {name: 'triage payment API latency page', category: 'oncall', answers: 'yyyyy?', perMonth: 45, minutes: [30, 75], growth: 0.05, tags: ['oncall']},
      {name: 'manual refunds for failed charges', category: 'business-process', answers: 'y?y?y?', perMonth: 230, minutes: [10, 25], growth: 0.05, tags: ['ticket'], cost: 60, reduction: 0.8, maintenance: 3},
      {name: 'reconcile failed settlements', category: 'business-process', answers: 'y?y?y?', perMonth: 60, minutes: [25, 50], growth: 0.04, tags: ['ticket']},
      {name: 'rotate TLS certificates', category: 'provisioning', answers: 'y?y?y?', perMonth: 3, minutes: [60, 120], growth: 0, frequency: {count: 1, unit: 'month', every: 1}, cost: 16, reduction: 1},
      {name: 'approve production access requests', category: 'interrupt', answers: '??????', perMonth: 150, minutes: [5, 10], growth: 0.03, tags: ['interrupt']},
      {name: 'promote canary by hand', category: 'release', answers: 'y?y?y?', perMonth: 36, minutes: [30, 60], growth: 0.04, cost: 80, reduction: 0.95, maintenance: 4},
      {name: 'clean up alerting rules', category: 'cleanup', answers: 'y?y?n?', perMonth: 2, minutes: [60, 180], growth: 0},
      {name: 'sprint planning', category: 'overhead', answers: '??????', perMonth: 8, minutes: [60, 90], growth: 0},
    ],
  },
  {
    name: 'platform',
    engineers: ['gus', 'hana', 'ivan', 'jo', 'kemal'],
    capacity: {members: 5, hoursPerWeek: 40, rotation: 5, shifts: 1},
    tasks: [
      {name: 'provision kubernetes namespace', category: 'provisioning', answers: 'y?y?y?', perMonth: 14, minutes: [40, 70], growth: 0.04, tags: ['ticket'], cost: 40, reduction: 0.8, maintenance: 2},
      {name: 'deploy legacy billing by hand', category: 'release', answers: 'yyy?y?', perMonth: 5, minutes: [90, 150], growth: 0, cost: 30, reduction: 0.9, maintenance: 1, automatedMonthsAgo: 3},
      {name: 'renew vendor licenses', category: 'business-process', answers: 'y?y?y?', perMonth: 0.4, minutes: [60, 120], growth: 0, frequency: {count: 1, unit: 'quarter', every: 1}},
      {name: 'review database schema migrations', category: 'migration', answers: 'y?n?n?', perMonth: 6, minutes: [30, 90], growth: 0.02},
      {name: 'answer platform support questions', category: 'interrupt', answers: '??????', perMonth: 45, minutes: [10, 25], growth: 0.03, tags: ['interrupt']},
      {name: 'architecture review', category: 'overhead', answers: '??????', perMonth: 4, minutes: [60, 120], growth: 0},
    ],
  },
  {
    name: 'data',
    engineers: ['lena', 'mo', 'noor'],
    startsMonthsAgo: 3,
    tasks: [
      {name: 'rerun failed ETL job', category: 'interrupt', answers: 'y?y?y?', perMonth: 28, minutes: [15, 40], growth: 0.06, tags: ['interrupt'], cost: 20, reduction: 0.7},
      {name: 'backfill dashboard data', category: 'other', answers: 'y?y???', perMonth: 6, minutes: [45, 120], growth: 0.02},
      {name: 'grant warehouse access', category: 'provisioning', answers: '??????', perMonth: 20, minutes: [5, 15], growth: 0.01, tags: ['ticket']},
    ],
  },
]

const ANSWER: Record<string, Answer> = {y: 'yes', n: 'no', '?': 'unknown'}

function criteriaOf(answers: string): Criteria {
  const keys = Object.keys(unknownCriteria()) as (keyof Criteria)[]
  return Object.fromEntries(keys.map((key, i) => [key, ANSWER[answers[i] ?? '?'] ?? 'unknown'])) as Criteria
}

export interface DemoOptions {
  seed: number
  asOf: Day
  /** Months of history, the as-of month included. */
  months: number
}

/** Teams, tasks, then entries of the demo history; the same options give the same records. */
export function* demoHistory(options: DemoOptions): Generator<HistoryRecord> {
  const random = seededRandom(options.seed)
  const last = monthOf(options.asOf)
  const first = shiftMonth(last, -(options.months - 1))
  const months = monthRange(first, last)
  for (const team of TEAMS) {
    const capacity = team.capacity
      ? [{fromMonth: first, members: team.capacity.members, hoursPerWeek: team.capacity.hoursPerWeek, rotation: team.capacity.rotation ?? null, shifts: team.capacity.shifts ?? null}]
      : []
    yield {type: 'team', name: team.name, capacity}
  }
  for (const team of TEAMS) {
    for (const t of team.tasks) {
      const automated = t.automatedMonthsAgo === undefined ? null : `${shiftMonth(last, -t.automatedMonthsAgo)}-01`
      yield {
        type: 'task',
        team: team.name,
        name: t.name,
        category: t.category,
        criteria: criteriaOf(t.answers),
        frequency: t.frequency ?? null,
        durationMinutes: Math.round((t.minutes[0] + t.minutes[1]) / 2),
        estimate: {costHours: t.cost ?? null, reduction: t.reduction ?? 1, maintenanceHoursPerMonth: t.maintenance ?? 0},
        status: automated ? 'automated' : 'active',
        automatedSince: automated,
        createdAt: `${first}-01T09:00:00.000Z`,
      }
    }
  }
  for (const [m, month] of months.entries()) {
    const lastDayOfMonth = month === last ? Number(options.asOf.slice(8, 10)) : daysInMonth(month)
    for (const team of TEAMS) {
      // Generated all the same, so the other teams' histories do not depend on when this one began.
      const notYet = team.startsMonthsAgo !== undefined && month < shiftMonth(last, -team.startsMonthsAgo)
      for (const t of team.tasks) {
        const automatedFrom = t.automatedMonthsAgo === undefined ? undefined : shiftMonth(last, -t.automatedMonthsAgo)
        const volume = automatedFrom !== undefined && month >= automatedFrom ? 0.1 : 1
        const mean = t.perMonth * (1 + t.growth * m) * volume * (lastDayOfMonth / daysInMonth(month))
        const n = poisson(random, mean)
        for (let i = 0; i < n; i++) {
          const day = `${month}-${String(1 + Math.floor(random() * lastDayOfMonth)).padStart(2, '0')}` as Day
          const minutes = 5 * Math.round((t.minutes[0] + random() * (t.minutes[1] - t.minutes[0])) / 5) || 5
          const createdAt = `${day}T17:${String(Math.floor(random() * 60)).padStart(2, '0')}:00.000Z`
          const id = seededUuid(random, Date.parse(createdAt))
          const engineer = pick(random, team.engineers)
          if (notYet) continue
          yield {
            type: 'entry',
            id,
            task: t.name,
            team: team.name,
            engineer,
            day,
            minutes,
            count: 1,
            tags: t.tags ?? [],
            note: '',
            createdAt,
          }
        }
      }
    }
  }
}
