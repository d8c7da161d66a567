import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {ToilError} from '../../src/domain/errors.js'
import {parseName} from '../../src/domain/inputs.js'
import {
  CSV_COLUMNS, RecordReader, escapeCsvCell, parseCsvHeader, parseCsvRow, parseEntryId, parseJsonlLine, parseRecord, toCsvRow, unescapeCsvCell,
} from '../../src/domain/records.js'
import {CATEGORIES, CRITERIA, STATUSES} from '../../src/domain/types.js'
import type {ImportRecord} from '../../src/store/store.js'

const NOW = '2026-03-01T12:00:00.000Z'
const ID = '2f1c0a4e-8b7d-4c3e-9a61-5d2b7e0f9c13'

const entry = {
  type: 'entry', id: ID, task: 'restart worker', team: 'platform', engineer: 'alice', day: '2026-02-27',
  minutes: 15, count: 3, tags: ['oncall'], note: 'slow', createdAt: '2026-02-27T18:00:00.000Z',
}

/** The message of the ToilError `fn` throws; fails the test on anything else. */
function problem(fn: () => unknown): string {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(ToilError)
    return (error as ToilError).message
  }
  throw new Error('expected a ToilError')
}

const line = (value: unknown, n = 7) => problem(() => parseJsonlLine(JSON.stringify(value), n, NOW))

describe('parseJsonlLine', () => {
  it('reads an entry and keeps its line', () => {
    expect(parseJsonlLine(JSON.stringify(entry), 4, NOW)).toEqual({...entry, line: 4})
  })

  it('reads who logged an entry, as an export writes it', () => {
    expect(parseJsonlLine(JSON.stringify({...entry, loggedBy: 'lee'}), 3, NOW)).toEqual({...entry, loggedBy: 'lee', line: 3})
    expect(parseJsonlLine(JSON.stringify({...entry, loggedBy: null}), 3, NOW)).toEqual({...entry, line: 3})
  })

  it('skips blank lines and a byte-order mark', () => {
    expect(parseJsonlLine('   ', 1, NOW)).toBeUndefined()
    expect(parseJsonlLine(`\uFEFF${JSON.stringify(entry)}`, 1, NOW)).toMatchObject({id: ID})
  })

  it('fills the defaults of optional fields', () => {
    const {count: _c, tags: _t, note: _n, createdAt: _a, ...bare} = entry
    expect(parseJsonlLine(JSON.stringify(bare), 2, NOW)).toEqual({...bare, count: 1, tags: [], note: '', createdAt: NOW, line: 2})
  })

  it('normalises ids to lower case and tags as toil log does', () => {
    const record = parseJsonlLine(JSON.stringify({...entry, id: ID.toUpperCase(), tags: ['Ticket', '#oncall', 'ticket']}), 1, NOW)
    expect(record).toMatchObject({id: ID, tags: ['oncall', 'ticket']})
  })

  it.each([
    [{...entry, minutes: 0}, 'line 7: minutes: 0 must be a whole number from 1 to 1440'],
    [{...entry, minutes: 1441}, 'line 7: minutes: 1441 must be a whole number from 1 to 1440'],
    [{...entry, minutes: '15'}, 'line 7: minutes: "15" must be a whole number'],
    [{...entry, count: 10_001}, 'line 7: count: "10001" must be a whole number from 1 to 10000'],
    [{...entry, count: 1.5}, 'line 7: count: "1.5" must be a whole number'],
    [{...entry, day: '2026-02-30'}, 'line 7: day: "2026-02-30" is not a real calendar date'],
    [{...entry, day: '1999-12-31'}, 'line 7: day: "1999-12-31" is outside the years 2000–2100'],
    [{...entry, day: 'yesterday'}, 'line 7: day: "yesterday" is not a day; use YYYY-MM-DD'],
    [{...entry, id: 'not-a-uuid'}, 'line 7: id: "not-a-uuid" is not an entry id'],
    [{...entry, id: undefined}, 'line 7: id is missing'],
    [{...entry, task: '  '}, 'line 7: task: "  " is empty'],
    [{...entry, engineer: 'a\nb'}, 'line 7: engineer: "a\\nb" contains a line break'],
    [{...entry, team: 42}, 'line 7: team: 42 is not a string'],
    [{...entry, loggedBy: 'a\tb'}, 'line 7: loggedBy: "a\\tb" contains'],
    [{...entry, loggedBy: 7}, 'line 7: loggedBy: 7 is not a string'],
    [{...entry, tags: ['oncall', 7]}, 'line 7: tags[1]: 7 is not a string'],
    [{...entry, note: null}, 'line 7: note: null is not a string'],
    [{...entry, tags: 'oncall'}, 'line 7: tags: "oncall" is not a list of tags'],
    [{...entry, tags: ['on call!']}, 'line 7: tags: "on call!" is not a tag'],
    [{...entry, note: 'x'.repeat(10_001)}, 'line 7: note: "xxxxxxxxxxxxxxxxxxxx…" is longer than 10000 characters'],
    [{...entry, note: '\uD800'}, 'line 7: note: "\\ud800" is not valid Unicode text'],
    [{...entry, createdAt: 'yesterday'}, 'line 7: createdAt: "yesterday" is not a timestamp'],
    [{...entry, createdAt: '2026-02-27T25:00:00Z'}, 'line 7: createdAt: "2026-02-27T25:00:00Z" is not a timestamp'],
    [{...entry, category: 'toil'}, 'line 7: category: "toil" is not one of interrupt, oncall'],
    [{...entry, hours: 0.75}, 'line 7: hours: 0.75 is not a field of an entry'],
    [{...entry, type: 'user'}, 'line 7: type: "user" is not one of team, task, entry'],
    [{name: 'x'}, 'line 7: type is missing'],
    [[entry], 'line 7: [{"type":"entry"'],
    [null, 'line 7: null is not a JSON object'],
  ])('refuses %j, naming the line, the field and the problem', (value, message) => {
    const got = line(value)
    expect(got).toContain(message)
    expect(got.match(/line \d+: /g)).toHaveLength(1)
  })

  it('refuses a line that is not JSON', () => {
    expect(problem(() => parseJsonlLine('{"type": "entry",', 12, NOW))).toMatch(/^line 12: is not valid JSON/)
  })
})

describe('task and team records', () => {
  const task = {
    type: 'task', team: 'platform', name: 'rotate certs', category: 'provisioning',
    criteria: {manual: 'yes', repetitive: 'unknown', automatable: 'yes', tactical: 'no', noEnduringValue: 'yes', scales: 'unknown'},
    frequency: {count: 2, unit: 'month', every: 1}, durationMinutes: 90,
    estimate: {costHours: 16, reduction: 0.8, maintenanceHoursPerMonth: 1},
    status: 'automated', automatedSince: '2026-01-15', createdAt: '2025-11-02T08:00:00.000Z',
  }

  it('reads a task as the export writes it', () => {
    expect(parseRecord(task, 2, NOW)).toEqual({...task, line: 2})
  })

  it('fills what a hand-written task leaves out', () => {
    expect(parseRecord({type: 'task', team: 'platform', name: 'x'}, 2, NOW)).toEqual({
      type: 'task', team: 'platform', name: 'x', category: 'other',
      criteria: {manual: 'unknown', repetitive: 'unknown', automatable: 'unknown', tactical: 'unknown', noEnduringValue: 'unknown', scales: 'unknown'},
      frequency: null, durationMinutes: null, estimate: {costHours: null, reduction: 1, maintenanceHoursPerMonth: 0},
      status: 'active', automatedSince: null, createdAt: NOW, line: 2,
    })
  })

  it.each([
    [{...task, category: 'chores'}, 'line 3: category: "chores" is not one of'],
    [{...task, criteria: {...task.criteria, manual: 'maybe'}}, 'line 3: criteria.manual: "maybe" is not one of yes, no, unknown'],
    [{...task, criteria: {enduringValue: 'yes'}}, 'line 3: criteria.enduringValue: "yes" is not a field of a set of toil criteria'],
    [{...task, frequency: {count: 0, unit: 'week'}}, 'line 3: frequency.count: 0 must be a number above 0'],
    [{...task, frequency: {count: 1, unit: 'fortnight'}}, 'line 3: frequency.unit: "fortnight" is not one of day, week'],
    [{...task, frequency: {count: 1}}, 'line 3: frequency.unit is missing'],
    [{...task, durationMinutes: 0}, 'line 3: durationMinutes: 0 must be a whole number from 1 to 1440'],
    [{...task, estimate: {...task.estimate, reduction: 1.5}}, 'line 3: estimate.reduction: 1.5 must be a fraction from 0 to 1'],
    [{...task, estimate: {...task.estimate, costHours: -1}}, 'line 3: estimate.costHours: -1 must be a number of hours from 0 to 100000'],
    [{...task, estimate: {...task.estimate, costHours: 1e308}}, 'line 3: estimate.costHours: 1e+308 must be a number of hours from 0 to 100000'],
    [{...task, status: 'done'}, 'line 3: status: "done" is not one of active, automating, automated, retired'],
    [{...task, status: 'active'}, 'line 3: automatedSince: "2026-01-15" needs status automated'],
    [{...task, id: 4}, 'line 3: id: 4 is not a field of a task'],
  ])('refuses a bad task %#', (value, message) => {
    expect(problem(() => parseRecord(value, 3, NOW))).toContain(message)
  })

  const team = {type: 'team', name: 'platform', capacity: [{fromMonth: '2026-01', members: 6, hoursPerWeek: 37.5, rotation: 6, shifts: 2}]}

  it('reads a team with its capacity history', () => {
    expect(parseRecord(team, 1, NOW)).toEqual({...team, line: 1})
    expect(parseRecord({type: 'team', name: 'sre'}, 1, NOW)).toEqual({type: 'team', name: 'sre', capacity: [], line: 1})
  })

  it.each([
    [{...team, capacity: [{...team.capacity[0], members: 0}]}, 'line 1: capacity[0].members: 0 must be a whole number'],
    [{...team, capacity: [{...team.capacity[0], hoursPerWeek: 200}]}, 'line 1: capacity[0]: hours-per-week: "200" must be a number of hours above 0 and at most 168'],
    [{...team, capacity: [{...team.capacity[0], shifts: 7}]}, 'line 1: capacity[0]: shifts: "7" is more than the rotation of 6'],
    [{...team, capacity: [{...team.capacity[0], shifts: null}]}, 'line 1: capacity[0]: rotation: "6" needs --shifts too'],
    [{...team, capacity: [{...team.capacity[0], fromMonth: '2026-13'}]}, 'line 1: capacity[0].fromMonth: "2026-13" is not a month; use YYYY-MM'],
    [{...team, capacity: [team.capacity[0], team.capacity[0]]}, 'line 1: capacity[1].fromMonth: "2026-01" appears twice'],
    [{...team, capacity: {}}, 'line 1: capacity: {} is not a list of capacity periods'],
  ])('refuses a bad team %#', (value, message) => {
    expect(problem(() => parseRecord(value, 1, NOW))).toContain(message)
  })
})

describe('CSV cells', () => {
  it.each(['=1+2', '+1', '-1', '@SUM(A1)', "'quoted"])('escapes %j with a leading quote', (cell) => {
    expect(escapeCsvCell(cell)).toBe(`'${cell}`)
    expect(unescapeCsvCell(escapeCsvCell(cell))).toBe(cell)
  })

  it('leaves ordinary cells alone', () => {
    for (const cell of ['restart worker', '2026-02-27', '', 'a=b', ' =x']) expect(escapeCsvCell(cell)).toBe(cell)
  })

  it('round-trips every string, and an escaped cell never starts a formula nor holds a control character but a line feed', () => {
    // Backslashes, escape look-alikes and controls, often side by side.
    const tricky = fc.string({unit: fc.oneof(fc.constantFrom('\\', 'x', 'u', '1', 'b', 'F', '\x1b', '\r', '\n', '\t', '\u202e', '\u0085', '\u0000', "'", '='), fc.string({unit: 'binary', maxLength: 1}))})
    fc.assert(
      fc.property(fc.oneof(fc.string({unit: 'binary'}), tricky), (s) => {
        const escaped = escapeCsvCell(s)
        expect(unescapeCsvCell(escaped)).toBe(s)
        expect(/^[=+\-@\t\r]/.test(escaped)).toBe(false)
        expect(escaped).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/)
      }),
      {numRuns: 2000},
    )
  })

  it('escapes control characters as the terminal views do, keeping line feeds and lone backslashes', () => {
    expect(escapeCsvCell('clear\x1b[2Jscreen')).toBe('clear\\x1b[2Jscreen')
    expect(escapeCsvCell('\tx')).toBe('\\x09x')
    expect(escapeCsvCell('\rhidden')).toBe('\\x0dhidden')
    expect(escapeCsvCell('evil\u202eexe.txt')).toBe('evil\\u202eexe.txt')
    expect(escapeCsvCell('line one\nline two')).toBe('line one\nline two')
    expect(escapeCsvCell('C:\\temp\\new')).toBe('C:\\temp\\new')
    // A backslash that would read as an escape is doubled, and only that one.
    expect(escapeCsvCell('a literal \\x1b and \\\\')).toBe('a literal \\\\x1b and \\\\\\')
    expect(unescapeCsvCell('a literal \\\\x1b and \\\\\\')).toBe('a literal \\x1b and \\\\')
    expect(escapeCsvCell('=\x07')).toBe("'=\\x07")
  })
})

describe('CSV rows', () => {
  const header = parseCsvHeader([...CSV_COLUMNS])

  it('writes an entry as one row, escaping text cells, and reads it back', () => {
    const e = {...entry, tags: ['oncall', 'ticket'], note: '=HYPERLINK("http://x")', task: '-restart'}
    const row = toCsvRow(e, 'oncall')
    expect(row).toEqual([ID, 'platform', "'-restart", 'oncall', 'alice', '2026-02-27', 15, 3, 0.75, 'oncall;ticket', '\'=HYPERLINK("http://x")', e.createdAt])
    expect(parseCsvRow(row.map(String), header, 5, NOW)).toEqual({...e, category: 'oncall', line: 5})
  })

  it('takes defaults from empty optional cells and accepts columns in any order', () => {
    const h = parseCsvHeader(['Day', 'minutes', 'engineer', 'task', 'team', 'id', 'count', 'tags', 'createdAt', 'category'])
    expect(parseCsvRow(['2026-02-27', '20', 'bob', 'x', 'sre', ID, '', '', '', ''], h, 2, NOW)).toEqual({
      type: 'entry', id: ID, team: 'sre', task: 'x', engineer: 'bob', day: '2026-02-27', minutes: 20, count: 1, tags: [], note: '', createdAt: NOW, line: 2,
    })
  })

  it.each([
    [['id', 'team', 'task', 'engineer', 'day'], 'line 1: the header has no minutes column'],
    [[...CSV_COLUMNS, 'cost'], 'line 1: column "cost" is not a column of a toil CSV'],
    [[...CSV_COLUMNS, 'day'], 'line 1: column "day" appears twice'],
  ])('refuses the header %j', (cells, message) => {
    expect(problem(() => parseCsvHeader(cells))).toContain(message)
  })

  it.each([
    [{minutes: 'ten'}, 'line 9: minutes: "ten" must be a whole number'],
    [{minutes: '-5'}, 'line 9: minutes: -5 must be a whole number from 1 to 1440'],
    [{count: '0'}, 'line 9: count: "0" must be a whole number from 1 to 10000'],
    [{day: '27/02/2026'}, 'line 9: day: "27/02/2026" is not a day'],
    [{tags: 'on call'}, 'line 9: tags: "on call" is not a tag'],
    [{category: 'misc'}, 'line 9: category: "misc" is not one of'],
  ])('refuses the cells %j', (cells, message) => {
    const row = toCsvRow(entry, 'other').map(String)
    for (const [column, value] of Object.entries(cells)) row[CSV_COLUMNS.indexOf(column as (typeof CSV_COLUMNS)[number])] = value
    expect(problem(() => parseCsvRow(row, header, 9, NOW))).toContain(message)
  })
})

describe('parseEntryId', () => {
  it('accepts an id, or 4 or more of its first or last characters, lower-cased', () => {
    expect(parseEntryId(ID.toUpperCase())).toBe(ID)
    expect(parseEntryId(' 2f1c ')).toBe('2f1c')
    expect(parseEntryId('-5D2B7E0F9C13')).toBe('-5d2b7e0f9c13')
  })

  it.each(['2f1', 'xyz1234', '', '----', `${ID}0`])('refuses %j', (id) => {
    expect(problem(() => parseEntryId(id))).toMatch(/^id: .* is not an entry id/)
  })
})

// Generators of valid records, normalised as the store keeps them.
/** Any string that is a valid name as it stands (the name rules themselves are tested with inputs.ts). */
const name = fc.string({unit: 'binary', minLength: 1, maxLength: 30}).filter((s) => {
  try {
    return parseName(s, 'name') === s
  } catch {
    return false
  }
})
const day = fc.date({min: new Date('2000-01-01T12:00:00Z'), max: new Date('2100-12-31T12:00:00Z'), noInvalidDate: true}).map((d) => d.toISOString().slice(0, 10))
const timestamp = fc.date({min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-12-31T23:59:59Z'), noInvalidDate: true}).map((d) => d.toISOString())
const tags = fc.uniqueArray(fc.stringMatching(/^[a-z0-9][a-z0-9_.-]{0,39}$/), {maxLength: 4}).map((t) => [...t].sort())
const answer = fc.constantFrom('yes', 'no', 'unknown')
const amount = fc.double({min: 0, max: 100_000, noNaN: true, noDefaultInfinity: true})

const entryArb = fc.record(
  {
    type: fc.constant('entry' as const),
    id: fc.uuid(),
    task: name,
    team: name,
    engineer: name,
    day,
    minutes: fc.integer({min: 1, max: 1440}),
    count: fc.integer({min: 1, max: 10_000}),
    tags,
    note: fc.string({unit: 'binary', maxLength: 200}),
    createdAt: timestamp,
    category: fc.constantFrom(...CATEGORIES),
  },
  {requiredKeys: ['type', 'id', 'task', 'team', 'engineer', 'day', 'minutes', 'count', 'tags', 'note', 'createdAt']},
)

const taskArb = fc
  .record({
    type: fc.constant('task' as const),
    team: name,
    name,
    category: fc.constantFrom(...CATEGORIES),
    criteria: fc.record(Object.fromEntries(CRITERIA.map((c) => [c, answer])) as Record<(typeof CRITERIA)[number], fc.Arbitrary<string>>),
    frequency: fc.option(
      fc.record({
        count: fc.double({min: 0.001, max: 1000, noNaN: true}),
        unit: fc.constantFrom('day', 'week', 'month', 'quarter', 'year'),
        every: fc.integer({min: 1, max: 52}),
      }),
    ),
    durationMinutes: fc.option(fc.integer({min: 1, max: 1440})),
    estimate: fc.record({costHours: fc.option(amount), reduction: fc.double({min: 0, max: 1, noNaN: true}), maintenanceHoursPerMonth: amount}),
    status: fc.constantFrom(...STATUSES),
    automatedSince: fc.option(day),
    createdAt: timestamp,
  })
  .map((t) => (t.status === 'automated' ? t : {...t, automatedSince: null}))

const capacityArb = fc
  .tuple(fc.integer({min: 2000, max: 2100}), fc.integer({min: 1, max: 12}), fc.integer({min: 1, max: 100_000}), fc.integer({min: 1, max: 672}), fc.option(fc.tuple(fc.integer({min: 1, max: 1000}), fc.integer({min: 1, max: 1000}))))
  .map(([year, month, members, quarterHours, rotation]) => ({
    fromMonth: `${year}-${String(month).padStart(2, '0')}`,
    members,
    hoursPerWeek: quarterHours / 4,
    rotation: rotation === null ? null : Math.max(...rotation),
    shifts: rotation === null ? null : Math.min(...rotation),
  }))
const teamArb = fc.record({type: fc.constant('team' as const), name, capacity: fc.uniqueArray(capacityArb, {selector: (c) => c.fromMonth, maxLength: 4})})

describe('properties', () => {
  it('any valid record serialised to a JSONL line parses back to the same record', () => {
    fc.assert(
      fc.property(fc.oneof(entryArb, taskArb, teamArb), fc.integer({min: 1, max: 1_000_000}), (record, n) => {
        const parsed = parseJsonlLine(JSON.stringify(record), n, NOW)
        expect(parsed).toEqual({...record, line: n} as ImportRecord)
      }),
      {numRuns: 10_000},
    )
  })

  /** Runs `fn`; anything thrown must be a ToilError naming the line. */
  const onlyToilErrors = (fn: () => unknown, n: number) => {
    try {
      fn()
    } catch (error) {
      if (!(error instanceof ToilError)) throw error
      expect(error.message).toMatch(new RegExp(`^line ${n}: `))
    }
  }

  it('arbitrary text never throws anything but a ToilError naming the line', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({unit: 'binary'}), fc.json(), fc.jsonValue().map((v) => JSON.stringify(v))), (text) => {
        onlyToilErrors(() => parseJsonlLine(text, 3, NOW), 3)
      }),
      {numRuns: 10_000},
    )
  })

  it('a valid record with one field replaced by anything never throws anything but a ToilError', () => {
    fc.assert(
      fc.property(fc.oneof(entryArb, taskArb, teamArb), fc.string(), fc.jsonValue(), (record, key, value) => {
        const keys = Object.keys(record)
        const field = keys[key.length % keys.length]!
        onlyToilErrors(() => parseRecord({...record, [field]: value}, 8, NOW), 8)
      }),
      {numRuns: 10_000},
    )
  })

  /** What reading gives: the record, or the message it is refused with. */
  const outcome = (fn: () => unknown) => {
    try {
      return {record: fn()}
    } catch (error) {
      return {error: (error as Error).message}
    }
  }

  it('one reader for a whole file reads every line as a fresh reader would, valid or not', () => {
    // Mostly good values from a small set, so lines repeat what the reader has checked before
    // and a bad value often follows a good one that another line already passed.
    const field = <T>(good: T[], bad: unknown[]) => fc.oneof({arbitrary: fc.constantFrom(...good), weight: 6}, {arbitrary: fc.constantFrom(...bad), weight: 1})
    const line = fc.record({
      type: field(['entry'], ['task']),
      id: field(['0189c8a4-1111-7222-8333-444455556666', '0189C8A4-1111-7222-8333-444455556666'], ['not-an-id']),
      task: field(['deploy', ' deploy ', 'Deploy'], ['', 'dep\nloy', 7]),
      team: field(['sre', 'SRE'], ['', ' ']),
      engineer: field(['ana', 'bo'], ['\u0007', 'x'.repeat(201)]),
      day: field(['2026-02-03', '2026-02-04'], ['2026-02-30', '1999-01-01', 20260203, '2026-2-3']),
      minutes: field([15, 30], [0, 1441, '15']),
      createdAt: field(['2026-02-03T10:00:00Z', '2026-02-03T11:00:00.000+01:00'], ['2026-02-30T10:00:00Z', '2026-02-03T25:00:00Z', 'yesterday']),
      tags: field([[], ['oncall'], ['Oncall', '#oncall'], ['b', 'a']], [['on call'], 'oncall', [7], ['oncall', 'x'.repeat(41)]]),
    })
    fc.assert(
      fc.property(fc.array(line, {maxLength: 30}), (lines) => {
        const reader = new RecordReader(NOW)
        for (const [i, value] of lines.entries()) {
          const text = JSON.stringify(value)
          expect(outcome(() => reader.jsonl(text, i + 1))).toEqual(outcome(() => new RecordReader(NOW).jsonl(text, i + 1)))
        }
      }),
      {numRuns: 2_000},
    )
  })

  it('records that share tags do not share a list that can be changed', () => {
    const reader = new RecordReader(NOW)
    const read = () => reader.record({type: 'entry', id: ID, task: 'x', team: 'sre', engineer: 'ana', day: '2026-02-03', minutes: 5, tags: ['b', 'a']}, 1)
    const first = read() as {tags: string[]}
    expect(() => first.tags.push('c')).toThrow(TypeError)
    expect((read() as {tags: string[]}).tags).toEqual(['a', 'b'])
  })

  it('arbitrary CSV cells never throw anything but a ToilError', () => {
    const header = parseCsvHeader([...CSV_COLUMNS])
    fc.assert(
      fc.property(fc.array(fc.string({unit: 'binary'}), {minLength: CSV_COLUMNS.length, maxLength: CSV_COLUMNS.length}), (cells) => {
        onlyToilErrors(() => parseCsvRow(cells, header, 4, NOW), 4)
      }),
      {numRuns: 10_000},
    )
  })
})

describe('QuoteTracker', () => {
  it('names the line of a quote still open at the end, across chunks, ignoring closed and escaped quotes', async () => {
    const {QuoteTracker} = await import('../../src/domain/records.js')
    const text = 'h,i\n"a\nb",c\n"x""\n""y\nz'
    // Cut at every place: a chunk boundary inside "" or between \r and \n changes nothing.
    for (let cut = 0; cut <= text.length; cut++) {
      const tracker = new QuoteTracker()
      tracker.feed(text.slice(0, cut))
      tracker.feed(text.slice(cut))
      expect(tracker.openedOn()).toBe(4)
    }
    const closed = new QuoteTracker()
    closed.feed('a,"b\nc"\n"d"""\n')
    expect(closed.openedOn()).toBeUndefined()
  })
})
