#!/usr/bin/env node
/**
 * What `npm test` needs beyond npm: Debian's chromium (the HTML report is checked in a real
 * browser) and postgresql's server binaries (the team-database tests start their own server).
 * Installs what is missing when it can (as root, or with password-less sudo), else stops at
 * once with the one command that installs it, instead of failing minutes into the run.
 * `$TOIL_CHROMIUM` names another Chromium binary (the browser test uses the same variable).
 */
import {execFileSync, spawnSync} from 'node:child_process'
import {existsSync, readdirSync} from 'node:fs'
import {join} from 'node:path'

const hasPostgres = () => {
  const root = '/usr/lib/postgresql'
  if (existsSync(root) && readdirSync(root).some((v) => existsSync(join(root, v, 'bin', 'initdb')))) return true
  try {
    return existsSync(join(execFileSync('pg_config', ['--bindir'], {encoding: 'utf8'}).trim(), 'initdb'))
  } catch {
    return false
  }
}

const needs = [
  {pkg: 'chromium', why: 'Chromium for the HTML report test', present: () => existsSync(process.env.TOIL_CHROMIUM ?? '/usr/bin/chromium')},
  {pkg: 'postgresql', why: 'PostgreSQL server binaries for the team-database tests', present: hasPostgres},
]

const missing = needs.filter((need) => !need.present())
if (missing.length > 0) {
  const pkgs = missing.map((need) => need.pkg)
  const what = missing.map((need) => need.why).join(' and ')
  const runs = (file, args) => spawnSync(file, args, {stdio: ['ignore', 'inherit', 'inherit']}).status === 0
  const asRoot = process.getuid?.() === 0
  const sudo = !asRoot && runs('sudo', ['-n', 'true'])
  const apt = (args) => (asRoot ? runs('apt-get', args) : runs('sudo', ['-n', 'apt-get', ...args]))
  if (existsSync('/usr/bin/apt-get') && (asRoot || sudo)) {
    console.error(`npm test: installing ${pkgs.join(' and ')} (${what})`)
    apt(['update', '-qq'])
    apt(['install', '-y', '-qq', ...pkgs])
  }
  const still = missing.filter((need) => !need.present())
  if (still.length > 0) {
    console.error(`npm test needs ${still.map((need) => need.why).join(' and ')}; install with: sudo apt-get install -y ${still.map((need) => need.pkg).join(' ')}`)
    process.exit(1)
  }
}
