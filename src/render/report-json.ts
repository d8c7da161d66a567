import {type AutomationJson, type CandidateJson, type ForecastJson, type TeamStatusJson, automationsJson, candidateJson, forecastJson, roundShare, teamStatusJson} from '../domain/analysis/json.js'
import type {Month} from '../domain/calendar.js'
import {roundHours} from '../domain/duration.js'
import type {Report, ReportPeriod} from '../domain/report.js'
import type {Category, Criterion} from '../domain/types.js'
import {answerCommand} from './analysis.js'

const share = (v: number | null) => (v === null ? null : roundShare(v))

/** SPEC §7 `toil report --format json`: the public shape, figures rounded here. */
export interface ReportJson {
  period: {from: string; to: string; month: Month; inProgress: boolean}
  team: string | null
  teams: string[]
  capacityHours: number
  capacityAssumed: boolean
  toilHours: number
  possibleToilHours: number
  share: number | null
  shareUpper: number | null
  operationalShare: number | null
  previousMonth: Month | null
  previousShare: number | null
  threshold: number
  status: ForecastJson['status']
  recentShare: number | null
  monthsOver: Month[]
  onCallLoad: ForecastJson['onCallLoad']
  toilBudget: ForecastJson['toilBudget']
  trend: {
    month: Month; covered: boolean; partial: boolean; toilHours: number; possibleToilHours: number; capacityHours: number; capacityAssumed: boolean
    share: number | null; shareUpper: number | null; operationalShare: number | null
  }[]
  /** Over the trend's counted months (logged, complete, with capacity). */
  trendAverage: {months: number; toilHours: number; share: number | null}
  topTasks: {task: string; team: string; category: Category; hours: number; occurrences: number; shareOfToil: number | null}[]
  byCategory: {category: Category; hours: number; shareOfToil: number | null}[]
  needsReview: {task: string; team: string; verdict: string; hours: number; unanswered: Criterion[]; command: string}[]
  candidates: CandidateJson[]
  automations: AutomationJson[]
  /** As toil forecast --json gives it, each team's status (byTeam) included. */
  forecast: ForecastJson & {byTeam: TeamStatusJson[]}
  byEngineer: {engineer: string; toilHours: number; capacityHours: number; hoursPerWeek: number; share: number; overThreshold: boolean}[] | null
  notes: string[]
}

export function reportJson(r: Report): ReportJson {
  const m = r.month
  const period: ReportPeriod = r.period
  return {
    period: {from: period.from, to: period.to, month: period.month, inProgress: period.inProgress},
    team: r.team,
    teams: r.teams,
    capacityHours: roundHours(m.capacityHours),
    capacityAssumed: m.capacityAssumed,
    toilHours: roundHours(m.toilHours),
    possibleToilHours: roundHours(m.possibleToilHours),
    share: share(m.share),
    shareUpper: share(m.shareUpper),
    operationalShare: share(m.operationalShare),
    previousMonth: r.previous?.month ?? null,
    previousShare: share(r.previous?.share ?? null),
    threshold: roundShare(r.threshold),
    status: r.forecast.status,
    recentShare: share(r.forecast.recentShare),
    monthsOver: [...r.forecast.monthsOver],
    onCallLoad: r.onCallLoad && {...r.onCallLoad, share: roundShare(r.onCallLoad.share)},
    toilBudget: r.forecast.budget && {...r.forecast.budget, budget: roundShare(r.forecast.budget.budget)},
    trend: r.trend.map((t) => ({
      month: t.month,
      covered: t.covered,
      partial: t.partial,
      toilHours: roundHours(t.toilHours),
      possibleToilHours: roundHours(t.possibleToilHours),
      capacityHours: roundHours(t.capacityHours),
      capacityAssumed: t.capacityAssumed,
      share: share(t.share),
      shareUpper: share(t.shareUpper),
      operationalShare: share(t.operationalShare),
    })),
    trendAverage: {months: r.trendTotals.countedMonths, toilHours: roundHours(r.trendTotals.averageToilHours), share: share(r.trendTotals.averageShare)},
    topTasks: r.topTasks.map((t) => ({...t, hours: roundHours(t.hours), shareOfToil: share(t.shareOfToil)})),
    byCategory: r.byCategory.map((c) => ({...c, hours: roundHours(c.hours), shareOfToil: share(c.shareOfToil)})),
    needsReview: r.needsReview.map((n) => ({...n, hours: roundHours(n.hours), command: answerCommand(n)})),
    candidates: r.candidates.map(candidateJson),
    automations: automationsJson(r.analysis),
    forecast: {...forecastJson(r.analysis), byTeam: r.byTeam.map((team) => teamStatusJson(team.analysis))},
    byEngineer: r.byEngineer && r.byEngineer.map((e) => ({...e, toilHours: roundHours(e.toilHours), capacityHours: roundHours(e.capacityHours), share: roundShare(e.share)})),
    notes: r.notes,
  }
}
