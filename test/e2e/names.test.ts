import Database from 'better-sqlite3'
import {chmodSync, existsSync, mkdirSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, afterEach, beforeEach, describe, expect, it} from 'vitest'

import {admin, freshDatabase} from '../pg/server.js'
import {dumpDb, queryDb, tempDb, toil, toilJson} from './cli.js'

describe('team and engineer names, short ids, read-only commands, output paths', () => {
  let t: ReturnType<typeof tempDb>
  beforeEach(() => {
    t = tempDb()
  })
  afterEach(() => t.cleanup())

  const query = (sql: string): any[] => queryDb(t.db, sql)
  const run = async (args: string[]) => {
    const result = await toil([...args, '--db', t.db])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    return result.stdout
  }
  const teams = () => query(`SELECT name FROM teams ORDER BY name`).map((r) => r.name)
  const engineers = () => query(`SELECT engineer, count(*) AS n FROM entries GROUP BY engineer ORDER BY engineer`)

  describe('typo guard', () => {
    it('accepts the first team and engineer of an empty database', async () => {
      await run(['log', 'deploy', '30m', '--team', 'sre', '-e', 'bob'])
      expect(teams()).toEqual(['sre'])
    })

    it('refuses a near miss of a team on the fast toil log path, writing nothing, and --new creates it', async () => {
      await run(['log', 'deploy', '30m', '--team', 'sre'])
      const before = dumpDb(t.db)
      const refused = await toil(['log', 'deploy', '30m', '--team', 'ser', '--db', t.db])
      expect(refused.code).toBe(2)
      expect(refused.stdout).toBe('')
      expect(refused.stderr).toBe('toil: team: "ser" is not a team; did you mean "sre"? (use --new to create it)\n')
      expect(dumpDb(t.db)).toBe(before)
      await run(['log', 'deploy', '30m', '--team', 'ser', '--new'])
      expect(teams()).toEqual(['ser', 'sre'])
    })

    it('refuses a near miss of a team through oclif too (a flag the fast path hands over), and in --json', async () => {
      await run(['log', 'deploy', '30m', '--team', 'platform'])
      const {code, json} = await toilJson(t.db, ['log', 'deploy', '30m', '--team', 'platfrom'])
      expect(code).toBe(2)
      expect(json).toEqual({error: {code: 'invalid-input', message: 'team: "platfrom" is not a team; did you mean "platform"? (use --new to create it)'}})
      expect(teams()).toEqual(['platform'])
    })

    it('refuses a near miss of an engineer, and accepts a name far from every other', async () => {
      await run(['log', 'deploy', '30m', '--team', 'sre', '-e', 'alice'])
      const refused = await toil(['log', 'deploy', '30m', '--team', 'sre', '-e', 'alcie', '--db', t.db])
      expect(refused.code).toBe(2)
      expect(refused.stderr).toBe('toil: engineer: "alcie" is not an engineer with entries; did you mean "alice"? (use --new to create it)\n')
      await run(['log', 'deploy', '30m', '--team', 'sre', '-e', 'bob'])
      expect(engineers()).toEqual([{engineer: 'alice', n: 1}, {engineer: 'bob', n: 1}])
    })

    it('guards entry edit --engineer, with --new to accept the name', async () => {
      const logged = await toilJson(t.db, ['log', 'deploy', '30m', '--team', 'sre', '-e', 'alice'])
      const id = (logged.json.entry.id as string).slice(-8)
      const refused = await toil(['entry', 'edit', id, '-e', 'alicee', '--db', t.db])
      expect(refused.code).toBe(2)
      expect(refused.stderr).toContain('did you mean "alice"?')
      expect(engineers()).toEqual([{engineer: 'alice', n: 1}])
      await run(['entry', 'edit', id, '-e', 'alicee', '--new'])
      expect(engineers()).toEqual([{engineer: 'alicee', n: 1}])
    })

    it('guards team set and task add against a near miss of a team', async () => {
      await run(['team', 'set', 'sre', '--toil-budget', '30%'])
      const set = await toil(['team', 'set', 'ser', '--toil-budget', '20%', '--db', t.db])
      expect(set.code).toBe(2)
      expect(set.stderr).toContain('"ser" is not a team; did you mean "sre"?')
      const add = await toil(['task', 'add', 'deploy', '--team', 'ser', '--db', t.db])
      expect(add.code).toBe(2)
      expect(teams()).toEqual(['sre'])
    })
  })

  describe('team rename and rm', () => {
    it('renames a team, keeping its tasks and entries, and refuses a name another team has', async () => {
      await run(['log', 'deploy', '30m', '--team', 'ser'])
      await run(['log', 'deploy', '30m', '--team', 'platform'])
      expect(await run(['team', 'rename', 'SER', 'sre'])).toBe('Renamed team ser to sre.\n')
      expect(teams()).toEqual(['platform', 'sre'])
      expect(query(`SELECT tm.name AS team, count(*) AS n FROM entries e JOIN tasks t ON t.id = e.task_id JOIN teams tm ON tm.id = t.team_id GROUP BY tm.name ORDER BY tm.name`)).toEqual([{team: 'platform', n: 1}, {team: 'sre', n: 1}])
      const before = dumpDb(t.db)
      const {code, json} = await toilJson(t.db, ['team', 'rename', 'sre', 'Platform'])
      expect(code).toBe(2)
      expect(json.error.message).toContain('"Platform" is already a team')
      expect(dumpDb(t.db)).toBe(before)
      const missing = await toil(['team', 'rename', 'nope', 'x', '--db', t.db])
      expect(missing.code).toBe(2)
      expect(missing.stderr).toContain('team: "nope" is not a team')
    })

    it('refuses to remove a team with tasks or entries unless --force, then removes them after a backup', async () => {
      await run(['log', 'deploy', '30m', '--team', 'ser'])
      await run(['log', 'deploy', '1h', '--team', 'ser'])
      await run(['log', 'deploy', '30m', '--team', 'platform'])
      const before = dumpDb(t.db)
      const refused = await toil(['team', 'rm', 'ser', '--db', t.db])
      expect(refused.code).toBe(2)
      expect(refused.stderr).toBe('toil: team: "ser" has 1 task and 2 entries that would be deleted with it; pass --force to remove them, or use toil team rename to keep them\n')
      expect(dumpDb(t.db)).toBe(before)
      const {code, json} = await toilJson(t.db, ['team', 'rm', 'ser', '--force'])
      expect(code).toBe(0)
      expect(json).toMatchObject({team: 'ser', tasksRemoved: 1, entriesRemoved: 2})
      expect(existsSync(json.backup)).toBe(true)
      expect(teams()).toEqual(['platform'])
      expect(query(`SELECT count(*) AS n FROM entries`)).toEqual([{n: 1}])
      // The backup holds what was removed.
      const backup = new Database(json.backup, {readonly: true})
      expect(backup.prepare(`SELECT count(*) AS n FROM entries`).get()).toEqual({n: 3})
      backup.close()
    })

    it('removes an empty team without --force', async () => {
      await run(['team', 'set', 'sandbox', '--toil-budget', '20%'])
      expect(await run(['team', 'rm', 'sandbox'])).toMatch(/^Removed team sandbox, 0 tasks and 0 entries\.\nBackup: .+\n$/)
      expect(teams()).toEqual([])
    })
  })

  describe('engineer rename and merge', () => {
    it('renames an engineer in every entry, and suggests merge for a name that has entries', async () => {
      await run(['log', 'deploy', '30m', '--team', 'sre', '-e', 'jdoe'])
      await run(['log', 'deploy', '30m', '--team', 'sre', '-e', 'jdoe'])
      await run(['log', 'deploy', '30m', '--team', 'sre', '-e', 'bob'])
      const {code, json} = await toilJson(t.db, ['engineer', 'rename', 'jdoe', 'jane'])
      expect(code).toBe(0)
      expect(json).toEqual({from: 'jdoe', to: 'jane', entriesRenamed: 2})
      const before = dumpDb(t.db)
      const refused = await toil(['engineer', 'rename', 'jane', 'bob', '--db', t.db])
      expect(refused.code).toBe(2)
      expect(refused.stderr).toBe('toil: new name: "bob" already has entries; to join the two, use toil engineer merge "jane" "bob"\n')
      expect(dumpDb(t.db)).toBe(before)
      const missing = await toil(['engineer', 'rename', 'jnae', 'x', '--db', t.db])
      expect(missing.code).toBe(2)
      expect(missing.stderr).toContain('engineer: "jnae" has no entries; did you mean "jane"?')
    })

    it('merges one engineer into another after a backup, leaving who logged as it was', async () => {
      await run(['log', 'deploy', '30m', '--team', 'sre', '-e', 'alice'])
      await run(['log', 'deploy', '30m', '--team', 'sre', '-e', 'alcie', '--new'])
      const out = await run(['engineer', 'merge', 'alcie', 'alice'])
      expect(out).toMatch(/^Moved 1 entry of alcie to alice\.\nBackup: .+engineer-merge\.bak\n$/)
      expect(engineers()).toEqual([{engineer: 'alice', n: 2}])
      expect(query(`SELECT DISTINCT logged_by FROM entries`)).toEqual([{logged_by: 'alice'}])
      const same = await toil(['engineer', 'merge', 'alice', 'alice', '--db', t.db])
      expect(same.code).toBe(2)
    })
  })

  describe('short entry ids', () => {
    it('finds an entry by any prefix of its shown short id, its end, or its full id; an ambiguous part lists candidates', async () => {
      const {json} = await toilJson(t.db, ['log', 'deploy', '30m', '--team', 'sre'])
      const id: string = json.entry.id
      const short = id.slice(-8)
      expect(await run(['entries'])).toContain(short)
      for (const part of [short.slice(0, 4), short.slice(0, 6), short, id]) {
        const edited = await toilJson(t.db, ['entry', 'edit', part, '--note', part])
        expect(edited.code).toBe(0)
        expect(edited.json.after.id).toBe(id)
      }
      expect(query(`SELECT note FROM entries`)).toEqual([{note: id}])
      // Two entries whose short ids begin alike: made so through an import of chosen ids.
      const ids = ['00000000-0000-4000-8000-0000abcd1111', '00000000-0000-4000-8000-0000abcd2222']
      const lines = ids.map((i) => JSON.stringify({type: 'entry', id: i, team: 'sre', task: 'deploy', engineer: 'alice', day: '2026-01-05', minutes: 10, count: 1, tags: [], note: '', createdAt: '2026-01-05T10:00:00.000Z'}))
      const file = join(t.dir, 'two.jsonl')
      const {writeFileSync} = await import('node:fs')
      writeFileSync(file, `${lines.join('\n')}\n`)
      await run(['import', file])
      const ambiguous = await toil(['entry', 'rm', 'abcd', '--db', t.db])
      expect(ambiguous.code).toBe(2)
      expect(ambiguous.stderr).toBe('toil: id: "abcd" matches more than one entry (abcd1111, abcd2222); give more of the id\n')
      expect(await run(['entry', 'rm', 'abcd2'])).toContain('abcd2222')
      expect(query(`SELECT count(*) AS n FROM entries`)).toEqual([{n: 2}])
    })
  })

  describe('read-only commands never create a database', () => {
    const readOnly = [['report'], ['classify'], ['candidates'], ['forecast'], ['entries'], ['export'], ['doctor'], ['backup'], ['task', 'list'], ['team', 'list']]
    for (const args of readOnly) {
      it(`toil ${args.join(' ')} at a missing path: exit 3, nothing created`, async () => {
        const path = join(t.dir, 'typo.db')
        const result = await toil([...args, '--db', path])
        expect(result.code).toBe(3)
        expect(result.stdout).toBe('')
        expect(result.stderr).toBe(`toil: no toil database at ${path}; check --db or $TOIL_DB (toil log, toil import or toil demo creates one)\n`)
        expect(readdirSync(t.dir)).toEqual([])
      })
    }

    it('says so in --json, and a writing command still creates the database', async () => {
      const {code, json} = await toilJson(t.db, ['report'])
      expect(code).toBe(3)
      expect(json.error.code).toBe('no-database')
      expect(existsSync(t.db)).toBe(false)
      await run(['team', 'set', 'sre', '--toil-budget', '30%'])
      expect(existsSync(t.db)).toBe(true)
    })
  })

  describe('output paths', () => {
    it('a missing folder, a folder, or a folder that may not be written: one line, exit 2, nothing written', async () => {
      await run(['log', 'deploy', '30m', '--team', 'sre'])
      const locked = join(t.dir, 'locked')
      mkdirSync(locked)
      chmodSync(locked, 0o500)
      const cases: [string, string][] = [
        [join(t.dir, 'nope', 'out.jsonl'), 'cannot be written'],
        [t.dir, 'is a folder; give a file name'],
      ]
      // Root writes anywhere: the permission case is only a case for another user.
      if (process.getuid?.() !== 0) cases.push([join(locked, 'out.jsonl'), 'cannot be written'])
      for (const [out, says] of cases) {
        for (const args of [['export', '--out', out], ['report', '--out', out]]) {
          const result = await toil([...args, '--db', t.db])
          expect(result.code).toBe(2)
          expect(result.stdout).toBe('')
          expect(result.stderr.trim().split('\n')).toHaveLength(1)
          expect(result.stderr).toContain(`out: ${JSON.stringify(out)} ${says}`)
        }
      }
      expect(readdirSync(t.dir).sort()).toEqual(['locked', 'toil.db', 'toil.db-shm', 'toil.db-wal'].filter((f) => existsSync(join(t.dir, f))).sort())
      expect(readdirSync(locked)).toEqual([])
    })
  })

  describe('team list', () => {
    it('shows each team\'s toil budget, in the table and in JSON', async () => {
      await run(['team', 'set', 'sre', '--toil-budget', '30%'])
      await run(['log', 'deploy', '30m', '--team', 'platform'])
      const out = await run(['team', 'list'])
      expect(out.split('\n')[0]).toMatch(/^Team\s+Budget\s+From/)
      expect(out).toMatch(/\nplatform\s+-\s/)
      expect(out).toMatch(/\nsre\s+30%\s/)
      const {json} = await toilJson(t.db, ['team', 'list'])
      expect(json.teams.map((team: any) => [team.name, team.toilBudget])).toEqual([['platform', null], ['sre', 0.3]])
    })
  })
})

describe('read-only commands on a PostgreSQL database with no toil schema', () => {
  const home = tempDb()
  afterAll(() => home.cleanup())
  const env = {XDG_DATA_HOME: home.dir, HOME: home.dir}

  it('exit 3 naming the URL, and create nothing in it; a writing command still creates the schema', async () => {
    const {name, url} = await freshDatabase('names')
    for (const args of [['report'], ['entries'], ['export'], ['doctor'], ['backup'], ['team', 'list']]) {
      const result = await toil([...args, '--db', url], {env})
      expect(result.code, args.join(' ')).toBe(3)
      expect(result.stderr).toMatch(/^toil: no toil database at postgres:\/\/\S+; check --db/)
    }
    const tables = async () => (await admin<{name: string}>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`, [], name)).map((r) => r.name)
    expect(await tables()).toEqual([])
    const logged = await toil(['log', 'deploy', '30m', '--team', 'sre', '--db', url], {env})
    expect(logged.code).toBe(0)
    expect(await tables()).toContain('entries')
  }, 120_000)
})

describe('task names match the Unicode way', () => {
  let t: ReturnType<typeof tempDb>
  beforeEach(() => {
    t = tempDb()
  })
  afterEach(() => t.cleanup())

  it('"éclair duty", "ÉCLAIR DUTY" and a decomposed "éclair duty" are one task', async () => {
    for (const name of ['éclair duty', 'ÉCLAIR DUTY', 'e\u0301clair duty']) {
      const {code, stderr} = await toilJson(t.db, ['log', name, '5m'])
      expect(code, stderr).toBe(0)
    }
    expect(queryDb(t.db, 'SELECT name FROM tasks')).toEqual([{name: 'éclair duty'}])
    expect(queryDb(t.db, 'SELECT count(*) AS n FROM entries')).toEqual([{n: 3}])
  })

  it('a database an older toil let hold two such tasks is upgraded without merging them: doctor names both, task merge joins them', async () => {
    // Schema 4, as the toil before this one wrote it, folding ASCII only.
    const {MIGRATIONS, APPLICATION_ID} = await import('../../src/store/schema.js')
    const db = new Database(t.db)
    for (const migration of MIGRATIONS.slice(0, 4)) db.exec(migration)
    db.pragma(`application_id = ${APPLICATION_ID}`)
    db.pragma('user_version = 4')
    db.exec(`INSERT INTO teams (id, name) VALUES (1, 'sre');
      INSERT INTO tasks (id, team_id, name, created_at) VALUES (1, 1, 'éclair duty', '2026-01-01T00:00:00.000Z'), (2, 1, 'ÉCLAIR DUTY', '2026-01-02T00:00:00.000Z');
      INSERT INTO entries (id, task_id, engineer, day, minutes, created_at) VALUES ('0190a000-0000-7000-8000-000000000001', 1, 'ann', '2026-01-05', 10, '2026-01-05T00:00:00.000Z'),
        ('0190a000-0000-7000-8000-000000000002', 2, 'ann', '2026-01-06', 20, '2026-01-06T00:00:00.000Z');`)
    db.close()
    const doctor = await toilJson(t.db, ['doctor'])
    expect(doctor.code).toBe(3)
    expect(doctor.json.sameNameTasks).toEqual([{team: 'sre', names: ['éclair duty', 'ÉCLAIR DUTY']}])
    expect(doctor.json.problems.join('\n')).toContain('toil task merge "ÉCLAIR DUTY" "éclair duty" --team "sre" joins them')
    expect(queryDb(t.db, 'SELECT id, name_key FROM tasks ORDER BY id')).toEqual([{id: 1, name_key: 'éclair duty'}, {id: 2, name_key: null}])
    // Each is still reached by its own name.
    for (const name of ['ÉCLAIR DUTY', 'éclair duty']) expect((await toilJson(t.db, ['task', 'show', name, '--team', 'sre'])).json.task.name).toBe(name)
    const merged = await toilJson(t.db, ['task', 'merge', 'ÉCLAIR DUTY', 'éclair duty', '--team', 'sre'])
    expect(merged.code, JSON.stringify(merged.json)).toBe(0)
    expect(merged.json).toMatchObject({from: 'ÉCLAIR DUTY', into: 'éclair duty', entriesMoved: 1})
    const after = await toilJson(t.db, ['doctor'])
    expect(after.code).toBe(0)
    expect(after.json.sameNameTasks).toEqual([])
    expect(queryDb(t.db, 'SELECT task_id, count(*) AS n FROM entries GROUP BY task_id')).toEqual([{task_id: 1, n: 2}])
  })
})
