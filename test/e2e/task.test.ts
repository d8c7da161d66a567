import Database from 'better-sqlite3'
import {existsSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {daysAgo, dumpDb, queryDb, tempDb, toil, toilJson} from './cli.js'

describe('toil task', () => {
  let t: ReturnType<typeof tempDb>
  beforeEach(() => {
    t = tempDb()
  })
  afterEach(() => t.cleanup())

  const query = (sql: string, ...params: unknown[]): any[] => queryDb(t.db, sql, ...params)
  /** Every stored row, to prove a refused command wrote nothing. */
  const dump = () => dumpDb(t.db)
  const taskRow = (name: string) => query(`SELECT t.*, tm.name AS team FROM tasks t JOIN teams tm ON tm.id = t.team_id WHERE t.name = ?`, name)[0]
  const run = async (args: string[], env?: Record<string, string | undefined>) => {
    const result = await toil([...args, '--db', t.db], {env})
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    return result.stdout
  }
  const refused = async (args: string[], message: string, env?: Record<string, string | undefined>) => {
    const before = dump()
    const result = await toil([...args, '--db', t.db], {env})
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(message)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stdout).toBe('')
    expect(dump()).toBe(before)
    return result.stderr
  }
  const backups = () => (existsSync(join(t.dir, 'backups')) ? readdirSync(join(t.dir, 'backups')) : [])

  describe('add', () => {
    it('stores every field the flags give', async () => {
      const out = await run([
        'task', 'add', 'rotate TLS certs', '--team', 'platform', '--category', 'release', '--manual', '--repetitive', '--no-automatable',
        '--tactical', '--no-enduring-value', '--no-scales', '--every', '3/week', '--duration', '1h30m', '--cost', '2d', '--reduction', '80%', '--maintenance', '30m',
      ])
      expect(out).toContain('Added task "rotate TLS certs" to team platform')
      expect(out).toContain('YYNYYN')
      expect(taskRow('rotate TLS certs')).toMatchObject({
        team: 'platform', category: 'release', manual: 'yes', repetitive: 'yes', automatable: 'no', tactical: 'yes', no_enduring_value: 'yes', scales: 'no',
        freq_count: 3, freq_unit: 'week', freq_every: 1, duration_minutes: 90, cost_hours: 16, reduction: 0.8, maintenance_hours: 0.5,
        status: 'active', automated_since: null,
      })
    })

    it('leaves criteria unknown when not given and prints the SPEC JSON shape', async () => {
      const {code, json} = await toilJson(t.db, ['task', 'add', 'weekly access review', '--enduring-value', '--every', 'every 2 weeks'])
      expect(code).toBe(0)
      expect(Object.keys(json)).toEqual(['task'])
      expect(json.task).toMatchObject({
        team: 'default',
        name: 'weekly access review',
        category: 'other',
        criteria: {manual: 'unknown', repetitive: 'unknown', automatable: 'unknown', tactical: 'unknown', noEnduringValue: 'no', scales: 'unknown'},
        frequency: {count: 1, unit: 'week', every: 2},
        durationMinutes: null,
        estimate: {costHours: null, reduction: 1, maintenanceHoursPerMonth: 0},
        status: 'active',
        automatedSince: null,
      })
      expect(json.task).not.toHaveProperty('id')
      expect(taskRow('weekly access review')).toMatchObject({no_enduring_value: 'no', manual: 'unknown', freq_every: 2})
    })

    it('takes the team from $TOIL_TEAM when --team is absent', async () => {
      await run(['task', 'add', 'capacity review'], {TOIL_TEAM: 'sre'})
      expect(taskRow('capacity review').team).toBe('sre')
    })

    it('dates an automated task today, or the --since day', async () => {
      await run(['task', 'add', 'a', '--status', 'automated'])
      await run(['task', 'add', 'b', '--status', 'automated', '--since', daysAgo(10)])
      expect(taskRow('a')).toMatchObject({status: 'automated', automated_since: daysAgo(0)})
      expect(taskRow('b')).toMatchObject({status: 'automated', automated_since: daysAgo(10)})
    })

    it.each([
      [['task', 'add', 'Rotate Certs'], 'task: "Rotate Certs" already exists in team default'],
      [['task', 'add', 'x', '--since', '2024-01-01'], 'since: "2024-01-01" needs --status automated'],
      [['task', 'add', 'x', '--status', 'automating', '--since', '2024-01-01'], 'needs --status automated'],
      [['task', 'add', 'x', '--status', 'automated', '--since', '2099-01-01'], 'since: "2099-01-01" is in the future'],
      [['task', 'add', 'x', '--category', 'chores'], 'category: "chores" is not accepted; use one of interrupt, oncall'],
      [['task', 'add', 'x', '--status', 'done'], 'status: "done" is not accepted; use one of active, automating, automated, retired'],
      [['task', 'add', 'x', '--every', 'sometimes'], 'every: "sometimes" is not a frequency'],
      [['task', 'add', 'x', '--duration', '45'], 'duration: "45" has no unit; did you mean 45m?'],
      [['task', 'add', 'x', '--cost', '16'], 'cost: "16" has no unit; did you mean 16h?'],
      [['task', 'add', 'x', '--reduction', '120%'], 'reduction: "120%" is more than 100%'],
      [['task', 'add', 'x', '--maintenance', 'a bit'], 'maintenance: "a bit" is not an amount of time'],
      [['task', 'add', '  '], 'is empty'],
      [['task', 'add', 'x', '--team', 'platforms'], 'team: "platforms" is not a team; did you mean "platform"?'],
    ])('refuses %j with exit 2 and writes nothing', async (args, message) => {
      await run(['task', 'add', 'rotate certs', '--team', 'platform'])
      await run(['task', 'add', 'rotate certs'])
      await refused(args, message)
    })

    it('reports a refusal as JSON on stdout with --json', async () => {
      await run(['task', 'add', 'rotate certs'])
      const {code, json} = await toilJson(t.db, ['task', 'add', 'ROTATE CERTS'])
      expect(code).toBe(2)
      expect(json).toEqual({error: {code: 'conflict', message: 'task: "ROTATE CERTS" already exists in team default; use toil task edit'}})
    })
  })

  describe('list', () => {
    beforeEach(async () => {
      await run(['task', 'add', 'rotate certs', '--team', 'platform', '--category', 'release', '--manual', '--no-automatable', '--every', 'monthly', '--duration', '1h', '--cost', '16h'])
      await run(['task', 'add', 'restart worker', '--team', 'payments', '--category', 'oncall', '--no-enduring-value', '--status', 'automating'])
    })

    it('prints a table with the criteria code and its legend', async () => {
      const out = await run(['task', 'list'], {COLUMNS: '120'})
      const certs = out.split('\n').find((line) => line.includes('rotate certs'))!
      expect(certs).toMatch(/^rotate certs {2,}platform {2,}release {2,}active {2,}Y\?N\?\?\? {2,}monthly {2,}1h {2}16 h, 100%$/)
      const worker = out.split('\n').find((line) => line.includes('restart worker'))!
      expect(worker).toMatch(/^restart worker {2,}payments {2,}oncall {2,}automating {2,}\?\?\?\?Y\? {2,}- {2,}- {2}-$/)
      expect(out.split('\n')[1]).toMatch(/^─+( {2}─+){7}$/)
      expect(out.replaceAll('\n', ' ')).toContain('Criteria: manual, repetitive, automatable, tactical, no enduring value, scales (Y yes, N no, ? unknown)')
      expect(out).not.toContain('\u001b[')
    })

    it('--json lists the tasks with their fields', async () => {
      const {code, json} = await toilJson(t.db, ['task', 'list'])
      expect(code).toBe(0)
      expect(json.tasks.map((task: any) => [task.team, task.name])).toEqual([['payments', 'restart worker'], ['platform', 'rotate certs']])
      expect(json.tasks[1]).toEqual({
        team: 'platform',
        name: 'rotate certs',
        category: 'release',
        criteria: {manual: 'yes', repetitive: 'unknown', automatable: 'no', tactical: 'unknown', noEnduringValue: 'unknown', scales: 'unknown'},
        frequency: {count: 1, unit: 'month', every: 1},
        durationMinutes: 60,
        estimate: {costHours: 16, reduction: 1, maintenanceHoursPerMonth: 0},
        status: 'active',
        automatedSince: null,
        createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      })
    })

    it('filters by team (case-insensitive), category and status', async () => {
      const names = async (...args: string[]) => (await toilJson(t.db, ['task', 'list', ...args])).json.tasks.map((task: any) => task.name)
      expect(await names('--team', 'PLATFORM')).toEqual(['rotate certs'])
      expect(await names('--category', 'oncall')).toEqual(['restart worker'])
      expect(await names('--status', 'active')).toEqual(['rotate certs'])
      expect(await names('--status', 'retired')).toEqual([])
      expect(await run(['task', 'list', '--status', 'retired'])).toBe('No task matches --category and --status.\n')
    })

    it('refuses an unknown team with a near match', async () => {
      await refused(['task', 'list', '--team', 'paymnts'], 'team: "paymnts" is not a team; did you mean "payments"?')
      await refused(['task', 'list', '--category', 'misc'], 'category: "misc" is not accepted; use one of')
    })
  })

  describe('show', () => {
    it('prints every field and the logged totals, summed from the entries', async () => {
      await run(['task', 'add', 'restart worker', '--category', 'oncall', '--manual', '--every', '2/day', '--duration', '15m', '--cost', '8h', '--reduction', '50%'])
      await run(['log', 'restart worker', '15m', '--times', '3', '--day', daysAgo(3)])
      await run(['log', 'restart worker', '30m', '--day', daysAgo(1)])
      const out = await run(['task', 'show', 'RESTART WORKER'])
      for (const line of [/restart worker \(team default\)/, /category\s+oncall/, /frequency\s+2\/day/, /duration\s+15m/, /cost\s+8 h/, /reduction\s+50%/, /manual\s+yes/, /scales\s+unknown/, /entries\s+2/, /occurrences\s+4/, /hours\s+1\.25 h/]) {
        expect(out).toMatch(line)
      }
      expect(out).toMatch(new RegExp(`first day\\s+${daysAgo(3)}`))
      const {json} = await toilJson(t.db, ['task', 'show', 'restart worker'])
      expect(json.totals).toEqual({entries: 2, occurrences: 4, hours: (3 * 15 + 30) / 60, firstDay: daysAgo(3), lastDay: daysAgo(1)})
      expect(json.task).toMatchObject({name: 'restart worker', category: 'oncall', frequency: {count: 2, unit: 'day', every: 1}, estimate: {costHours: 8, reduction: 0.5}})
    })

    it('shows zero totals for a task without entries', async () => {
      await run(['task', 'add', 'quiet'])
      const {json} = await toilJson(t.db, ['task', 'show', 'quiet'])
      expect(json.totals).toEqual({entries: 0, occurrences: 0, hours: 0, firstDay: null, lastDay: null})
    })

    it('refuses unknown names: a near match, another team, an unknown team', async () => {
      await run(['task', 'add', 'restart worker'])
      await run(['task', 'add', 'deploy', '--team', 'webapp'])
      await refused(['task', 'show', 'restart workers'], 'task: "restart workers" is not a task of team default; did you mean "restart worker"?')
      await refused(['task', 'show', 'deploy'], 'task: "deploy" is not a task of team default; team webapp has it (--team webapp)')
      await refused(['task', 'show', 'deploy', '--team', 'webap'], 'task: "deploy" is not a task of team webap; team webapp has it (--team webapp)')
      await refused(['task', 'show', 'undeploy', '--team', 'webap'], 'team: "webap" is not a team; did you mean "webapp"?')
      await refused(['task', 'show', 'nothing like it'], 'task: "nothing like it" is not a task of team default; toil task list shows the tasks')
    })
  })

  describe('edit', () => {
    beforeEach(async () => {
      await run(['task', 'add', 'rotate certs', '--manual', '--repetitive', '--every', 'weekly', '--duration', '20m', '--cost', '16h', '--reduction', '80%'])
    })

    it('changes only what is given and prints before → after', async () => {
      const before = taskRow('rotate certs')
      const out = await run(['task', 'edit', 'Rotate Certs', '--no-enduring-value', '--automatable', '--category', 'cleanup', '--maintenance', '1h'])
      expect(out).toContain('Changed "rotate certs" (team default):')
      expect(out).toContain('category: other → cleanup')
      expect(out).toContain('no enduring value: unknown → yes')
      expect(out).toContain('automatable: unknown → yes')
      expect(out).toContain('maintenance: 0 h/month → 1 h/month')
      expect(out).not.toContain('manual:')
      expect(taskRow('rotate certs')).toEqual({
        ...before, category: 'cleanup', no_enduring_value: 'yes', automatable: 'yes', maintenance_hours: 1,
      })
    })

    it('--unset withdraws an answer and clears optional fields; --json lists the changes', async () => {
      const {code, json} = await toilJson(t.db, ['task', 'edit', 'rotate certs', '--unset', 'manual', '--unset', 'every', '--unset', 'cost'])
      expect(code).toBe(0)
      expect(json.changes).toEqual([
        {field: 'criteria.manual', before: 'yes', after: 'unknown'},
        {field: 'frequency', before: {count: 1, unit: 'week', every: 1}, after: null},
        {field: 'estimate.costHours', before: 16, after: null},
      ])
      expect(json.task).toMatchObject({criteria: {manual: 'unknown', repetitive: 'yes'}, frequency: null, durationMinutes: 20, estimate: {costHours: null, reduction: 0.8}})
      expect(taskRow('rotate certs')).toMatchObject({manual: 'unknown', freq_unit: null, freq_count: null, cost_hours: null, reduction: 0.8, duration_minutes: 20})
    })

    it('renames, keeping the entries', async () => {
      await run(['log', 'rotate certs', '10m'])
      expect(await run(['task', 'edit', 'rotate certs', '--name', 'rotate TLS certs'])).toContain('name: rotate certs → rotate TLS certs')
      expect(taskRow('rotate certs')).toBeUndefined()
      expect(query(`SELECT t.name FROM entries e JOIN tasks t ON t.id = e.task_id`)).toEqual([{name: 'rotate TLS certs'}])
    })

    it('marks a task automated today and moves its since-day', async () => {
      await run(['task', 'edit', 'rotate certs', '--status', 'automated'])
      expect(taskRow('rotate certs')).toMatchObject({status: 'automated', automated_since: daysAgo(0)})
      expect(await run(['task', 'edit', 'rotate certs', '--since', daysAgo(5)])).toContain(`automated since: ${daysAgo(0)} → ${daysAgo(5)}`)
      await run(['task', 'edit', 'rotate certs', '--status', 'active'])
      expect(taskRow('rotate certs')).toMatchObject({status: 'active', automated_since: null})
    })

    it('says so when nothing changed', async () => {
      const {json} = await toilJson(t.db, ['task', 'edit', 'rotate certs', '--manual'])
      expect(json.changes).toEqual([])
      expect(await run(['task', 'edit', 'rotate certs', '--manual'])).toContain('No change to "rotate certs"')
    })

    it.each([
      [['task', 'edit', 'rotate certs'], 'edit: nothing to change'],
      [['task', 'edit', 'rotate certs', '--name', 'Restart Worker'], 'name: "Restart Worker" is already a task of team default; to combine them run toil task merge "rotate certs" "restart worker"'],
      [['task', 'edit', 'rotate certs', '--manual', '--unset', 'manual'], 'unset: "manual" contradicts --manual'],
      [['task', 'edit', 'rotate certs', '--since', '2024-01-01'], 'since: "2024-01-01" needs --status automated'],
      [['task', 'edit', 'rotate certs', '--unset', 'colour'], 'unset: "colour" is not accepted; use one of'],
      [['task', 'edit', 'rotate cert', '--manual'], 'task: "rotate cert" is not a task of team default; did you mean "rotate certs"?'],
      [['task', 'edit', 'rotate certs', '--reduction', '1.5'], 'reduction: "1.5" is ambiguous; did you mean 1.5%?'],
      [['task', 'edit', 'rotate certs', '--name', ''], 'name: "" is empty'],
    ])('refuses %j with exit 2 and writes nothing', async (args, message) => {
      await run(['task', 'add', 'restart worker'])
      await refused(args, message)
    })
  })

  describe('rm', () => {
    beforeEach(async () => {
      await run(['log', 'restart worker', '15m'])
      await run(['log', 'restart worker', '15m', '--day', 'yesterday'])
      await run(['log', 'other work', '5m'])
    })

    it('refuses a task with entries without --yes, saying how many would go', async () => {
      await refused(['task', 'rm', 'restart worker'], 'task: "restart worker" has 2 entries that would be deleted with it; pass --yes')
      expect(backups()).toEqual([])
    })

    it('with --yes removes the task and its entries after a backup', async () => {
      const {code, json} = await toilJson(t.db, ['task', 'rm', 'restart worker', '--yes'])
      expect(code).toBe(0)
      expect(json).toEqual({task: 'restart worker', team: 'default', entriesRemoved: 2, backup: expect.stringContaining('.rm.bak')})
      expect(existsSync(json.backup)).toBe(true)
      expect(taskRow('restart worker')).toBeUndefined()
      expect(query(`SELECT t.name FROM entries e JOIN tasks t ON t.id = e.task_id`)).toEqual([{name: 'other work'}])
      // The backup still holds what was removed.
      const saved = new Database(json.backup, {readonly: true})
      expect((saved.prepare(`SELECT count(*) AS n FROM entries`).get() as {n: number}).n).toBe(3)
      saved.close()
    })

    it('removes a task without entries without --yes and prints the backup path', async () => {
      await run(['task', 'add', 'unused'])
      const out = await run(['task', 'rm', 'unused'])
      expect(out).toContain('Removed task "unused" of team default and 0 entries.')
      const path = /Backup: (.+)/.exec(out)![1]!
      expect(existsSync(path)).toBe(true)
      expect(taskRow('unused')).toBeUndefined()
    })

    it('refuses an unknown task', async () => {
      await refused(['task', 'rm', 'restart wroker', '--yes'], 'did you mean "restart worker"?')
      expect(backups()).toEqual([])
    })
  })

  describe('merge', () => {
    it('moves the entries of A into B and removes A, after a backup', async () => {
      await run(['log', 'restart payment worker', '10m', '--times', '2'])
      await run(['log', 'restart payment worker', '5m', '--day', 'yesterday'])
      await run(['log', 'restart payments worker', '15m', '--new'])
      const out = await run(['task', 'merge', 'restart payment worker', 'restart payments worker'])
      expect(out).toContain('Moved 2 entries from "restart payment worker" into "restart payments worker" (team default)')
      const path = /Backup: (.+)/.exec(out)![1]!
      expect(path).toContain('.merge.bak')
      expect(existsSync(path)).toBe(true)
      expect(taskRow('restart payment worker')).toBeUndefined()
      expect(query(`SELECT t.name, count(*) AS n, sum(e.minutes * e.count) AS minutes FROM entries e JOIN tasks t ON t.id = e.task_id GROUP BY t.name`)).toEqual([
        {name: 'restart payments worker', n: 3, minutes: 10 * 2 + 5 + 15},
      ])
    })

    it('--json reports the move', async () => {
      await run(['log', 'a task', '10m', '--team', 'web'])
      await run(['task', 'add', 'b task', '--team', 'web'])
      const {code, json} = await toilJson(t.db, ['task', 'merge', 'A TASK', 'b task', '--team', 'web'])
      expect(code).toBe(0)
      expect(json).toEqual({from: 'a task', into: 'b task', team: 'web', entriesMoved: 1, backup: expect.stringContaining('.merge.bak')})
    })

    it.each([
      [['task', 'merge', 'restart worker', 'Restart Worker'], 'into: "Restart Worker" is the same task as "restart worker"'],
      [['task', 'merge', 'restart worker', 'nowhere'], 'task: "nowhere" is not a task of team default'],
      [['task', 'merge', 'restrat worker', 'other work'], 'did you mean "restart worker"?'],
      [['task', 'merge', 'restart worker'], 'missing argument INTO'],
    ])('refuses %j with exit 2 and writes nothing', async (args, message) => {
      await run(['log', 'restart worker', '15m'])
      await run(['log', 'other work', '5m'])
      await refused(args, message)
      expect(backups()).toEqual([])
    })
  })
})
