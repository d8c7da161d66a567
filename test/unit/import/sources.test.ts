import {readFileSync} from 'node:fs'
import {resolve} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {DEFAULT_INCIDENT_RULES, incidentMinutes, parsePagerDuty} from '../../../src/domain/import/pagerduty.js'
import {parseJira, parseToilRule} from '../../../src/domain/import/jira.js'
import {longDays, placeRecords, planImport} from '../../../src/domain/import/plan.js'
import {dayOfTimestamp, entryIdOf, skipRepeatedHeader} from '../../../src/domain/import/source.js'
import type {Entry} from '../../../src/domain/types.js'

const fixture = (name: string) => readFileSync(resolve(import.meta.dirname, '../../fixtures/import', name), 'utf8')
const zone = process.env.TZ
beforeAll(() => {
  process.env.TZ = 'UTC'
})
afterAll(() => {
  process.env.TZ = zone
})

const times = {effortSeconds: null, engagedSeconds: null, secondsToFirstAck: null, secondsToResolve: null, autoResolved: false}

describe('hands-on time of an incident', () => {
  it('is the effort a responder recorded where set: 1800 s is 30 minutes, whatever the engaged time', () => {
    expect(incidentMinutes({...times, effortSeconds: 1800, engagedSeconds: 3000, secondsToFirstAck: 120, secondsToResolve: 5400}, DEFAULT_INCIDENT_RULES)).toEqual({minutes: 30, estimate: 'effort', capped: null})
  })
  it('else the engaged time: 2700 s is 45 minutes', () => {
    expect(incidentMinutes({...times, engagedSeconds: 2700, secondsToFirstAck: 60, secondsToResolve: 3600}, DEFAULT_INCIDENT_RULES)).toEqual({minutes: 45, estimate: 'engaged', capped: null})
  })
  it('else first acknowledgement to resolve: 4200 − 300 s is 65 minutes', () => {
    expect(incidentMinutes({...times, secondsToFirstAck: 300, secondsToResolve: 4200}, DEFAULT_INCIDENT_RULES)).toEqual({minutes: 65, estimate: 'ack-to-resolve', capped: null})
  })
  it('at least one minute: acknowledged and resolved in the same 20 seconds', () => {
    expect(incidentMinutes({...times, secondsToFirstAck: 100, secondsToResolve: 120}, DEFAULT_INCIDENT_RULES)?.minutes).toBe(1)
  })
  it('capped at --max-incident-time: 30000 − 60 s is 499 minutes, counted as 240 (4h)', () => {
    expect(incidentMinutes({...times, secondsToFirstAck: 60, secondsToResolve: 30000}, DEFAULT_INCIDENT_RULES)).toEqual({minutes: 240, estimate: 'ack-to-resolve', capped: 499})
    expect(incidentMinutes({...times, effortSeconds: 7200}, {maxMinutes: 90, touchMinutes: 5})).toEqual({minutes: 90, estimate: 'effort', capped: 120})
  })
  it('the touch time for one resolved with no acknowledgement, auto-resolved or not', () => {
    expect(incidentMinutes({...times, secondsToResolve: 600, autoResolved: true}, DEFAULT_INCIDENT_RULES)).toEqual({minutes: 5, estimate: 'touch', capped: null})
    expect(incidentMinutes({...times, secondsToResolve: 900}, {maxMinutes: 240, touchMinutes: 10})).toEqual({minutes: 10, estimate: 'touch', capped: null})
  })
  it('none while the incident is open', () => {
    expect(incidentMinutes({...times, secondsToFirstAck: 30}, DEFAULT_INCIDENT_RULES)).toBeUndefined()
  })
})

describe('timestamps', () => {
  it.each([
    ['06/Mar/24 2:15 PM', '2024-03-06'],
    ['6/Mar/2024 14:15', '2024-03-06'],
    ['06/mar/24', '2024-03-06'],
    ['2024-03-06', '2024-03-06'],
    ['2024-03-06 23:30', '2024-03-06'],
    ['2024-03-05T23:30:00-08:00', '2024-03-06'],
    ['2024-03-06T23:50:00.000-0800', '2024-03-07'],
    ['2024-03-06T14:15:00.000+0000', '2024-03-06'],
    ['2024-03-07T00:30:00+01:00', '2024-03-06'],
  ])('%s is %s (offsets read where the machine is: UTC here)', (text, day) => {
    expect(dayOfTimestamp(text)).toBe(day)
  })
  it.each(['31/Feb/24 1:00 PM', '06/Mrz/24 2:15 PM', '2024-13-01', '13:00 06/03/2024', '1999-12-31', '06/Mar/24 13:15 PM', 'yesterday'])('%s is refused', (text) => {
    expect(dayOfTimestamp(text)).toBeUndefined()
  })
  it('a day is where the machine is: another zone gives another day', () => {
    process.env.TZ = 'America/Los_Angeles'
    try {
      expect(dayOfTimestamp('2024-03-06T02:15:00Z')).toBe('2024-03-05')
      expect(dayOfTimestamp('06/Mar/24 2:15 AM')).toBe('2024-03-06')
    } finally {
      process.env.TZ = 'UTC'
    }
  })
})

describe('PagerDuty incidents CSV', () => {
  const parsed = parsePagerDuty(fixture('pagerduty-incidents.csv'))
  const byKey = new Map(parsed.records.map((r) => [r.sourceKey, r]))

  it('reads every resolved incident with its engineer, day, hand-computed minutes and the estimate in the note', () => {
    expect(parsed.records.map((r) => [r.sourceKey, r.engineer, r.day, r.minutes, r.line])).toEqual([
      ['pagerduty:Q1AAA', 'Ann Lee', '2024-03-04', 30, 2],
      ['pagerduty:Q1BBB', 'Bob Ray', '2024-03-06', 45, 3],
      ['pagerduty:Q1CCC', 'Ann Lee', '2024-03-07', 65, 4],
      ['pagerduty:Q1DDD', 'Cara Diaz', '2024-03-08', 5, 5],
      ['pagerduty:Q1EEE', 'Bob Ray', '2024-03-09', 240, 6],
      ['pagerduty:Q1FFF', 'Cara Diaz', '2024-03-10', 5, 7],
      ['pagerduty:Q1HHH', 'Bob Ray', '2024-03-12', 30, 9],
    ])
    expect(parsed.records.reduce((sum, r) => sum + r.minutes, 0) / 60).toBe(7)
    expect(byKey.get('pagerduty:Q1AAA')!.note).toBe('PagerDuty #101 Q1AAA: High CPU on web-17 (hands-on time: effort recorded in PagerDuty)')
    expect(byKey.get('pagerduty:Q1EEE')!.note).toMatch(/first acknowledgement to resolve, capped at 4h \(was 8h 19m\)/)
    expect(byKey.get('pagerduty:Q1DDD')!.note).toMatch(/touch time/)
    expect(byKey.get('pagerduty:Q1HHH')!.title).toBe('High CPU on web-21\nstill rising after restart')
    for (const r of parsed.records) expect(r.tags).toEqual(['oncall', 'pagerduty'])
  })

  it('skips an open incident and one nobody acknowledged, resolved or was assigned, saying why', () => {
    expect(parsed.skipped).toEqual([
      {key: 'pagerduty:Q1GGG', line: 8, reason: 'not resolved yet (import it again once it is)'},
      {key: 'pagerduty:Q1III', line: 11, reason: 'nobody acknowledged, resolved or was assigned it'},
    ])
  })

  it('refuses another tool\'s CSV, naming the missing columns (its Description column is one of ours)', () => {
    expect(() => parsePagerDuty(fixture('other-tool.csv'))).toThrow(/line 1: this is not PagerDuty's incidents CSV \(Advanced Reporting\): it has no id, service_name, created_on, seconds_to_first_ack, seconds_to_resolve, auto_resolved, acknowledged_by_user_names, assigned_to_user_names, resolved_by_user_name columns/)
  })

  it('refuses a bad row naming its line and field', () => {
    const text = fixture('pagerduty-incidents.csv').replace('Q1CCC,103,Disk full on db-2.prod.example.com,postgres,SRE primary,SRE,2024-03-07T02:15:00Z,300,4200', 'Q1CCC,103,Disk full on db-2.prod.example.com,postgres,SRE primary,SRE,2024-03-07T02:15:00Z,300,soon')
    expect(() => parsePagerDuty(text)).toThrow('line 4: seconds_to_resolve: "soon" is not a number of seconds')
    const date = fixture('pagerduty-incidents.csv').replace('2024-03-10T08:00:00Z', '10.03.2024 08:00')
    expect(() => parsePagerDuty(date)).toThrow(/^line 7: created_on: "10.03.2024 08:00" is not a date/)
  })
})

describe('PagerDuty raw-incidents JSON', () => {
  const parsed = parsePagerDuty(fixture('pagerduty-raw-incidents.json'))

  it('reads pages saved one after another: engaged time, recorded effort, and touch time for an auto-resolved page', () => {
    expect(parsed.records.map((r) => [r.sourceKey, r.engineer, r.day, r.minutes, r.sourceTeam, r.line])).toEqual([
      ['pagerduty:Q2AAA', 'Dan Wu', '2024-03-06', 21, 'Payments', 4],
      ['pagerduty:Q2BBB', 'Eve Kim', '2024-03-08', 90, 'Payments', 27],
      // The second page repeats Q2BBB: the plan keeps the first.
      ['pagerduty:Q2BBB', 'Eve Kim', '2024-03-08', 90, 'Payments', 57],
      ['pagerduty:Q2CCC', 'Dan Wu', '2024-03-09', 5, null, 73],
    ])
  })
  it('names a bad field with the line of its incident', () => {
    const text = fixture('pagerduty-raw-incidents.json').replace('"seconds_to_resolve": 420', '"seconds_to_resolve": "7 min"')
    expect(() => parsePagerDuty(text)).toThrow('line 73: seconds_to_resolve: "7 min" is not a number of seconds')
  })
  it('refuses JSON that is not the raw-incidents response', () => {
    expect(() => parsePagerDuty('{"issues": []}')).toThrow(/line 1: this is not PagerDuty's raw-incidents JSON/)
    expect(() => parsePagerDuty('[{"id": "Q1", "created_at": "2024-03-01T00:00:00Z"}]')).toThrow(/line 1: incident Q1 has no seconds_to_resolve, seconds_to_first_ack/)
  })
})

describe('Jira issue CSV', () => {
  const parsed = parseJira(fixture('jira-issues.csv'))

  it('reads each worklog of a toil issue, else Time Spent on the resolved day, never Σ Time Spent', () => {
    expect(parsed.records.map((r) => [r.sourceKey, r.engineer, r.day, r.minutes, r.line])).toEqual([
      ['jira:OPS-40:worklog:04/Mar/24_10:00_AM:Ann_Lee', 'Ann Lee', '2024-03-04', 60, 2],
      ['jira:OPS-40:worklog:05/Mar/24_4:30_PM:Bob_Ray', 'Bob Ray', '2024-03-05', 30, 2],
      // A sub-task with no label of its own is toil as its parent is; its Time Spent counts once.
      ['jira:OPS-41:timespent', 'Bob Ray', '2024-03-06', 60, 3],
      ['jira:OPS-42:timespent', 'Cara Diaz', '2024-03-07', 45, 4],
      ['jira:OPS-45:worklog:11/Mar/24_10:00:Bob_Ray', 'Bob Ray', '2024-03-11', 15, 8],
    ])
    expect(parsed.records.reduce((sum, r) => sum + r.minutes, 0) / 60).toBe(3.5)
    expect(parsed.records[3]!.title).toBe('Restart stuck\nconsumer on queue-12')
    expect(parsed.records[0]!.labels).toEqual(['certs'])
    expect(parsed.records[4]!.components).toEqual(['iam'])
    expect(parsed.records[4]!.category).toBe('interrupt')
    for (const r of parsed.records) expect(r.tags).toEqual(['jira', 'ticket'])
  })

  it('says why the other issues are skipped', () => {
    expect(parsed.skipped.map((s) => [s.key, s.line, s.reason])).toEqual([
      ['jira:OPS-43', 6, 'not toil by the rule (label:toil, type:Toil, type:Interrupt)'],
      ['jira:OPS-44', 7, 'time spent but no worklog, and not resolved yet (import it again once it is)'],
      ['jira:OPS-46', 9, 'no worklog and no time spent'],
    ])
  })

  it('follows another toil rule', () => {
    const designs = parseJira(fixture('jira-issues.csv'), parseToilRule(['label:design']))
    expect(designs.records.map((r) => [r.sourceKey, r.minutes])).toEqual([['jira:OPS-43:worklog:08/Mar/24_1:00_PM:Ann_Lee', 120]])
    expect(parseJira(fixture('jira-issues.csv'), parseToilRule(['all'])).records).toHaveLength(6)
    expect(parseToilRule(['labels = toil, issuetype:Interrupt', 'component:iam'])).toEqual([
      {field: 'label', value: 'toil'}, {field: 'type', value: 'Interrupt'}, {field: 'component', value: 'iam'},
    ])
    expect(() => parseToilRule(['priority:high'])).toThrow('toil-rule: "priority:high" is not a toil rule; use label:NAME, type:NAME or component:NAME')
  })

  it('names the missing columns of a CSV of another tool, and a bad row\'s line', () => {
    expect(() => parseJira(fixture('other-tool.csv'))).toThrow(/line 1: this is not Jira's issue CSV export: it has no Summary, Issue key, Issue Type, Assignee, Resolved, Time Spent columns/)
    expect(() => parseJira(fixture('pagerduty-incidents.csv'))).toThrow(/it has no Summary, Issue key/)
    const bad = fixture('jira-issues.csv').replace('Granted;11/Mar/24 10:00;Bob Ray;900', 'Granted;the 11th;Bob Ray;900')
    expect(() => parseJira(bad)).toThrow('line 8: worklog started: "the 11th" is not a date')
    const noKey = fixture('jira-issues.csv').replace('OPS-46', '')
    expect(() => parseJira(noKey)).toThrow('line 9: Issue key: "" is not an issue key such as OPS-42')
  })
})

describe('Jira issue search JSON', () => {
  const parsed = parseJira(fixture('jira-search.json'))

  it('reads each worklog by its id, else timespent on the resolved day', () => {
    expect(parsed.records.map((r) => [r.sourceKey, r.engineer, r.day, r.minutes])).toEqual([
      ['jira:OPS-50:worklog:10001', 'Ann Lee', '2024-03-06', 90],
      ['jira:OPS-50:worklog:10002', 'Bob Ray', '2024-03-07', 20],
      ['jira:OPS-51:timespent', 'Cara Diaz', '2024-03-07', 30],
      ['jira:OPS-53:worklog:10004', 'Bob Ray', '2024-03-09', 60],
    ])
  })

  it('says when the file holds only some of an issue\'s worklogs', () => {
    expect(parsed.skipped.map((s) => [s.key, s.reason])).toEqual([
      ['jira:OPS-52', 'not toil by the rule (label:toil, type:Toil, type:Interrupt)'],
      ['jira:OPS-53', "24 of its 25 worklogs are not in the file, only the others are imported (Jira's search returns 20 an issue; see docs/import.md)"],
    ])
  })
})

describe('planning an import', () => {
  const parsed = parsePagerDuty(fixture('pagerduty-incidents.csv'))

  it('groups records into tasks by normalised title, using an existing task\'s spelling, and flags a near miss', () => {
    const placed = placeRecords(parsed.records, 'title', {team: 'sre', fallback: 'default'})
    const plan = planImport(placed, parsed.skipped, new Map([['sre', ['high cpu on web', 'Disk full on db1']]]), new Map())
    expect(plan.tasks.map((t) => [t.task, t.records, t.hours, t.newTask, t.nearMatch])).toEqual([
      ['Replication lag on db', 1, 4, true, null],
      ['high cpu on web', 2, 1.25, false, null],
      ['Disk full on db', 2, 1.17, true, 'Disk full on db1'],
      ['High CPU on web still rising after restart', 1, 0.5, true, null],
      ['Certificate expires in days for api.example.com', 1, 0.08, true, null],
    ])
  })

  it('follows --task-from service and a team map, and names what the map misses', () => {
    const map = new Map([['checkout-api', 'payments'], ['sre', 'platform']])
    const placed = placeRecords(parsed.records, 'service', {map, fallback: 'default'})
    expect(placed.map((r) => [r.team, r.task])[0]).toEqual(['platform', 'checkout-api'])
    expect(() => placeRecords(parsed.records, 'title', {map: new Map([['checkout-api', 'payments']]), fallback: 'default'})).toThrow(
      'team-map: no team for "SRE / postgres / SRE primary" (line 4), "SRE / edge / SRE primary" (line 5); add them to the map, or give --team',
    )
  })

  it('keeps records already stored out, and reports those whose figures changed upstream', () => {
    const placed = placeRecords(parsed.records, 'title', {team: 'sre', fallback: 'default'})
    const stored = (key: string, patch: Partial<Entry>): [string, Entry] => {
      const r = placed.find((p) => p.sourceKey === key)!
      return [key, {id: entryIdOf(key), task: r.task, team: 'sre', engineer: r.engineer, day: r.day, minutes: r.minutes, count: 1, tags: r.tags, note: r.note, createdAt: '2024-03-20T00:00:00Z', sourceKey: key, ...patch}]
    }
    const plan = planImport(placed, [], new Map(), new Map([stored('pagerduty:Q1AAA', {}), stored('pagerduty:Q1BBB', {minutes: 30, engineer: 'Ann Lee'})]))
    expect(plan.add).toHaveLength(5)
    expect(plan.unchanged).toBe(1)
    expect(plan.changed.map((c) => [c.sourceKey, c.changes])).toEqual([
      ['pagerduty:Q1BBB', [{field: 'minutes', stored: 30, file: 45}, {field: 'engineer', stored: 'Ann Lee', file: 'Bob Ray'}]],
    ])
    expect(plan.skipped).toEqual([{reason: 'already imported', count: 1, keys: []}])
  })
})

describe('an unterminated quote in a CSV', () => {
  it('is named by the line where the quote opened', async () => {
    const {csvRows} = await import('../../../src/domain/import/source.js')
    // Header on line 1; line 2's quoted cell spans lines 2-3 and closes (with an escaped "" on line 3); line 4 opens one that never closes.
    const text = 'a,b\n1,"two\nli""nes"\n3,"open\nstill open\n\n5,6\n'
    expect(() => csvRows(text)).toThrow(/^line 4: the quote opened on this line is never closed$/)
  })
})

describe('an issue counted once', () => {
  // The same issue first imported through its Time Spent, now with its two worklogs.
  const csv = (logs: string[]) => [`Summary,Issue key,Issue Type,Assignee,Resolved,Labels,Time Spent${',Log Work'.repeat(logs.length)}`, `Rotate keys,OPS-1,Task,Ann Lee,05/Mar/24 5:00 PM,toil,5400,${logs.join(',')}`].join('\n')
  const a = 'Rotated;04/Mar/24 10:00 AM;Ann Lee;3600'
  const b = 'Checked;05/Mar/24 9:00 AM;Bob Ray;1800'
  const storedOf = (r: {sourceKey: string; engineer: string; day: string; minutes: number}): Entry => ({
    id: entryIdOf(r.sourceKey), task: 'Rotate keys', team: 'ops', engineer: r.engineer, day: r.day, minutes: r.minutes, count: 1, tags: [], note: '', createdAt: '2024-03-20T00:00:00Z', sourceKey: r.sourceKey,
  })
  const plan = (text: string, stored: Entry[], update = false) => {
    const parsed = parseJira(text)
    const placed = placeRecords(parsed.records, 'title', {team: 'ops', fallback: 'ops'})
    return planImport(placed, parsed.skipped, new Map(), new Map(stored.map((e) => [e.sourceKey!, e])), {covered: parsed.covered, storedOfIssues: stored, update})
  }

  it('a stored Time Spent entry is replaced by the worklogs: 60 + 30 minutes, not 90 more', () => {
    const fallback = storedOf({sourceKey: 'jira:OPS-1:timespent', engineer: 'Ann Lee', day: '2024-03-05', minutes: 90})
    const held = plan(csv([a, b]), [fallback])
    expect(held.removed.map((r) => [r.sourceKey, r.minutes, r.reason])).toEqual([['jira:OPS-1:timespent', 90, 'replaced by its 2 worklogs in the file (1h 30m)']])
    expect(held.add).toEqual([])
    const applied = plan(csv([a, b]), [fallback], true)
    expect(applied.add.map((r) => r.minutes)).toEqual([60, 30])
    expect(applied.removed).toHaveLength(1)
  })

  it('a worklog alone at its minute is the one stored beside another there before', () => {
    const c = 'Paged back;05/Mar/24 9:00 AM;Bob Ray;900'
    const stored = parseJira(csv([a, b, c])).records.map((r) => storedOf(r))
    // c is gone upstream: b is alone at 9:00 now, under another key, and still the stored b.
    const after = plan(csv([a, b]), stored)
    expect(after.add).toEqual([])
    expect(after.unchanged).toBe(2)
    expect(after.removed.map((r) => [r.minutes, r.reason])).toEqual([[15, 'no longer in the file (deleted upstream)']])
  })
})

describe('days of more than 24 hours', () => {
  const record = (n: number, engineer: string, minutes: number) => ({
    sourceKey: `jira:OPS-1:worklog:${n}`, line: 2, title: 'Sync', service: null, labels: [], components: [], teamNames: [], sourceTeam: null,
    engineer, day: '2024-03-02', minutes, tags: [], note: '', category: 'other' as const,
  })
  it('24 h is a day; 24 h 1 m is not, and every record of that person-day is named', () => {
    // 24 × 60 = 1440 minutes: admitted. 1440 + 1 = 1441: skipped, 25 records of 24.02 h.
    expect(longDays(Array.from({length: 24}, (_, i) => record(i, 'jsmith', 60)))).toEqual([])
    const long = longDays([...Array.from({length: 24}, (_, i) => record(i, 'jsmith', 60)), record(24, 'jsmith', 1), record(25, 'akumar', 30)])
    expect(long.map((d) => [d.records.length, d.reason])).toEqual([[25, 'jsmith on 2024-03-02: 25 records of 24.02 h, more than 24 h in one day (--allow-long-days imports them)']])
  })
})

describe('a header repeated inside a CSV (two exports joined with cat)', () => {
  it('is passed over; a row as long as the header with other cells is read', () => {
    const seen: [readonly string[], number][] = []
    const reader = skipRepeatedHeader(['id', 'title'], {row: (cells, line) => seen.push([cells, line]), finish: () => ({records: [], skipped: []}) as never})
    reader.row(['1', 'disk full'], 2)
    reader.row(['id', 'title'], 3)
    reader.row(['id', 'other'], 4)
    reader.row(['id'], 5)
    expect(seen).toEqual([[['1', 'disk full'], 2], [['id', 'other'], 4], [['id'], 5]])
  })
})
