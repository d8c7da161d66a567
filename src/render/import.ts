import type {SourceImportResult} from '../domain/import/plan.js'
import {plural} from './entries.js'
import {renderTable} from './table.js'
import {hours, termText} from './text.js'

/** Keys a skip reason lists before "and N more". */
const SHOWN_KEYS = 5

/** The summary of `toil import --from`: per task, then what is skipped and why, then what changed upstream. */
export function renderSourceImport(r: SourceImportResult): string {
  const out: string[] = []
  const newTasks = r.tasks.filter((t) => t.newTask).length
  const verb = r.dryRun ? 'to add' : 'added'
  out.push(`${r.format} ${termText(r.file)}: ${plural(r.records, 'record')} ${verb}, ${hours(r.hours)}, in ${plural(r.tasks.length, 'task')} (${newTasks} new)`)
  if (r.tasks.length > 0) {
    out.push('')
    const rows = r.tasks.map((t) => [t.team, t.task, t.records, t.hours.toFixed(2), t.newTask ? (t.nearMatch === null ? 'new' : `new, near "${t.nearMatch}"`) : 'existing'])
    out.push(renderTable(['Team', 'Task', 'Records', 'Hours', 'Task is'], rows, ['left', 'left', 'right', 'right', 'left']))
  }
  const skippedCount = r.skipped.reduce((n, g) => n + g.count, 0)
  if (skippedCount > 0) {
    out.push('', `Skipped (${skippedCount}):`)
    for (const g of r.skipped) {
      const keys = g.keys.length === 0 ? '' : `: ${g.keys.slice(0, SHOWN_KEYS).join(', ')}${g.keys.length > SHOWN_KEYS ? ` and ${g.keys.length - SHOWN_KEYS} more` : ''}`
      out.push(termText(`  ${g.count} ${g.reason}${keys}`))
    }
  }
  const changes = r.changed.length + r.removed.length
  if (changes > 0) {
    const how = r.updated ? 'updated' : r.dryRun ? 'would be reported; --update applies them' : 'not applied; --update applies them'
    out.push('', `Changed upstream (${changes}, ${how}):`)
    const lines = [
      ...r.changed.map((c) => `  ${c.sourceKey} (line ${c.line}, ${c.team}/${c.task}): ${c.changes.map((d) => `${d.field} ${d.stored} → ${d.file}`).join(', ')}`),
      ...r.removed.map((c) => `  ${c.sourceKey} (line ${c.line}, ${c.team}/${c.task}, ${hours(c.minutes / 60)}): ${c.reason}`),
    ]
    for (const line of lines.slice(0, 20)) out.push(termText(line))
    if (lines.length > 20) out.push(`  and ${lines.length - 20} more`)
  }
  if (r.unmappedIds.length > 0) {
    const n = r.unmappedIds.reduce((sum, u) => sum + u.records, 0)
    const ids = r.unmappedIds.slice(0, SHOWN_KEYS).map((u) => u.id).join(', ')
    const more = r.unmappedIds.length > SHOWN_KEYS ? ` and ${r.unmappedIds.length - SHOWN_KEYS} more` : ''
    out.push('', termText(`Account ids with no name in the file (${plural(r.unmappedIds.length, 'id')}, ${plural(n, 'record')}): ${ids}${more}; name them with --engineer-map FILE (a JSON object of id to name)`))
  }
  out.push('')
  if (r.dryRun) {
    out.push('Dry run: nothing was written.')
  } else {
    const removed = r.entriesRemoved > 0 ? `, ${r.entriesRemoved} removed` : ''
    out.push(`Imported: ${plural(r.entriesAdded, 'entry', 'entries')} added, ${r.entriesUpdated} updated${removed}; ${plural(r.tasksAdded, 'task')} and ${plural(r.teamsAdded, 'team')} added.`)
    if (r.backup !== null) out.push(`The database as it was before is kept in ${termText(r.backup)}`)
  }
  return out.join('\n')
}
