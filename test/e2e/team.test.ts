import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {daysAgo, dumpDb, emptyDb, queryDb, tempDb, toil, toilJson} from './cli.js'

describe('toil team', () => {
  let t: ReturnType<typeof tempDb>
  beforeEach(() => {
    t = tempDb()
  })
  afterEach(() => t.cleanup())

  const query = (sql: string): any[] => queryDb(t.db, sql)
  const dump = () => dumpDb(t.db)
  const capacityRows = () => query(`SELECT tm.name AS team, c.from_month, c.members, c.hours_per_week, c.rotation, c.shifts FROM capacity c JOIN teams tm ON tm.id = c.team_id ORDER BY tm.name, c.from_month`)
  const run = async (args: string[]) => {
    const result = await toil([...args, '--db', t.db])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    return result.stdout
  }

  describe('set', () => {
    it('stores a capacity period and prints the capacity of its month and the on-call load', async () => {
      // February 2024 has 29 days: 6 × 40 × 29 ÷ 7 = 994.29 h.
      const out = await run(['team', 'set', 'platform', '--members', '6', '--hours-per-week', '40', '--from', '2024-02', '--rotation', '6', '--shifts', '2'])
      expect(out).toContain("Team platform from 2024-02: 6 × 40 h/week = 994.29 h in 2024-02; on-call load 33.3% of each engineer's weeks (2 of a rotation of 6 on call at once)")
      expect(out).toContain('New team platform.')
      expect(capacityRows()).toEqual([{team: 'platform', from_month: '2024-02', members: 6, hours_per_week: 40, rotation: 6, shifts: 2}])
    })

    it('--json gives the period, its capacity hours and the on-call load as a fraction', async () => {
      const {code, json} = await toilJson(t.db, ['team', 'set', 'sre', '--members', '4', '--hours-per-week', '37.5', '--from', '2025-04'])
      expect(code).toBe(0)
      expect(json).toEqual({
        team: 'sre',
        capacity: {fromMonth: '2025-04', members: 4, hoursPerWeek: 37.5, rotation: null, shifts: null},
        capacityHours: Math.round(((4 * 37.5 * 30) / 7) * 100) / 100,
        onCallLoad: null,
        teamCreated: true,
      })
      const again = await toilJson(t.db, ['team', 'set', 'SRE', '--members', '5', '--hours-per-week', '40', '--from', '2025-04', '--rotation', '5', '--shifts', '1'])
      expect(again.json).toMatchObject({team: 'sre', onCallLoad: 0.2, teamCreated: false})
    })

    it('defaults to the current month and replaces a period of the same month', async () => {
      const month = daysAgo(0).slice(0, 7)
      await run(['team', 'set', 'platform', '--members', '6', '--hours-per-week', '40'])
      await run(['team', 'set', 'Platform', '--members', '7', '--hours-per-week', '32', '--from', 'this'])
      await run(['team', 'set', 'platform', '--members', '5', '--hours-per-week', '40', '--from', '2024-01'])
      expect(capacityRows()).toEqual([
        {team: 'platform', from_month: '2024-01', members: 5, hours_per_week: 40, rotation: null, shifts: null},
        {team: 'platform', from_month: month, members: 7, hours_per_week: 32, rotation: null, shifts: null},
      ])
      expect(query(`SELECT name FROM teams`)).toEqual([{name: 'platform'}])
    })

    it('creates a team whose name is close to another only with --new', async () => {
      await run(['team', 'set', 'payments', '--members', '3', '--hours-per-week', '40'])
      await run(['team', 'set', 'payment', '--members', '3', '--hours-per-week', '40', '--new'])
      expect(query(`SELECT name FROM teams ORDER BY name`)).toEqual([{name: 'payment'}, {name: 'payments'}])
    })

    it.each([
      [['team', 'set', 'ops', '--members', '0', '--hours-per-week', '40'], 'members: "0" must be a whole number from 1'],
      [['team', 'set', 'ops', '--members', 'six', '--hours-per-week', '40'], 'members: "six" must be a whole number'],
      [['team', 'set', 'ops', '--members', '6', '--hours-per-week', '0'], 'hours-per-week: "0" must be a number of hours above 0'],
      [['team', 'set', 'ops', '--members', '6', '--hours-per-week', '170'], 'hours-per-week: "170"'],
      [['team', 'set', 'ops', '--members', '6', '--hours-per-week', '40', '--from', '2024-13'], 'from: "2024-13" is not a month'],
      [['team', 'set', 'ops', '--members', '6', '--hours-per-week', '40', '--rotation', '6'], 'rotation: "6" needs --shifts too'],
      [['team', 'set', 'ops', '--members', '6', '--hours-per-week', '40', '--shifts', '2'], 'shifts: "2" needs --rotation too'],
      [['team', 'set', 'ops', '--members', '6', '--hours-per-week', '40', '--rotation', '2', '--shifts', '3'], 'shifts: "3" is more than the rotation of 2'],
      [['team', 'set', 'ops', '--hours-per-week', '40'], 'members: "" is missing: a capacity needs --members and --hours-per-week'],
      [['team', 'set', 'ops'], 'needs --members and --hours-per-week (a capacity from a month on), or --toil-budget'],
      [['team', 'set', 'ops', '--toil-budget', '0%'], 'toil-budget: "0%" must be more than 0%'],
      [['team', 'set', 'platfrm', '--members', '6', '--hours-per-week', '40'], 'team: "platfrm" is not a team; did you mean "platform"?'],
    ])('refuses %j with exit 2 and writes nothing', async (args, message) => {
      await run(['team', 'set', 'platform', '--members', '6', '--hours-per-week', '40', '--from', '2024-01'])
      const before = dump()
      const result = await toil([...args, '--db', t.db])
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(message)
      expect(result.stderr.trim().split('\n')).toHaveLength(1)
      expect(result.stdout).toBe('')
      expect(dump()).toBe(before)
    })
  })

  describe('list', () => {
    it('lists teams with their capacity history, oldest period first', async () => {
      await run(['team', 'set', 'platform', '--members', '6', '--hours-per-week', '40', '--from', '2024-02', '--rotation', '6', '--shifts', '2'])
      await run(['team', 'set', 'platform', '--members', '7', '--hours-per-week', '40', '--from', '2024-01'])
      await run(['log', 'restart worker', '10m', '--team', 'payments'])
      const out = await run(['team', 'list'])
      const lines = out.split('\n')
      const jan = lines.findIndex((l) => l.includes('2024-01'))
      const feb = lines.findIndex((l) => l.includes('2024-02'))
      expect(jan).toBeGreaterThan(0)
      expect(feb).toBeGreaterThan(jan)
      expect(lines[jan]).toMatch(/^platform {2,}- {2,}2024-01 {2,}7 {2,}40 {2,}1240 h {2}- {2,}-$/)
      expect(lines[feb]).toMatch(/^ {8,}2024-02 {2,}6 {2,}40 {2,}994\.29 h {2}2 of 6 {2,}33\.3%$/)
      expect(out).toMatch(/^payments {2,}- {2,}- {2,}- {2,}- {2,}assumed {2}- {2,}-$/m)
      expect(out).toContain('Assumed capacity: 40 h/week for each engineer who logged that month')
      expect(out).not.toContain('\u001b[')
    })

    it('--json gives every team with its periods', async () => {
      await run(['team', 'set', 'platform', '--members', '6', '--hours-per-week', '40', '--from', '2024-02', '--rotation', '6', '--shifts', '2'])
      await run(['task', 'add', 'deploy', '--team', 'web'])
      const {code, json} = await toilJson(t.db, ['team', 'list'])
      expect(code).toBe(0)
      expect(json).toEqual({
        teams: [
          {name: 'platform', capacity: [{fromMonth: '2024-02', members: 6, hoursPerWeek: 40, rotation: 6, shifts: 2}], toilBudget: null},
          {name: 'web', capacity: [], toilBudget: null},
        ],
      })
    })

    it('says when there are no teams', async () => {
      await emptyDb(t.db)
      expect(await run(['team', 'list'])).toContain('No teams yet')
      expect((await toilJson(t.db, ['team', 'list'])).json).toEqual({teams: []})
    })
  })
})
