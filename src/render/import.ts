import type {SourceImportResult} from '../app/source-import.js'
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
  if (r.changed.length > 0) {
    const how = r.updated ? 'updated' : r.dryRun ? 'would be reported; --update applies them' : 'not applied; --update applies them'
    out.push('', `Changed upstream (${r.changed.length}, ${how}):`)
    for (const c of r.changed.slice(0, 20)) {
      const what = c.changes.map((d) => `${d.field} ${d.stored} → ${d.file}`).join(', ')
      out.push(termText(`  ${c.sourceKey} (line ${c.line}, ${c.team}/${c.task}): ${what}`))
    }
    if (r.changed.length > 20) out.push(`  and ${r.changed.length - 20} more`)
  }
  out.push('')
  if (r.dryRun) {
    out.push('Dry run: nothing was written.')
  } else {
    out.push(`Imported: ${plural(r.entriesAdded, 'entry', 'entries')} added, ${r.entriesUpdated} updated; ${plural(r.tasksAdded, 'task')} and ${plural(r.teamsAdded, 'team')} added.`)
    if (r.backup !== null) out.push(`The database as it was before is kept in ${termText(r.backup)}`)
  }
  return out.join('\n')
}
