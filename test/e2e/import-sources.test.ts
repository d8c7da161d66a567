import Database from 'better-sqlite3'
import {existsSync, readFileSync, readdirSync, writeFileSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {dumpDb, tempDb, toil, toilJson} from './cli.js'

const FIXTURES = resolve(import.meta.dirname, '../fixtures/import')
const fixture = (name: string) => join(FIXTURES, name)
// Days of timestamps with an offset are read where the machine is: fixed here.
const env = {TZ: 'UTC'}

let t: ReturnType<typeof tempDb>
beforeEach(() => {
  t = tempDb()
})
afterEach(() => t.cleanup())

const stored = (db: string) => {
  const conn = new Database(db, {readonly: true})
  try {
    return conn.prepare(`SELECT e.source_key AS sourceKey, t.name AS task, tm.name AS team, e.engineer, e.day, e.minutes, e.tags
      FROM entries e JOIN tasks t ON t.id = e.task_id JOIN teams tm ON tm.id = t.team_id ORDER BY e.source_key`).all() as {sourceKey: string; task: string; team: string; engineer: string; day: string; minutes: number; tags: string}[]
  } finally {
    conn.close()
  }
}

describe('toil import --from pagerduty', () => {
  it('--dry-run prints per task the records, hours and whether the task is new, then the skipped and why, and writes nothing', async () => {
    const run = await toil(['import', '--from', 'pagerduty', fixture('pagerduty-incidents.csv'), '--dry-run', '--db', t.db], {env})
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('PagerDuty incidents CSV')
    expect(run.stdout).toContain(': 7 records to add, 7 h, in 5 tasks (5 new)')
    expect(run.stdout).toMatch(/SRE\s+High CPU on web\s+2\s+1\.25\s+new/)
    expect(run.stdout).toMatch(/SRE\s+Replication lag on db\s+1\s+4\.00\s+new/)
    expect(run.stdout).toContain('Skipped (2):\n  1 not resolved yet (import it again once it is): pagerduty:Q1GGG\n  1 nobody acknowledged, resolved or was assigned it: pagerduty:Q1III')
    expect(run.stdout).toContain('Dry run: nothing was written.')
    expect(existsSync(t.db)).toBe(false)

    await toil(['log', 'high cpu on web', '10m', '--team', 'SRE', '--db', t.db])
    const before = dumpDb(t.db)
    const json = await toilJson(t.db, ['import', '--from', 'pagerduty', fixture('pagerduty-incidents.csv'), '--dry-run'], {env})
    expect(json.json.tasks.find((x: {task: string}) => x.task === 'high cpu on web')).toEqual({team: 'SRE', task: 'high cpu on web', records: 2, hours: 1.25, newTask: false, nearMatch: null})
    expect(json.json).toMatchObject({dryRun: true, records: 7, hours: 7, entriesAdded: 0, backup: null})
    expect(dumpDb(t.db)).toBe(before)
  })

  it('imports every incident once, tagged and noted, and the same file again adds nothing', async () => {
    const first = await toilJson(t.db, ['import', '--from', 'pagerduty', fixture('pagerduty-incidents.csv')], {env})
    expect(first.code).toBe(0)
    expect(first.json).toMatchObject({entriesAdded: 7, tasksAdded: 5, teamsAdded: 1, records: 7, backup: null})
    const rows = stored(t.db)
    expect(rows.map((r) => [r.sourceKey, r.task, r.engineer, r.day, r.minutes])).toEqual([
      ['pagerduty:Q1AAA', 'High CPU on web', 'Ann Lee', '2024-03-04', 30],
      ['pagerduty:Q1BBB', 'High CPU on web', 'Bob Ray', '2024-03-06', 45],
      ['pagerduty:Q1CCC', 'Disk full on db', 'Ann Lee', '2024-03-07', 65],
      ['pagerduty:Q1DDD', 'Certificate expires in days for api.example.com', 'Cara Diaz', '2024-03-08', 5],
      ['pagerduty:Q1EEE', 'Replication lag on db', 'Bob Ray', '2024-03-09', 240],
      ['pagerduty:Q1FFF', 'Disk full on db', 'Cara Diaz', '2024-03-10', 5],
      ['pagerduty:Q1HHH', 'High CPU on web still rising after restart', 'Bob Ray', '2024-03-12', 30],
    ])
    for (const r of rows) expect(JSON.parse(r.tags)).toEqual(['oncall', 'pagerduty'])
    const tasks = await toilJson(t.db, ['task', 'list', '--team', 'SRE'])
    expect(JSON.stringify(tasks.json)).toContain('"oncall"')

    const before = dumpDb(t.db)
    const again = await toil(['import', '--from', 'pagerduty', fixture('pagerduty-incidents.csv'), '--db', t.db], {env})
    expect(again.code).toBe(0)
    expect(again.stdout).toContain(': 0 records added, 0 h, in 0 tasks (0 new)')
    expect(again.stdout).toContain('  7 already imported')
    expect(again.stdout).toContain('Imported: 0 entries added, 0 updated; 0 tasks and 0 teams added.')
    expect(dumpDb(t.db)).toBe(before)
  })

  it('an overlapping later export adds only the new; a record changed upstream is reported, and applied with --update after a backup', async () => {
    await toil(['import', '--from', 'pagerduty', fixture('pagerduty-incidents.csv'), '--db', t.db], {env})
    const lines = readFileSync(fixture('pagerduty-incidents.csv'), 'utf8').split('\n')
    const later = [
      lines[0],
      // Q1AAA's responder corrected the effort: 1800 s → 2400 s.
      lines[1]!.replace(/,3000,1800$/, ',3000,2400'),
      lines[2],
      'Q1JJJ,110,High CPU on web-05,checkout-api,SRE primary,SRE,2024-03-14T10:00:00Z,60,1260,false,Cara Diaz,Cara Diaz,Cara Diaz,high,,',
      '',
    ].join('\n')
    const file = join(t.dir, 'later.csv')
    writeFileSync(file, later)

    const report = await toil(['import', '--from', 'pagerduty', file, '--db', t.db], {env})
    expect(report.code).toBe(0)
    expect(report.stdout).toContain(': 1 record added, 0.33 h, in 1 task (0 new)')
    expect(report.stdout).toContain('Changed upstream (1, not applied; --update applies them):\n  pagerduty:Q1AAA (line 2, SRE/High CPU on web): minutes 30 → 40')
    expect(report.stdout).toContain('  1 already imported')
    expect(stored(t.db).find((r) => r.sourceKey === 'pagerduty:Q1AAA')!.minutes).toBe(30)
    expect(stored(t.db).find((r) => r.sourceKey === 'pagerduty:Q1JJJ')).toMatchObject({task: 'High CPU on web', minutes: 20})

    const update = await toilJson(t.db, ['import', '--from', 'pagerduty', file, '--update'], {env})
    expect(update.json).toMatchObject({entriesAdded: 0, entriesUpdated: 1, updated: true, changed: [{sourceKey: 'pagerduty:Q1AAA', changes: [{field: 'minutes', stored: 30, file: 40}]}]})
    expect(update.json.backup).toMatch(/import\.bak$/)
    expect(existsSync(update.json.backup)).toBe(true)
    expect(stored(t.db).find((r) => r.sourceKey === 'pagerduty:Q1AAA')!.minutes).toBe(40)
    expect(stored(t.db)).toHaveLength(8)

    const settled = await toilJson(t.db, ['import', '--from', 'pagerduty', file, '--update'], {env})
    expect(settled.json).toMatchObject({entriesAdded: 0, entriesUpdated: 0, changed: []})
  })

  it('reads the raw-incidents JSON, with its team names and a team map', async () => {
    const map = join(t.dir, 'teams.json')
    writeFileSync(map, JSON.stringify({Payments: 'payments', 'web-frontend': 'web'}))
    const run = await toilJson(t.db, ['import', '--from', 'pagerduty', fixture('pagerduty-raw-incidents.json'), '--team-map', map], {env})
    expect(run.code).toBe(0)
    expect(stored(t.db).map((r) => [r.sourceKey, r.team, r.task, r.minutes])).toEqual([
      ['pagerduty:Q2AAA', 'payments', 'Pod crashloop api', 21],
      ['pagerduty:Q2BBB', 'payments', 'Pod crashloop api', 90],
      ['pagerduty:Q2CCC', 'web', 'Synthetic check failed login', 5],
    ])
    expect(run.json.skipped).toEqual([{reason: 'appears again in the file (the first one counts)', count: 1, keys: ['pagerduty:Q2BBB']}])
  })

  it('--max-incident-time and --touch change the caps; --task-from service names tasks by service', async () => {
    const run = await toilJson(t.db, ['import', '--from', 'pagerduty', fixture('pagerduty-incidents.csv'), '--max-incident-time', '1h', '--touch', '10m', '--task-from', 'service', '--team', 'sre'], {env})
    expect(run.code).toBe(0)
    expect(stored(t.db).map((r) => [r.sourceKey, r.task, r.minutes])).toEqual([
      ['pagerduty:Q1AAA', 'checkout-api', 30],
      ['pagerduty:Q1BBB', 'checkout-api', 45],
      ['pagerduty:Q1CCC', 'postgres', 60],
      ['pagerduty:Q1DDD', 'edge', 10],
      ['pagerduty:Q1EEE', 'postgres', 60],
      ['pagerduty:Q1FFF', 'postgres', 10],
      ['pagerduty:Q1HHH', 'checkout-api', 30],
    ])
  })

  it('a new task one typo from an existing one is refused unless --new', async () => {
    await toil(['log', 'Disk full on db1', '10m', '--team', 'sre', '--db', t.db])
    const refused = await toil(['import', '--from', 'pagerduty', fixture('pagerduty-incidents.csv'), '--team', 'sre', '--db', t.db], {env})
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('task: "Disk full on db" (did you mean "Disk full on db1"?) would be new tasks one typo away from existing ones of their team')
    expect(stored(t.db)).toHaveLength(1)
    const dry = await toil(['import', '--from', 'pagerduty', fixture('pagerduty-incidents.csv'), '--team', 'sre', '--db', t.db, '--dry-run'], {env})
    expect(dry.stdout).toMatch(/Disk full on db\s+2\s+1\.17\s+new, near "Disk full on db1"/)
    const forced = await toil(['import', '--from', 'pagerduty', fixture('pagerduty-incidents.csv'), '--team', 'sre', '--db', t.db, '--new'], {env})
    expect(forced.code).toBe(0)
    expect(stored(t.db)).toHaveLength(8)
  })
})

describe('toil import --from jira', () => {
  it('imports worklogs and Time Spent of toil tickets from the CSV, tagged ticket and jira', async () => {
    const run = await toil(['import', '--from', 'jira', fixture('jira-issues.csv'), '--team', 'ops', '--db', t.db], {env})
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('Jira issue CSV')
    expect(run.stdout).toContain(': 5 records added, 3.5 h, in 4 tasks (4 new)')
    expect(run.stdout).toContain('1 not toil by the rule (label:toil, type:Toil, type:Interrupt): jira:OPS-43')
    const rows = stored(t.db)
    expect(rows.map((r) => [r.sourceKey, r.task, r.engineer, r.day, r.minutes])).toEqual([
      ['jira:OPS-40:worklog:04/Mar/24_10:00_AM:Ann_Lee', 'Rotate TLS certificates for api', 'Ann Lee', '2024-03-04', 60],
      ['jira:OPS-40:worklog:05/Mar/24_4:30_PM:Bob_Ray', 'Rotate TLS certificates for api', 'Bob Ray', '2024-03-05', 30],
      ['jira:OPS-41:timespent', 'Update cert on web', 'Bob Ray', '2024-03-06', 60],
      ['jira:OPS-42:timespent', 'Restart stuck consumer on queue', 'Cara Diaz', '2024-03-07', 45],
      ['jira:OPS-45:worklog:11/Mar/24_10:00:Bob_Ray', 'Access request for cara', 'Bob Ray', '2024-03-11', 15],
    ])
    for (const r of rows) expect(JSON.parse(r.tags)).toEqual(['jira', 'ticket'])
  })

  it('reads the search JSON; --toil-rule and --task-from component change what is imported and how it is named', async () => {
    const run = await toilJson(t.db, ['import', '--from', 'jira', fixture('jira-search.json'), '--team', 'ops', '--toil-rule', 'label:planning,component:postgres', '--task-from', 'component'], {env})
    expect(run.code).toBe(0)
    expect(stored(t.db).map((r) => [r.sourceKey, r.task, r.minutes])).toEqual([
      ['jira:OPS-50:worklog:10001', 'postgres', 90],
      ['jira:OPS-50:worklog:10002', 'postgres', 20],
      ['jira:OPS-52:worklog:10003', 'Write the storage roadmap', 240],
      ['jira:OPS-53:worklog:10004', 'postgres', 60],
    ])
  })

  it('refuses flags of the other source and a --task-from it cannot follow', async () => {
    for (const args of [['--touch', '5m'], ['--task-from', 'service']]) {
      const run = await toil(['import', '--from', 'jira', fixture('jira-issues.csv'), '--db', t.db, ...args], {env})
      expect(run.code).toBe(2)
      expect(run.stderr).toMatch(/is for --from pagerduty only|is not available for jira; use title or label or component/)
    }
    const bad = await toil(['import', '--from', 'jira', fixture('jira-issues.csv'), '--db', t.db, '--toil-rule', 'priority:high'], {env})
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('toil-rule: "priority:high" is not a toil rule')
    const stray = await toil(['import', fixture('jira-issues.csv'), '--dry-run', '--db', t.db], {env})
    expect(stray.code).toBe(2)
    expect(stray.stderr).toContain('needs --from pagerduty or --from jira')
    expect(existsSync(t.db)).toBe(false)
  })
})

describe('bad input: exit 2, nothing imported', () => {
  beforeEach(async () => {
    await toil(['log', 'backups', '10m', '--team', 'sre', '--db', t.db])
  })

  it.each([
    ['pagerduty', 'other-tool.csv', "line 1: this is not PagerDuty's incidents CSV (Advanced Reporting): it has no id, service_name, created_on"],
    ['jira', 'other-tool.csv', "line 1: this is not Jira's issue CSV export: it has no Summary, Issue key, Issue Type, Assignee, Resolved, Time Spent columns"],
    ['jira', 'pagerduty-incidents.csv', "this is not Jira's issue CSV export"],
    ['pagerduty', 'jira-search.json', "this is not PagerDuty's raw-incidents JSON"],
  ])('--from %s %s', async (source, file, message) => {
    const before = dumpDb(t.db)
    const run = await toil(['import', '--from', source, fixture(file), '--db', t.db], {env})
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(message)
    expect(dumpDb(t.db)).toBe(before)
    expect(existsSync(join(t.dir, 'backups')) ? readdirSync(join(t.dir, 'backups')) : []).toEqual([])
  })

  it('a bad row names its line, and no row of the file is imported; --json gives the error as JSON', async () => {
    const before = dumpDb(t.db)
    const file = join(t.dir, 'bad.csv')
    writeFileSync(file, readFileSync(fixture('pagerduty-incidents.csv'), 'utf8').replace('2024-03-10T08:00:00Z', '10.03.2024'))
    const run = await toil(['import', '--from', 'pagerduty', file, '--db', t.db], {env})
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('line 7: created_on: "10.03.2024" is not a date')
    expect(dumpDb(t.db)).toBe(before)
    const json = await toilJson(t.db, ['import', '--from', 'pagerduty', file], {env})
    expect(json.code).toBe(2)
    expect(json.json.error.message).toContain('line 7: created_on')
    // A multi-line summary shifts the lines after it: the bad row is named by the line it starts on.
    const jira = join(t.dir, 'bad-jira.csv')
    writeFileSync(jira, readFileSync(fixture('jira-issues.csv'), 'utf8').replace(';Bob Ray;900', ';Bob Ray;nine hundred'))
    const bad = await toil(['import', '--from', 'jira', jira, '--db', t.db, '--team', 'sre'], {env})
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('line 8: Log Work seconds: "nine hundred" is not a number of seconds')
    expect(dumpDb(t.db)).toBe(before)
  })

  it('a missing file and a team map that misses a name', async () => {
    const missing = await toil(['import', '--from', 'jira', join(t.dir, 'nope.csv'), '--db', t.db], {env})
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('does not exist')
    const map = join(t.dir, 'map.json')
    writeFileSync(map, '{"checkout-api": "payments"}')
    const unmapped = await toil(['import', '--from', 'pagerduty', fixture('pagerduty-incidents.csv'), '--team-map', map, '--db', t.db], {env})
    expect(unmapped.code).toBe(2)
    expect(unmapped.stderr).toContain('team-map: no team for "SRE / postgres / SRE primary" (line 4)')
  })
})

describe('source keys through export and import', () => {
  it('a JSONL export carries them (only on imported entries), and importing it elsewhere then the source again adds nothing', async () => {
    await toil(['log', 'backups', '10m', '--team', 'SRE', '--db', t.db])
    await toil(['import', '--from', 'pagerduty', fixture('pagerduty-incidents.csv'), '--db', t.db], {env})
    const exported = await toil(['export', '--db', t.db])
    const entries = exported.stdout.trim().split('\n').map((l) => JSON.parse(l)).filter((r) => r.type === 'entry')
    expect(entries.filter((e) => e.sourceKey !== undefined)).toHaveLength(7)
    expect(entries.find((e) => e.task === 'backups')).not.toHaveProperty('sourceKey')

    const other = join(t.dir, 'other.db')
    const file = join(t.dir, 'export.jsonl')
    writeFileSync(file, exported.stdout)
    expect((await toilJson(other, ['import', file])).json).toMatchObject({entriesAdded: 8})
    expect((await toil(['export', '--db', other])).stdout).toBe(exported.stdout)
    const again = await toilJson(other, ['import', '--from', 'pagerduty', fixture('pagerduty-incidents.csv')], {env})
    expect(again.json).toMatchObject({entriesAdded: 0, records: 0})
    expect(again.json.skipped[0]).toEqual({reason: 'already imported', count: 7, keys: []})
  })
})

/** A month of pages: four kinds of alert, on numbered hosts, several a day. */
function monthOfIncidents(): string {
  const kinds = [
    ['High CPU on web-{n}', 'checkout-api', 1500],
    ['Disk full on db-{n}.prod', 'postgres', 2400],
    ['Certificate renewal failed for edge-{n}', 'edge', 900],
    ['Queue backlog on worker-{n}', 'jobs', 1200],
  ] as const
  const people = ['Ann Lee', 'Bob Ray', 'Cara Diaz']
  const rows = ['id,incident_number,description,service_name,escalation_policy_name,team_name,created_on,seconds_to_first_ack,seconds_to_resolve,auto_resolved,acknowledged_by_user_names,assigned_to_user_names,resolved_by_user_name,urgency']
  let n = 0
  for (let day = 1; day <= 31; day++) {
    for (let k = 0; k < kinds.length; k++) {
      if ((day + k) % 2 === 0) continue
      const [title, service, seconds] = kinds[k]!
      const who = people[(day + k) % 3]!
      n++
      rows.push(`QM${String(n).padStart(4, '0')},${1000 + n},${title.replace('{n}', String(day % 9 + 1))},${service},SRE primary,SRE,2024-03-${String(day).padStart(2, '0')}T0${k + 1}:00:00Z,60,${60 + seconds},false,${who},${who},${who},high`)
    }
  }
  return `${rows.join('\n')}\n`
}

function monthOfTickets(): string {
  const rows = ['Summary,Issue key,Issue Type,Status,Created,Resolved,Assignee,Labels,Labels,Time Spent,Log Work']
  for (let i = 1; i <= 20; i++) {
    const day = String(i + 5).padStart(2, '0')
    rows.push(`Grant database access for user ${4000 + i},OPS-${100 + i},Task,Done,${day}/Mar/24 9:00 AM,${day}/Mar/24 11:00 AM,Bob Ray,toil,access,1800,Granted;${day}/Mar/24 10:00 AM;Bob Ray;1800`)
  }
  rows.push('Plan the storage migration,OPS-200,Story,Done,01/Mar/24 9:00 AM,29/Mar/24 5:00 PM,Ann Lee,,,28800,Plan;29/Mar/24 9:00 AM;Ann Lee;28800')
  return `${rows.join('\n')}\n`
}

describe('end to end: a month of pages and tickets', () => {
  it('imported, then classify, candidates and report show the imported toil', async () => {
    const pages = join(t.dir, 'incidents.csv')
    const tickets = join(t.dir, 'issues.csv')
    writeFileSync(pages, monthOfIncidents())
    writeFileSync(tickets, monthOfTickets())
    const p = await toilJson(t.db, ['import', '--from', 'pagerduty', pages, '--team', 'sre'], {env})
    expect(p.json).toMatchObject({entriesAdded: 62, tasksAdded: 4})
    expect(p.json.tasks.map((x: {task: string}) => x.task).sort()).toEqual(['Certificate renewal failed for edge', 'Disk full on db', 'High CPU on web', 'Queue backlog on worker'])
    const j = await toilJson(t.db, ['import', '--from', 'jira', tickets, '--team', 'sre'], {env})
    expect(j.json).toMatchObject({entriesAdded: 20, tasksAdded: 1, records: 20, hours: 10})
    expect(j.json.tasks).toEqual([{team: 'sre', task: 'Grant database access for user', records: 20, hours: 10, newTask: true, nearMatch: null}])

    // Pages are on-call work (tactical) and repeat: answering the three criteria no record can tell makes them toil.
    for (const task of ['High CPU on web', 'Disk full on db']) {
      expect((await toil(['task', 'edit', task, '--team', 'sre', '--manual', '--automatable', '--no-enduring-value', '--cost', '20h', '--db', t.db])).code).toBe(0)
    }
    const asOf = ['--as-of', '2024-04-01', '--team', 'sre']
    const classify = await toilJson(t.db, ['classify', ...asOf])
    const verdicts = Object.fromEntries(classify.json.tasks.map((x: {task: string; verdict: string}) => [x.task, x.verdict]))
    expect(verdicts).toMatchObject({'High CPU on web': 'toil', 'Disk full on db': 'toil', 'Queue backlog on worker': 'possible-toil', 'Grant database access for user': 'possible-toil'})

    const candidates = await toilJson(t.db, ['candidates', ...asOf])
    const cpu = candidates.json.candidates.find((c: {task: string}) => c.task === 'High CPU on web')
    // 16 pages of 25 minutes (1500 s ack to resolve) in March: 6.67 h a month.
    expect(cpu).toMatchObject({verdict: 'toil', rateSource: 'logged', costHours: 20})
    expect(cpu.hoursPerMonth).toBeCloseTo(16 * 25 / 60, 2)
    expect(candidates.json.candidates.map((c: {task: string}) => c.task)).toContain('Grant database access for user')

    const report = await toilJson(t.db, ['report', '--month', '2024-03', '--team', 'sre', '--format', 'json'])
    // Toil: High CPU (16 × 25m) + Disk full (15 × 40m) = 6.67 + 10 = 16.67 h.
    expect(report.json.toilHours).toBeCloseTo(16 * 25 / 60 + 15 * 40 / 60, 2)
    expect(report.json.possibleToilHours).toBeGreaterThan(10)
    expect(report.json.topTasks.map((x: {task: string}) => x.task)).toEqual(expect.arrayContaining(['High CPU on web', 'Disk full on db']))
  })
})
