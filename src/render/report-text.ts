import type {Month} from '../domain/calendar.js'
import type {Report} from '../domain/report.js'

/** `Oct 26`: six months and Total/Average fit in 80 columns. */
export function shortMonth(month: Month): string {
  const names = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
  return `${names[Number(month.slice(5, 7)) - 1]} ${month.slice(2, 4)}`
}

export function longMonth(month: Month): string {
  const names = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']
  return `${names[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`
}

export function h1(hours: number): string {
  return `${hours.toFixed(1)} h`
}

export function pct(share: number | null | undefined, digits = 1): string {
  return share === null || share === undefined || !Number.isFinite(share) ? 'n/a' : `${(share * 100).toFixed(digits)}%`
}

export function scopeName(report: Pick<Report, 'team' | 'teams'>): string {
  if (report.team !== null) return report.team
  return report.teams.length === 0 ? 'all teams (none yet)' : `all teams (${report.teams.join(', ')})`
}

/** The header lines every format shares, as label/value pairs. */
export function headline(report: Report): [string, string][] {
  const m = report.month
  const rows: [string, string][] = []
  rows.push(['Capacity', m.share === null ? 'unknown (no capacity set and nobody logged)' : `${h1(m.capacityHours)}${m.capacityAssumed ? ' (assumed)' : ''}`])
  const range = m.shareUpper !== null && m.shareUpper > (m.share ?? 0) + 1e-9 ? `, up to ${pct(m.shareUpper)} with possible toil (${h1(m.possibleToilHours)})` : ''
  rows.push(['Toil', m.totalHours === 0 ? 'no work logged' : `${h1(m.toilHours)} = ${pct(m.share)} of capacity${range}`])
  rows.push(['Operational', `${pct(m.operationalShare)} of capacity (toil plus on-call and interrupt work)`])
  const load = report.onCallLoad
  if (load) {
    const who = load.rotation === null ? 'weighted over the teams' : `${load.shifts} of a ${load.rotation}-person rotation`
    rows.push(['On call', `${pct(load.share)} of each engineer's weeks (${who})${load.overLimit ? '; above the 25% ceiling for time on call' : ''}`])
  }
  rows.push(['Change', changeText(report)])
  rows.push(['Status', statusText(report)])
  for (const team of report.byTeam) rows.push([`Status of ${team.team}`, statusText(team)])
  const budget = report.forecast.budget
  if (budget) rows.push(['Budget', budgetText(report, budget)])
  return rows
}

function budgetText(report: Report, b: NonNullable<Report['forecast']['budget']>): string {
  const t = pct(b.budget, 0)
  if (b.over) return `${t} of capacity: over it (${pct(report.forecast.recentShare)} over the last 3 months)`
  if (b.crossingMonth) return `${t} of capacity: projected to reach it in ${b.crossingMonth}`
  return `${t} of capacity: within it for the next ${report.analysis.options.horizon} months`
}

/** "2 of 31 days" of a month in progress, else null. */
export function daysSoFar(period: Report['period']): string | null {
  if (!period.inProgress) return null
  const [year, month] = period.month.split('-').map(Number) as [number, number]
  const days = Number(period.to.slice(8)) - Number(period.from.slice(8)) + 1
  return `${days} of ${new Date(Date.UTC(year, month, 0)).getUTCDate()} days`
}

/** The report's title: "Toil report — payments — December 2026 so far (2026-12-01 to 2026-12-04, 4 of 31 days)". */
export function reportTitle(report: Report): string {
  const p = report.period
  const days = daysSoFar(p)
  return `Toil report — ${scopeName(report)} — ${longMonth(p.month)}${days ? ' so far' : ''} (${p.from} to ${p.to}${days ? `, ${days}` : ''})`
}

export function changeText(report: Report): string {
  const {month: m, previous} = report
  if (!previous || previous.share === null) return 'no previous month with data to compare with'
  if (m.share === null) return `previous month ${pct(previous.share)}; this month has no capacity`
  // Rounded first, so a change too small to show reads ±0.0, never −0.0.
  const points = Math.round((m.share - previous.share) * 1000) / 10
  const sign = points > 0 ? '+' : points < 0 ? '−' : '±'
  const days = daysSoFar(report.period)
  // A month in progress holds a few days' toil against the whole month's capacity: said where the change is read.
  const partial = days ? `; ${longMonth(m.month)} so far is ${days} against a whole month's capacity, so the change is not yet comparable` : ''
  return `${sign}${Math.abs(points).toFixed(1)} points from ${longMonth(previous.month)} (${pct(previous.share)})${partial}`
}

export function statusText(report: Report): string {
  const f = report.forecast
  const t = pct(report.threshold, 0)
  const mean = f.recentShare === null ? '' : ` (${pct(f.recentShare)} over the last 3 months)`
  const over = f.monthsOver.length === 0 ? '' : `; ${f.monthsOver.map(longMonthOf).join(' and ')} ${f.monthsOver.length === 1 ? 'was' : 'were'} over ${t}`
  switch (f.status) {
    case 'bankrupt':
      return `BANKRUPT: ${f.recentMonths.map(shortMonth).join(', ')} averaged ${pct(f.recentShare)}, at or above the ${t} threshold`
    case 'crossing':
      return `crossing: projected to reach ${t} in ${f.crossingMonth}, ${f.monthsToCrossing} months after ${f.baseMonth}${mean}${over}`
    case 'stable':
      return `stable: below ${t}${mean} and not projected to reach it within ${report.analysis.options.horizon} months${over}`
    default:
      return `insufficient data: ${f.reason}${over}`
  }
}

const longMonthOf = (month: Month) => longMonth(month)
