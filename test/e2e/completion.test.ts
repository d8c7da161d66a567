/**
 * Shell completion (bash, zsh, fish) and what a mistyped command gets.
 */
import {spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'

import {toil} from './cli.js'

const cache = mkdtempSync(join(tmpdir(), 'toil-completion-'))
afterAll(() => rmSync(cache, {recursive: true, force: true}))
const env = {XDG_CACHE_HOME: cache}

/** What bash's completion offers for a command line typed up to the cursor at its end. */
function bashComplete(setup: string, line: string): string[] {
  const script = `
    source ${JSON.stringify(setup)}
    COMP_LINE=${JSON.stringify(line)}
    COMP_POINT=\${#COMP_LINE}
    read -ra COMP_WORDS <<< "$COMP_LINE"
    [[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$((\${#COMP_WORDS[@]} - 1))
    fn=$(complete -p toil | sed -E 's/.*-F ([^ ]+).*/\\1/')
    "$fn" toil "\${COMP_WORDS[COMP_CWORD]}" "\${COMP_WORDS[COMP_CWORD-1]}"
    printf '%s\\n' "\${COMPREPLY[@]}"
  `
  const run = spawnSync('bash', ['-c', script], {encoding: 'utf8'})
  expect(run.stderr).toBe('')
  return run.stdout.split('\n').filter((word) => word !== '')
}

describe('shell completion', () => {
  it('sets up bash: the script line sources a function that completes commands, subcommands and flags', async () => {
    const instructions = await toil(['autocomplete', 'bash'], {env})
    expect(instructions.code).toBe(0)
    expect(instructions.stdout).toContain('toil autocomplete script bash')
    const script = await toil(['autocomplete', 'script', 'bash'], {env})
    expect(script.code).toBe(0)
    const setup = /TOIL_AC_BASH_SETUP_PATH=(\S+)/.exec(script.stdout)?.[1]
    expect(setup).toBeDefined()

    const completions = bashComplete(setup!, 'toil rep')
    expect(completions.map((word) => word.trim())).toContain('report')
    expect(bashComplete(setup!, 'toil task ').map((word) => word.trim())).toEqual(expect.arrayContaining(['add', 'list', 'merge', 'rm']))
    expect(bashComplete(setup!, 'toil report --fo')).toContain('--format')
    expect(bashComplete(setup!, 'toil log --ca')).toContain('--category')
  })

  it('writes the zsh completion, naming the commands and their flags', async () => {
    expect((await toil(['autocomplete', 'zsh'], {env})).code).toBe(0)
    const zsh = readFileSync(join(cache, 'toil', 'autocomplete', 'functions', 'zsh', '_toil'), 'utf8')
    expect(zsh).toContain('#compdef toil')
    expect(zsh).toMatch(/"report\[Print the monthly toil report\.\]"|report:Print the monthly toil report/)
    expect(zsh).toContain('--format')
  })

  it('prints the fish completion: commands, topic subcommands, flags with their choices and negations', async () => {
    const fish = await toil(['autocomplete', 'fish'], {env})
    expect(fish.code).toBe(0)
    const lines = fish.stdout.split('\n')
    expect(lines).toContain("complete -c toil -n __fish_use_subcommand -a 'report' -d 'Print the monthly toil report.'")
    expect(lines.some((line) => line.includes("__fish_seen_subcommand_from task; and not __fish_seen_subcommand_from") && line.includes("-a 'add'"))).toBe(true)
    expect(lines).toContain("complete -c toil -n '__fish_seen_subcommand_from report' -l format -s f -x -a 'table markdown csv json html' -d 'Output format (default: from the --out file name: .md, .html, .csv, .json; else table).'")
    expect(lines).toContain("complete -c toil -n '__fish_seen_subcommand_from task; and __fish_seen_subcommand_from edit' -l no-manual")
    // Every line is a fish `complete` command or a comment: nothing else runs when fish loads it.
    expect(lines.filter((line) => line !== '' && !line.startsWith('complete -c toil ') && !line.startsWith('#'))).toEqual([])
  })
})

describe('a mistyped command', () => {
  it.each([
    [['reprot'], '"reprot" is not a toil command; did you mean "report"? (toil help lists them all)'],
    [['task', 'ad', 'restart worker'], '"task ad" is not a toil command; did you mean "task add"? (toil help lists them all)'],
    [['entry', 'edt', 'b7de'], '"entry edt" is not a toil command; did you mean "entry edit"? (toil help lists them all)'],
    [['xyzzy'], '"xyzzy" is not a toil command (toil help lists them all)'],
    [['lgo', 'restart worker', '15m'], '"lgo" is not a toil command; did you mean "log"? (toil help lists them all)'],
    [['tsk', 'list'], '"tsk" is not a toil command; did you mean "task"? (toil help lists them all)'],
    [['LOG'], '"LOG" is not a toil command; did you mean "log"? (toil help lists them all)'],
  ])('toil %j names the closest command in one line, exit 2, without waiting for an answer', async (args, message) => {
    const result = await toil(args)
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toBe(`toil: ${message}\n`)
  })

  it('answers in JSON on stdout with --json', async () => {
    const result = await toil(['rep', '--json'])
    expect(result.code).toBe(2)
    expect(JSON.parse(result.stdout)).toEqual({error: {code: 'invalid-input', message: '"rep" is not a toil command; did you mean "report"? (toil help lists them all)'}})
  })
})

describe('-h and -v', () => {
  it('are --help and --version, for toil and for each command', async () => {
    const top = await toil(['-h'])
    expect(top.code).toBe(0)
    expect(top.stdout).toContain('USAGE')
    const version = await toil(['-v'])
    expect(version.code).toBe(0)
    expect(version.stdout).toMatch(/^toil\/\d+\.\d+\.\d+ /)
    const report = await toil(['report', '-h'])
    expect(report.code).toBe(0)
    expect(report.stdout).toContain('Print the monthly toil report.')
    expect(report.stdout).toContain('-h, --help')
  })
})
