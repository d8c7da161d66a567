/**
 * What a new user meets first: the README's commands and the test command's prerequisites.
 */
import {spawnSync} from 'node:child_process'
import {chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'

import {tempDb, toil} from './cli.js'

const ROOT = resolve(import.meta.dirname, '../..')
const README = readFileSync(resolve(ROOT, 'README.md'), 'utf8')

/** The command lines (`$ toil …`) and the printed lines of the README's report excerpt. */
function readmeExcerpt(): {commands: string[][]; lines: string[]} {
  const block = /```console\n([\s\S]*?)```/.exec(README)
  if (!block) throw new Error('README has no ```console block')
  const all = block[1]!.split('\n')
  const commands = all.filter((line) => line.startsWith('$ toil ')).map((line) => line.slice('$ toil '.length).replace(/\s*>.*$/, '').split(/\s+/))
  const lines = all.filter((line) => !line.startsWith('$ ') && line !== '…' && line !== '')
  return {commands, lines}
}

describe('the README', () => {
  const temp = tempDb()
  afterAll(() => temp.cleanup())
  it('starts with a Quick start of two commands: install and demo, then the tests', () => {
    const quick = /## Quick start\n\n```sh\n([\s\S]*?)```/.exec(README)
    expect(quick).not.toBeNull()
    const commands = quick![1]!.trim().split('\n')
    expect(commands).toHaveLength(2)
    expect(commands[0]).toMatch(/npm ci.*demo$/)
    expect(commands[1]).toBe('npm test')
  })

  it('shows the commands its report excerpt comes from, and running them prints it', async () => {
    const {commands, lines} = readmeExcerpt()
    expect(commands[0]?.[0]).toBe('demo')
    expect(lines.length).toBeGreaterThan(10)
    let last = ''
    for (const args of commands) {
      const withDb = args.map((arg) => (arg === 'demo.db' ? temp.db : arg))
      const result = await toil(withDb)
      expect(result.code, result.stderr).toBe(0)
      last = result.stdout
    }
    const printed = last.split('\n')
    for (const line of lines) expect(printed).toContain(line)
  })
})

describe('npm test\'s prerequisites', () => {
  const script = resolve(ROOT, 'test/prereqs.mjs')

  it('pass silently where Chromium and PostgreSQL are installed', () => {
    const run = spawnSync(process.execPath, [script], {encoding: 'utf8'})
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
  })

  it('stop at once with the one command that installs what is missing, when they cannot install it', () => {
    // Without root or sudo (PATH without sudo; as root, run as nobody), nothing can be installed.
    const env = {PATH: '/nonexistent', TOIL_CHROMIUM: '/nonexistent/chromium'}
    const asRoot = process.getuid?.() === 0
    // nobody runs a copy: the checkout may be in a folder only its owner can read.
    const shared = mkdtempSync(join(tmpdir(), 'toil-prereqs-'))
    chmodSync(shared, 0o755)
    copyFileSync(script, join(shared, 'prereqs.mjs'))
    const run = asRoot
      ? spawnSync('runuser', ['-u', 'nobody', '--', 'env', ...Object.entries(env).map(([k, v]) => `${k}=${v}`), process.execPath, join(shared, 'prereqs.mjs')], {encoding: 'utf8'})
      : spawnSync(process.execPath, [script], {encoding: 'utf8', env})
    rmSync(shared, {recursive: true, force: true})
    expect(run.status).toBe(1)
    expect(run.stderr).toBe('npm test needs Chromium for the HTML report test; install with: sudo apt-get install -y chromium\n')
  })
})
