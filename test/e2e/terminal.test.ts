/**
 * What the terminal shows: colour only where it belongs, widths that fit, one chart style,
 * user text escaped, and a month in progress said as such.
 */
import {spawnSync} from 'node:child_process'
import {existsSync} from 'node:fs'
import {resolve} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {tempDb, toil} from './cli.js'

const BIN = resolve(import.meta.dirname, '../../bin/run.js')
const AS_OF = '2026-12-02'
const t = tempDb()
beforeAll(async () => {
  expect((await toil(['demo', '--db', t.db, '--as-of', AS_OF])).code).toBe(0)
}, 120_000)
afterAll(() => t.cleanup())

const VIEWS = [
  ['report', '--as-of', AS_OF, '--team', 'payments', '--by-engineer'],
  ['report', '--as-of', AS_OF],
  ['classify', '--as-of', AS_OF],
  ['candidates', '--as-of', AS_OF],
  ['forecast', '--as-of', AS_OF, '--team', 'payments'],
  ['forecast', '--as-of', AS_OF],
  ['entries', '--limit', '40'],
  ['task', 'list'],
  ['team', 'list'],
]

const width = (line: string) => [...line].length
/** Lines wider than `max`, but for a command to copy, which stays whole on its own line. */
const overflowing = (out: string, max: number) => out.split('\n').filter((line) => width(line) > max && !line.startsWith('  toil '))

/** The command run in a real terminal (util-linux `script`), with what it printed. */
function onTerminal(args: string[], env: Record<string, string> = {}): string {
  const command = ['node', BIN, ...args].map((arg) => `'${arg.replaceAll("'", "'\\''")}'`).join(' ')
  // A terminal as a user has one (CI unset, as on a developer's machine).
  const {CI: _ci, ...outside} = process.env
  const run = spawnSync('script', ['-qfc', command, '/dev/null'], {encoding: 'utf8', env: {...outside, NO_COLOR: '', TOIL_USER: 'alice', COLUMNS: '100', ...env}})
  expect(run.status).toBe(0)
  return run.stdout
}

describe('colour', () => {
  it('never in a pipe or a file, nor with NO_COLOR on a terminal', async () => {
    for (const view of VIEWS) {
      const piped = await toil([...view, '--db', t.db], {env: {NO_COLOR: undefined}})
      expect(piped.code).toBe(0)
      expect(piped.stdout).not.toContain('\u001b[')
    }
    expect(onTerminal(['team', 'list', '--db', t.db], {NO_COLOR: '1'})).not.toContain('\u001b[')
  })

  it('table headers on a terminal are bold at most, never red', () => {
    for (const view of [['team', 'list'], ['entries', '--limit', '3'], ['candidates', '--as-of', AS_OF]]) {
      const shown = onTerminal([...view, '--db', t.db])
      expect(shown).toContain('\u001b[1m')
      // Only bold on and off: no colour code at all.
      const codes = [...shown.matchAll(/\u001b\[([0-9;]*)m/g)].map((m) => m[1])
      expect(new Set(codes)).toEqual(new Set(['1', '22']))
    }
  })
})

describe('widths', () => {
  it('in a pipe nothing is cut or left out, whatever COLUMNS says: grep finds every name', async () => {
    const names = (await toil(['task', 'list', '--db', t.db, '--json'])).stdout
    const longest = (JSON.parse(names) as {tasks: {name: string}[]}).tasks.map((task) => task.name).sort((a, b) => b.length - a.length)[0]!
    for (const view of [['task', 'list'], ['entries', '--limit', '0'], ['candidates', '--as-of', AS_OF], ['classify', '--as-of', AS_OF]]) {
      const {stdout} = await toil([...view, '--db', t.db], {env: {COLUMNS: '60'}})
      expect(stdout, view.join(' ')).toContain(longest)
      expect(stdout, view.join(' ')).not.toContain('left out')
      expect(stdout, view.join(' ')).not.toMatch(/\S…\s/)
    }
    const piped = spawnSync('sh', ['-c', `node ${BIN} entries --limit 0 --db ${t.db} | grep -c ${JSON.stringify(longest)}`], {encoding: 'utf8', env: {...process.env, COLUMNS: '60', TOIL_USER: 'alice'}})
    const logged = (JSON.parse((await toil(['entries', '--limit', '0', '--task', longest, '--db', t.db, '--json'])).stdout) as {totalEntries: number}).totalEntries
    expect(Number(piped.stdout.trim())).toBe(logged)
  })

  it('every view fits an 80-column terminal', () => {
    for (const view of VIEWS) {
      const shown = onTerminal([...view, '--db', t.db], {NO_COLOR: '1', COLUMNS: '80'}).replaceAll('\r', '')
      expect(overflowing(shown, 80), view.join(' ')).toEqual([])
    }
  })

  it('follows COLUMNS on a terminal: text columns narrow and prose wraps, one-value columns then spare ones go, saying so', () => {
    const shown = (args: string[], columns: string) => onTerminal([...args, '--db', t.db], {NO_COLOR: '1', COLUMNS: columns}).replaceAll('\r', '')
    const wide = shown(['task', 'list'], '160')
    const narrow = shown(['task', 'list'], '70')
    expect(overflowing(narrow, 70)).toEqual([])
    expect(wide).toContain('provision kubernetes namespace')
    expect(narrow).not.toContain('provision kubernetes namespace')
    expect(narrow).toMatch(/^provision k[^ ]*… /m)

    const candidates = shown(['candidates', '--as-of', AS_OF], '70')
    expect(overflowing(candidates, 70)).toEqual([])
    expect(candidates.replaceAll(/\s+/g, ' ')).toContain('left out to fit 70 columns; --json has every figure')
    // The verdict and the break-even that orders unestimated tasks stay.
    expect(candidates).toContain('Verdict')
    expect(candidates).toContain('Break-even h')
    const all = shown(['candidates', '--as-of', AS_OF], '200')
    expect(all).toContain('Break-even h')
    expect(all).not.toContain('left out')

    // One team's entries: its Team column says one thing, so it goes first, named in a note.
    const entries = shown(['entries', '--team', 'payments', '--limit', '5'], '70')
    expect(overflowing(entries, 70)).toEqual([])
    expect(entries).not.toMatch(/^ID .*Team/m)
    expect(entries).toContain('Team: payments on every row')

    const report = shown(['report', '--team', 'payments', '--as-of', AS_OF], '60')
    const status = report.split('\n').findIndex((line) => line.startsWith('Status '))
    expect(width(report.split('\n')[status]!)).toBeLessThanOrEqual(60)
  })

  it('a terminal\'s own width when COLUMNS is not set', () => {
    const run = spawnSync('script', ['-qfc', `stty cols 70 && node ${BIN} task list --db ${t.db}`, '/dev/null'], {encoding: 'utf8', env: {...process.env, COLUMNS: '', NO_COLOR: '1'}})
    expect(run.status).toBe(0)
    const shown = run.stdout.replaceAll('\r', '')
    expect(shown).toContain('Criteria')
    expect(overflowing(shown, 70)).toEqual([])
  })
})

describe('charts', () => {
  it('forecast and report draw the same bars against the same threshold marker', async () => {
    const forecast = (await toil(['forecast', '--team', 'payments', '--as-of', AS_OF, '--db', t.db])).stdout
    const report = (await toil(['report', '--team', 'payments', '--as-of', AS_OF, '--db', t.db])).stdout
    for (const out of [forecast, report]) {
      expect(out).toContain('█')
      expect(out).toContain('░')
      expect(out).toContain('│')
      expect(out).not.toMatch(/#{3,}|\.{3,}\|/)
    }
  })
})

describe('user text', () => {
  it('control characters in a note are shown escaped, never sent raw (names refuse them outright)', async () => {
    const own = tempDb()
    try {
      const refused = await toil(['log', 'clear \u001b[2J screen', '15m', '--db', own.db])
      expect(refused.code).toBe(2)
      expect((await toil(['log', 'restart worker', '15m', '--note', 'ring \u0007 bell \u001b[2J \u202e evil', '--team', 'ops', '--db', own.db])).code).toBe(0)
      for (const columns of ['80', '200']) {
        const stdout = onTerminal(['entries', '--db', own.db], {NO_COLOR: '1', COLUMNS: columns})
        expect(stdout).not.toMatch(/[\u0007\u001b\u202e]/)
        expect(stdout).toContain('ring \\x07 b')
      }
      const {stdout} = await toil(['entries', '--db', own.db], {env: {COLUMNS: '200'}})
      expect(stdout).toContain('ring \\x07 bell \\x1b[2J \\u202e evil')
    } finally {
      own.cleanup()
    }
  })
})

describe('the monthly report', () => {
  it('says in its header that a month in progress covers only its days so far, and that the change is not yet comparable', async () => {
    const {stdout, code} = await toil(['report', '--team', 'payments', '--month', 'this', '--as-of', AS_OF, '--db', t.db])
    expect(code).toBe(0)
    expect(stdout.replaceAll(/\s+/g, ' ')).toContain('Toil report — payments — December 2026 so far (2026-12-01 to 2026-12-02, 2 of 31 days) Capacity')
    expect(stdout.replaceAll(/\s+/g, ' ')).toContain("from November 2026 (46.2%); December 2026 so far is 2 of 31 days against a whole month's capacity, so the change is not yet comparable")
    const whole = (await toil(['report', '--team', 'payments', '--as-of', AS_OF, '--db', t.db])).stdout
    expect(whole.split('\n')[0]).toBe('Toil report — payments — November 2026 (2026-11-01 to 2026-11-30)')
    expect(whole).not.toContain('not yet comparable')
  })

  it('puts --by-engineer in its own section after the forecast and its caption, with a header on every column', async () => {
    const {stdout} = await toil(['report', '--team', 'payments', '--by-engineer', '--as-of', AS_OF, '--db', t.db])
    const lines = stdout.split('\n')
    const caption = lines.findIndex((line) => line.startsWith('Forecast: '))
    const section = lines.indexOf("Toil by engineer (against their team's hours a week)")
    const threshold = lines.findLastIndex((line) => line.includes('└ 50% threshold'))
    expect(threshold).toBeGreaterThan(0)
    expect(caption).toBe(threshold + 2)
    expect(section).toBeGreaterThan(caption)
    expect(lines[section + 1]!.trim().split(/\s{2,}/)).toEqual(['Engineer', 'Toil h', 'h/week', 'Share', 'Flag'])
  })
})

describe('mistakes on the command line', () => {
  it.each([
    [['log', 'restart worker'], 'missing argument DURATION (Hands-on time per occurrence: 90m, 1h30m, 1.5h, 1:30, PT1H30M, 1d (8 h)); --help shows examples'],
    [['log', 'restart worker', '15m', '--times', '2.5'], 'times: "2.5" must be a whole number from 1 to 1000'],
    [['log', 'restart', 'worker', '15m'], 'unexpected argument 15m; a name with spaces needs quotes ("restart payments worker")'],
    [['report', '--format', 'pdf'], 'format: "pdf" is not accepted; use one of table, markdown, csv, json, html'],
    [['report', '--bogus'], 'unknown flag --bogus; --help lists the flags'],
    [['team', 'set', 'sre', '--members', 'four', '--hours-per-week', '40'], 'members: "four" must be a whole number from 1 to 100000'],
  ])('toil %j: one line in toil\'s words, exit 2, nothing written', async (args, message) => {
    const own = tempDb()
    try {
      const result = await toil([...args, '--db', own.db])
      expect(result.code).toBe(2)
      expect(result.stderr).toBe(`toil: ${message}\n`)
      expect(existsSync(own.db)).toBe(false)
      const json = await toil([...args, '--db', own.db, '--json'])
      expect(json.code).toBe(2)
      expect(JSON.parse(json.stdout)).toEqual({error: {code: 'invalid-input', message}})
    } finally {
      own.cleanup()
    }
  })
})
