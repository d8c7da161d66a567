/**
 * What a user meets at a real terminal (tmux): `toil log` asking for what it was not given,
 * and a mistyped command offering the one meant.
 */
import {execFileSync} from 'node:child_process'
import {resolve} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {queryDb, tempDb, toil} from './cli.js'

const BIN = resolve(import.meta.dirname, '../../bin/run.js')
let t: ReturnType<typeof tempDb>
let socket: string
let sessions = 0

beforeEach(() => {
  t = tempDb()
  socket = `toil-test-${process.pid}-${++sessions}`
})
afterEach(() => {
  try {
    execFileSync('tmux', ['-L', socket, 'kill-server'], {stdio: 'ignore'})
  } catch {
    // Already gone with its command.
  }
  t.cleanup()
})

const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'})
const screen = () => tmux('capture-pane', '-p')
const type = (...keys: string[]) => tmux('send-keys', ...keys)

/** Runs toil in a new 120×30 terminal; the shell says how it ended, then waits to be read. */
function start(args: string[]): void {
  const command = ['node', BIN, ...args].map((arg) => `'${arg}'`).join(' ')
  tmux('new-session', '-d', '-x', '120', '-y', '30', `env TOIL_USER=alice NO_COLOR=1 ${command}; echo "exit=$?"; sleep 60`)
}

/** Waits until the terminal shows `text`, as a user would watch for it. */
async function see(text: string | RegExp, timeout = 15_000): Promise<string> {
  const until = Date.now() + timeout
  for (;;) {
    const shown = screen()
    if (typeof text === 'string' ? shown.includes(text) : text.test(shown)) return shown
    if (Date.now() > until) throw new Error(`the terminal never showed ${String(text)}; it shows:\n${shown}`)
    await new Promise((done) => setTimeout(done, 100))
  }
}

const entries = () => queryDb(t.db, 'SELECT t.name AS task, e.minutes, e.tags, e.engineer FROM entries e JOIN tasks t ON t.id = e.task_id ORDER BY e.seq')

describe('toil log on a terminal without its arguments', () => {
  beforeEach(async () => {
    for (const task of ['restart worker', 'rotate certificates']) expect((await toil(['log', task, '5m', '--team', 'ops', '--db', t.db])).code).toBe(0)
  })

  it('asks for the task with the team\'s tasks to pick from, the duration until it parses, and the tags', async () => {
    start(['log', '--team', 'ops', '--db', t.db])
    const first = await see('rotate certificates')
    expect(first).toContain('? Task')
    expect(first).toContain('restart worker')
    type('rest')
    const searched = await see('rest (new task)')
    expect(searched).toMatch(/❯ restart worker/)
    expect(searched).not.toContain('rotate certificates')
    type('Enter')
    await see('? Duration')
    type('15', 'Enter')
    await see('duration: "15" has no unit; did you mean 15m?')
    type('m', 'Enter')
    await see('? Tags')
    type('oncall, interrupt', 'Enter')
    const done = await see('exit=0')
    expect(done).toContain('Logged ')
    expect(done).toContain('"restart worker"  15m = 0.25 h  alice (ops) [interrupt, oncall]')
    expect(entries()).toHaveLength(3)
    expect(entries()[2]).toEqual({task: 'restart worker', minutes: 15, tags: '["interrupt","oncall"]', engineer: 'alice'})
  })

  it('creates a new task from what was typed, and asks only for what is missing', async () => {
    start(['log', '--tag', 'ticket', '--team', 'ops', '--db', t.db])
    await see('? Task')
    type('grant vpn access')
    await see('grant vpn access (new task)')
    type('Enter')
    await see('? Duration')
    type('10m', 'Enter')
    const done = await see('exit=0')
    expect(done).not.toContain('? Tags')
    expect(done).toContain('New task "grant vpn access" in team ops')
    expect(entries()[2]).toEqual({task: 'grant vpn access', minutes: 10, tags: '["ticket"]', engineer: 'alice'})
  })

  it('Ctrl-C at a prompt ends with exit 130 and nothing logged', async () => {
    start(['log', 'restart worker', '--team', 'ops', '--db', t.db])
    await see('? Duration')
    type('C-c')
    const done = await see(/exit=\d+/)
    expect(done).toContain('exit=130')
    expect(done).toContain('toil: nothing logged')
    expect(entries()).toHaveLength(2)
  })
})

describe('a mistyped command on a terminal', () => {
  it('names the command meant and runs nothing', async () => {
    expect((await toil(['log', 'restart worker', '5m', '--db', t.db])).code).toBe(0)
    start(['task', 'rn', 'restart worker', '--db', t.db])
    const done = await see(/exit=\d+/)
    expect(done).toContain('toil: "task rn" is not a toil command; did you mean "task rm"? (toil help lists them all)')
    expect(done).toContain('exit=2')
    expect(entries()).toHaveLength(1)
  })
})
