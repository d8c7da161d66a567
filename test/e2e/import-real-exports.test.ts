// Imports of files shaped like the exports teams really have (fixtures under fixtures/import/real,
// written from the formats' documentation: Jira Cloud and Server/DC CSV, Atlassian's search
// examples, PagerDuty's Analytics and REST responses).
import {parse} from 'csv-parse/sync'
import {stringify} from 'csv-stringify/sync'
import {readFileSync, writeFileSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {dumpDb, queryDb, tempDb, toil, toilJson} from './cli.js'

const FIXTURES = resolve(import.meta.dirname, '../fixtures/import')
const real = (name: string) => join(FIXTURES, 'real', name)
const fixture = (name: string) => join(FIXTURES, name)
const env = {TZ: 'UTC'}

let t: ReturnType<typeof tempDb>
beforeEach(() => {
  t = tempDb()
})
afterEach(() => t.cleanup())

const stored = (db: string) => queryDb(db, `SELECT e.source_key AS sourceKey, t.name AS task, tm.name AS team, e.engineer, e.day, e.minutes
  FROM entries e JOIN tasks t ON t.id = e.task_id JOIN teams tm ON tm.id = t.team_id ORDER BY e.source_key`) as {sourceKey: string; task: string; team: string; engineer: string; day: string; minutes: number}[]
const rows = (db: string) => stored(db).map((r) => [r.sourceKey, r.engineer, r.day, r.minutes])
const write = (name: string, text: string) => {
  const file = join(t.dir, name)
  writeFileSync(file, text)
  return file
}

const ANN = 'ug:4e18a2c1-5b7d-4f0e-9a3c-2d6b8e1f7a90'
const BOB = '712020:0ffeeac7-1d2e-4c3b-8a9f-6e5d4c3b2a10'
const UNNAMED = '7ad0d71c-3e2f-4a1b-9c8d-5e4f3a2b1c0d'

describe('1. a later record of an issue replaces its Time Spent fallback', () => {
  it('is reported as changed upstream (the dry run says so), and --update removes the fallback and adds the worklogs', async () => {
    const first = await toilJson(t.db, ['import', '--from', 'jira', real('jira-cloud-no-worklogs.csv'), '--team', 'sre'], {env})
    expect(first.code).toBe(0)
    expect(rows(t.db)).toEqual([
      ['jira:SRE-101:timespent', 'Ann Lee', '2021-06-15', 90],
      ['jira:SRE-102:timespent', 'Bob Ray', '2021-06-16', 45],
    ])

    const dry = await toil(['import', '--from', 'jira', real('jira-cloud.csv'), '--team', 'sre', '--dry-run', '--db', t.db], {env})
    expect(dry.code).toBe(0)
    // SRE-103 has no worklog: its Time Spent is new. SRE-101's 2 and SRE-102's 1 worklogs wait for --update.
    expect(dry.stdout).toContain(': 1 record to add, 0.25 h, in 1 task (1 new)')
    expect(dry.stdout).toContain('Changed upstream (2, would be reported; --update applies them):\n'
      + '  jira:SRE-101:timespent (line 2, sre/Rotate TLS certificates for api, 1.5 h): replaced by its 2 worklogs in the file (1h 30m)\n'
      + '  jira:SRE-102:timespent (line 4, sre/Restart stuck consumer on queue, 0.75 h): replaced by its 1 worklog in the file (45m)')

    const kept = await toilJson(t.db, ['import', '--from', 'jira', real('jira-cloud.csv'), '--team', 'sre'], {env})
    expect(kept.json).toMatchObject({entriesAdded: 1, entriesRemoved: 0, updated: false})
    expect(stored(t.db).filter((r) => r.sourceKey.startsWith('jira:SRE-101')).map((r) => r.sourceKey)).toEqual(['jira:SRE-101:timespent'])

    const update = await toil(['import', '--from', 'jira', real('jira-cloud.csv'), '--team', 'sre', '--update', '--engineer-map', write('map.json', JSON.stringify({[UNNAMED]: 'Cara Diaz'})), '--db', t.db], {env})
    expect(update.code).toBe(0)
    expect(update.stdout).toContain('Imported: 3 entries added, 0 updated, 2 removed; 0 tasks and 0 teams added.')
    // 60 + 30 + 45 + 15 minutes: each hour counted once.
    expect(rows(t.db)).toEqual([
      [`jira:SRE-101:worklog:14/Jun/21_1:13_PM:${ANN}`, 'Ann Lee', '2021-06-14', 60],
      [`jira:SRE-101:worklog:15/Jun/21_10:00_AM:${BOB}`, 'Bob Ray', '2021-06-15', 30],
      [`jira:SRE-102:worklog:16/Jun/21_9:30_AM:${UNNAMED}`, 'Cara Diaz', '2021-06-16', 45],
      ['jira:SRE-103:timespent', 'Bob Ray', '2021-06-17', 15],
    ])

    // The fallback-only export again: its Time Spent would count the stored worklogs twice.
    const again = await toilJson(t.db, ['import', '--from', 'jira', real('jira-cloud-no-worklogs.csv'), '--team', 'sre'], {env})
    expect(again.json).toMatchObject({entriesAdded: 0, records: 0})
    expect(again.json.skipped).toEqual([{reason: 'Time Spent of an issue whose worklogs are imported already (it would count them twice)', count: 2, keys: ['jira:SRE-101:timespent', 'jira:SRE-102:timespent']}])
  })
})

describe('2. Jira Cloud account ids', () => {
  it('are named from the Assignee/Reporter/Creator id columns; --engineer-map names the rest; the dry run lists those left', async () => {
    const dry = await toil(['import', '--from', 'jira', real('jira-cloud.csv'), '--team', 'sre', '--dry-run', '--db', t.db], {env})
    expect(dry.code).toBe(0)
    expect(dry.stdout).toContain(`Account ids with no name in the file (1 id, 1 record): ${UNNAMED}; name them with --engineer-map FILE (a JSON object of id to name)`)

    const map = write('engineers.json', JSON.stringify({[UNNAMED]: 'Cara Diaz'}))
    const run = await toilJson(t.db, ['import', '--from', 'jira', real('jira-cloud.csv'), '--team', 'sre', '--engineer-map', map], {env})
    expect(run.code).toBe(0)
    expect(run.json.unmappedIds).toEqual([])
    expect(stored(t.db).map((r) => r.engineer)).toEqual(['Ann Lee', 'Bob Ray', 'Cara Diaz', 'Bob Ray'])

    const bad = await toil(['import', '--from', 'jira', real('jira-cloud.csv'), '--engineer-map', write('bad.json', '["Ann"]'), '--db', t.db], {env})
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('engineer-map')
  })
})

/** A Server/DC export whose time-tracking add-on logged 30 one-hour worklogs for one person on one day. */
function bulkWorklogs(): string {
  const logs = Array.from({length: 30}, (_, i) => `Synced ${i + 1};02/Mar/20 ${(i % 12) + 1}:${String(i).padStart(2, '0')} AM;jsmith;3600`)
  return stringify([
    ['Summary', 'Issue key', 'Issue id', 'Issue Type', 'Status', 'Assignee', 'Resolved', 'Labels', 'Time Spent', ...logs.map(() => 'Log Work')],
    ['Sync tickets from the old tracker', 'OPS-9', '20009', 'Task', 'Closed', 'jsmith', '03/Mar/20 9:00 AM', 'toil', '108000', ...logs],
    ['Restart the sync daemon', 'OPS-10', '20010', 'Task', 'Closed', 'akumar', '03/Mar/20 9:00 AM', 'toil', '1800', 'Restarted;02/Mar/20 4:00 PM;akumar;1800'],
  ])
}

describe('3. a person-day above 24 h', () => {
  it('is skipped with its reason, named in the dry run; --allow-long-days imports it', async () => {
    const file = write('bulk.csv', bulkWorklogs())
    const dry = await toil(['import', '--from', 'jira', file, '--team', 'ops', '--dry-run', '--db', t.db], {env})
    expect(dry.code).toBe(0)
    expect(dry.stdout).toContain(': 1 record to add, 0.5 h, in 1 task (1 new)')
    expect(dry.stdout).toContain('  30 jsmith on 2020-03-02: 30 records of 30 h, more than 24 h in one day (--allow-long-days imports them): jira:OPS-9:worklog:')
    const run = await toilJson(t.db, ['import', '--from', 'jira', file, '--team', 'ops'], {env})
    expect(run.json).toMatchObject({entriesAdded: 1})
    const allowed = await toilJson(t.db, ['import', '--from', 'jira', file, '--team', 'ops', '--allow-long-days'], {env})
    expect(allowed.json).toMatchObject({entriesAdded: 30})
    expect(stored(t.db).filter((r) => r.engineer === 'jsmith').reduce((sum, r) => sum + r.minutes, 0)).toBe(30 * 60)
  })
})

describe('4. PagerDuty acknowledgers and name lists', () => {
  it('reads the raw-incidents JSON\'s acknowledged_user_names and assigned_user_names', async () => {
    const run = await toilJson(t.db, ['import', '--from', 'pagerduty', real('pagerduty-raw-analytics.json')], {env})
    expect(run.code).toBe(0)
    expect(stored(t.db).map((r) => [r.sourceKey, r.team, r.engineer, r.minutes])).toEqual([
      // Acknowledged by Gil, resolved by Hana: the acknowledger; (3600 − 300) s = 55 minutes.
      ['pagerduty:Q3AAA', 'Platform', 'Gil Ortiz', 55],
      // Nobody acknowledged or resolved it (auto-resolved): the assignee, touch time.
      ['pagerduty:Q3BBB', 'Platform', 'Hana Sato', 5],
    ])
  })

  it('keeps "Smith, John" one name in a CSV name list', async () => {
    await toil(['import', '--from', 'pagerduty', real('pagerduty-names.csv'), '--team', 'data', '--db', t.db], {env})
    expect(stored(t.db).map((r) => [r.sourceKey, r.engineer, r.minutes])).toEqual([
      ['pagerduty:Q4AAA', 'Smith, John', 30],
      ['pagerduty:Q4BBB', 'Ann Lee', 20],
    ])
  })
})

describe('5. the search JSON as Atlassian shows it', () => {
  it('reads worklog as a bare list, and a worklog author with only an accountId under the id, named from the file where it can', async () => {
    const dry = await toil(['import', '--from', 'jira', real('jira-search-v3.json'), '--team', 'ops', '--dry-run', '--db', t.db], {env})
    expect(dry.code).toBe(0)
    expect(dry.stdout).toContain('Jira issue search JSON')
    expect(dry.stdout).toContain(': 3 records to add, 4.08 h, in 2 tasks (2 new)')
    expect(dry.stdout).toContain(`Account ids with no name in the file (1 id, 1 record): ${BOB}`)
    await toil(['import', '--from', 'jira', real('jira-search-v3.json'), '--team', 'ops', '--db', t.db], {env})
    expect(rows(t.db)).toEqual([
      ['jira:ED-1:worklog:100028', 'Mia Krystof', '2021-01-17', 200],
      ['jira:ED-2:worklog:100029', 'Mia Krystof', '2021-01-19', 30],
      ['jira:ED-2:worklog:100030', BOB, '2021-01-19', 15],
    ])
  })
})

describe('6. Server/DC Component/s', () => {
  it('is read for --toil-rule component:, --task-from component and --team-map', async () => {
    const map = write('teams.json', JSON.stringify({postgres: 'data'}))
    const run = await toilJson(t.db, ['import', '--from', 'jira', real('jira-server.csv'), '--toil-rule', 'component:postgres', '--task-from', 'component', '--team-map', map], {env})
    expect(run.code).toBe(0)
    expect(stored(t.db).map((r) => [r.sourceKey, r.team, r.task, r.engineer, r.minutes])).toEqual([
      ['jira:OPS-7:worklog:03/Feb/20_11:00_AM:jsmith', 'data', 'postgres', 'jsmith', 90],
      ['jira:OPS-7:worklog:04/Feb/20_9:00_AM:akumar', 'data', 'postgres', 'akumar', 20],
    ])
    expect(run.json.skipped).toEqual([{reason: 'not toil by the rule (component:postgres)', count: 1, keys: ['jira:OPS-8']}])
  })
})

describe('7. CSV worklogs keyed by what identifies them', () => {
  const header = ['Summary', 'Issue key', 'Issue Type', 'Assignee', 'Resolved', 'Labels', 'Time Spent', 'Log Work', 'Log Work', 'Log Work']
  const csv = (logs: string[]) => stringify([header, ['Rotate keys', 'OPS-1', 'Task', 'Ann Lee', '05/Mar/24 5:00 PM', 'toil', '6300', ...logs, ...Array(3 - logs.length).fill('')]])
  const a = 'Rotated;04/Mar/24 10:00 AM;Ann Lee;3600'
  // Two worklogs of one person started the same minute: told apart by seconds and comment.
  const b = 'Checked;05/Mar/24 9:00 AM;Bob Ray;1800'
  const c = 'Paged back;05/Mar/24 9:00 AM;Bob Ray;900'

  it('reordered cells change nothing; a worklog gone upstream is reported, and removed with --update', async () => {
    await toil(['import', '--from', 'jira', write('one.csv', csv([a, b, c])), '--team', 'ops', '--db', t.db], {env})
    expect(stored(t.db).map((r) => r.minutes).sort()).toEqual([15, 30, 60])
    const before = dumpDb(t.db)

    const reordered = await toilJson(t.db, ['import', '--from', 'jira', write('two.csv', csv([c, a, b])), '--team', 'ops'], {env})
    expect(reordered.json).toMatchObject({entriesAdded: 0, changed: [], removed: []})
    expect(reordered.json.skipped).toEqual([{reason: 'already imported', count: 3, keys: []}])
    expect(dumpDb(t.db)).toBe(before)

    const gone = write('three.csv', csv([c, a]))
    const report = await toil(['import', '--from', 'jira', gone, '--team', 'ops', '--db', t.db], {env})
    expect(report.stdout).toMatch(/Changed upstream \(1, not applied; --update applies them\):\n {2}jira:OPS-1:worklog:05\/Mar\/24_9:00_AM:Bob_Ray:1800s:[0-9a-f]{8} \(line 2, ops\/Rotate keys, 0\.5 h\): no longer in the file \(deleted upstream\)/)
    const update = await toilJson(t.db, ['import', '--from', 'jira', gone, '--team', 'ops', '--update'], {env})
    expect(update.json).toMatchObject({entriesRemoved: 1, entriesAdded: 0})
    expect(stored(t.db).map((r) => r.minutes).sort()).toEqual([15, 60])
  })
})

describe('8. PagerDuty REST GET /incidents', () => {
  it('reads acknowledge→resolve from log entries where present, else touch time, naming the rule in the note', async () => {
    const run = await toilJson(t.db, ['import', '--from', 'pagerduty', real('pagerduty-rest-incidents.json'), '--team', 'mail', '--task-from', 'service'], {env})
    expect(run.code).toBe(0)
    expect(run.json.format).toBe('PagerDuty REST incidents JSON')
    const notes = queryDb(t.db, 'SELECT source_key, note FROM entries ORDER BY source_key') as {source_key: string; note: string}[]
    expect(stored(t.db).map((r) => [r.sourceKey, r.task, r.engineer, r.day, r.minutes])).toEqual([
      // Acknowledged 21:35:42, resolved 22:38:23: 3761 s, 63 minutes.
      ['pagerduty:PT4KHLK', 'My Mail Service', 'Earline Greenholt', '2024-06-10', 63],
      ['pagerduty:PT4KHLM', 'My Mail Service', 'Kelly Smith', '2024-06-11', 5],
    ])
    expect(notes[0]!.note).toBe('PagerDuty #1234 PT4KHLK: The server is on fire. (hands-on time: first acknowledgement to resolve)')
    expect(notes[1]!.note).toContain('touch time: the REST incidents list has no acknowledge or resolve times (save it with include[]=log_entries for them)')
    expect(run.json.skipped).toEqual([{reason: 'not resolved yet (import it again once it is)', count: 1, keys: ['pagerduty:PT4KHLN']}])
  })

  it('reads a CSV flattened from that list', async () => {
    const run = await toilJson(t.db, ['import', '--from', 'pagerduty', real('pagerduty-rest-incidents.csv')], {env})
    expect(run.code).toBe(0)
    expect(run.json.format).toBe('PagerDuty REST incidents CSV')
    expect(stored(t.db).map((r) => [r.sourceKey, r.team, r.task, r.engineer, r.minutes])).toEqual([['pagerduty:PT5AAAA', 'Engineering', 'Certificate expiring on mail', 'Kelly Smith', 5]])
  })
})

describe('9. semicolon and tab delimited CSVs', () => {
  it.each([[';'], ['\t']])('%j: read like the comma-separated file', async (delimiter) => {
    const text = stringify(parse(readFileSync(fixture('pagerduty-incidents.csv'), 'utf8')), {delimiter})
    const run = await toilJson(t.db, ['import', '--from', 'pagerduty', write('incidents.csv', text), '--dry-run'], {env})
    expect(run.code).toBe(0)
    expect(run.json).toMatchObject({records: 7, hours: 7})
  })
})

describe('10. an export in another UI language', () => {
  it('is named for what it is, exit 2', async () => {
    const spanish = 'Resumen,Clave de incidencia,ID de la incidencia,Tipo de Incidencia,Estado,Responsable,Resuelta,Etiquetas,Tiempo Trabajado\nRotar certificados,OPS-1,10001,Tarea,Hecho,Ana,18/jul/24 10:00 AM,toil,3600\n'
    const run = await toil(['import', '--from', 'jira', write('es.csv', spanish), '--db', t.db], {env})
    expect(run.code).toBe(2)
    expect(run.stderr).toContain("line 1: the headers are not in English; export with Jira's language set to English")
  })
})

describe('11. forgetting --from, stdin, and files joined with cat', () => {
  it.each([
    ['real/jira-cloud.csv', 'this looks like a Jira export: add --from jira'],
    ['real/jira-search-v3.json', 'this looks like a Jira export: add --from jira'],
    ['pagerduty-incidents.csv', 'this looks like a PagerDuty export: add --from pagerduty'],
    ['real/pagerduty-rest-incidents.json', 'this looks like a PagerDuty export: add --from pagerduty'],
    ['pagerduty-raw-incidents.json', 'this looks like a PagerDuty export: add --from pagerduty'],
  ])('%s without --from', async (file, message) => {
    const run = await toil(['import', join(FIXTURES, file), '--db', t.db], {env})
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(message)
  })

  it('a Jira export on stdin without --from', async () => {
    const run = await toil(['import', '-', '--db', t.db], {env, input: readFileSync(real('jira-cloud.csv'), 'utf8')})
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('standard input: this looks like a Jira export: add --from jira')
  })

  it('FILE - reads stdin with --from', async () => {
    const run = await toilJson(t.db, ['import', '--from', 'pagerduty', '-', '--team', 'sre'], {env, input: readFileSync(fixture('pagerduty-incidents.csv'), 'utf8')})
    expect(run.code).toBe(0)
    expect(run.json).toMatchObject({entriesAdded: 7, file: '-'})
  })

  it('a repeated header line (two CSVs joined with cat) is skipped', async () => {
    const joined = readFileSync(fixture('pagerduty-incidents.csv'), 'utf8') + readFileSync(real('pagerduty-names.csv'), 'utf8').replace(/^.*\n/, `${readFileSync(fixture('pagerduty-incidents.csv'), 'utf8').split('\n')[0]}\n`).replaceAll(',high\n', ',high,,\n')
    const run = await toilJson(t.db, ['import', '--from', 'pagerduty', write('joined.csv', joined), '--team', 'sre', '--dry-run'], {env})
    expect(run.code).toBe(0)
    expect(run.json.records).toBe(9)
  })
})

describe('12. task names of real titles', () => {
  it('numbers-only summaries stay apart; dates, month names and curly quotes go; a non-ASCII host keeps its name', async () => {
    const csv = stringify([
      ['Summary', 'Issue key', 'Issue Type', 'Assignee', 'Resolved', 'Labels', 'Time Spent'],
      ['12345', 'OPS-1', 'Task', 'Ann Lee', '05/Mar/24 5:00 PM', 'toil', '600'],
      ['67890', 'OPS-2', 'Task', 'Ann Lee', '05/Mar/24 5:00 PM', 'toil', '600'],
      ['September 2025 Variance Review', 'OPS-3', 'Task', 'Ann Lee', '05/Mar/24 5:00 PM', 'toil', '600'],
      ['October 2025 Variance Review', 'OPS-4', 'Task', 'Ann Lee', '06/Mar/24 5:00 PM', 'toil', '600'],
      ['Restart “payments” worker', 'OPS-5', 'Task', 'Ann Lee', '05/Mar/24 5:00 PM', 'toil', '600'],
      ['Restart "payments" worker', 'OPS-6', 'Task', 'Ann Lee', '06/Mar/24 5:00 PM', 'toil', '600'],
      ['V1.0 - EG - TR47 - Save .rtf requirements', 'OPS-7', 'Task', 'Ann Lee', '05/Mar/24 5:00 PM', 'toil', '600'],
      ['V1.0 - EG - TR 44 - Save .rtf requirements', 'OPS-8', 'Task', 'Ann Lee', '06/Mar/24 5:00 PM', 'toil', '600'],
      ['Pod crashloop café-api-7d9f8b-xk2lp', 'OPS-9', 'Task', 'Ann Lee', '05/Mar/24 5:00 PM', 'toil', '600'],
    ])
    const run = await toilJson(t.db, ['import', '--from', 'jira', write('titles.csv', csv), '--team', 'ops', '--dry-run'], {env})
    expect(run.code).toBe(0)
    expect(run.json.tasks.map((x: {task: string; records: number}) => [x.task, x.records]).sort()).toEqual([
      ['12345', 1], ['67890', 1], ['EG TR Save rtf requirements', 2], ['Pod crashloop café-api', 1], ['Restart payments worker', 2], ['Variance Review', 2],
    ])
  })
})
