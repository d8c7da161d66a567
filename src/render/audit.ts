/** `toil audit` as text: a change a line, then what it did to each row it touched. */
import {shortId} from '../domain/uuid.js'
import {cut, termText} from './text.js'

/** An audit row as the renderer needs it (the store's AuditRow has these fields). */
export interface AuditChange {
  at: string
  who: string
  action: string
  object: string
  teams: string[]
  before: Record<string, unknown>
  after: Record<string, unknown>
}

/** Rows of one change listed before the rest is counted. */
const SHOWN = 5
const VALUE_WIDTH = 40

/** `entry 0190d3a2-…-1a2b3c4d` as the entries view names it: by the end of its id. */
function rowName(name: string): string {
  const entry = /^entry (.+)$/.exec(name)
  return entry ? `entry ${shortId(entry[1]!)}` : name
}

const value = (v: unknown): string => cut(JSON.stringify(v) ?? 'null', VALUE_WIDTH)

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** What a change did to one row: added, removed, or its columns from → to; a count as it is. */
export function rowChange(name: string, before: unknown, after: unknown): string {
  const shown = rowName(name)
  if (after !== undefined && !isObject(after)) return `${shown}: ${value(after)}`
  if (before === undefined) return `${shown}: added`
  if (after === undefined) return `${shown}: removed`
  const was = isObject(before) ? before : {}
  const columns = [...new Set([...Object.keys(was), ...Object.keys(after)])]
  return `${shown}: ${columns.map((c) => `${c} ${value(was[c])} → ${value(after[c])}`).join(', ')}`
}

export function auditText(rows: readonly AuditChange[]): string {
  if (rows.length === 0) return 'No changes recorded.'
  const out: string[] = []
  for (const r of rows) {
    const names = [...new Set([...Object.keys(r.before), ...Object.keys(r.after)])]
    // The object is worth a word only where it is not one of the rows listed below (an import's file).
    const object = names.includes(r.object) ? '' : ` ${r.object}`
    const where = r.teams.length === 0 ? '' : ` (${r.teams.join(', ')})`
    out.push(termText(`${r.at.slice(0, 19).replace('T', ' ')}  ${r.who}  ${r.action}${object}${where}`))
    for (const name of names.slice(0, SHOWN)) out.push(`  ${termText(rowChange(name, r.before[name], r.after[name]))}`)
    if (names.length > SHOWN) out.push(`  … and ${names.length - SHOWN} more (--json has every row)`)
  }
  return out.join('\n')
}
