import {describe, expect, it} from 'vitest'

import {fishCompletion} from '../../../src/render/fish-completion.js'

describe('fishCompletion', () => {
  const script = fishCompletion(
    'toil',
    [
      {id: 'log', summary: "Record it: don't wait\nsecond line", flags: [{name: 'tag', summary: 'A \\ tag', takesValue: true}]},
      {id: 'task:add', summary: 'Add a task.', flags: [{name: 'format', char: 'f', options: ['table', 'json'], takesValue: true}, {name: 'new', takesValue: false}]},
    ],
    {task: 'Manage tasks.'},
  )
  const lines = script.split('\n')

  it('quotes summaries as one fish word, first line only', () => {
    expect(lines).toContain("complete -c toil -n __fish_use_subcommand -a 'log' -d 'Record it: don\\'t wait'")
    expect(lines).toContain("complete -c toil -n '__fish_seen_subcommand_from log' -l tag -r -d 'A \\\\ tag'")
  })

  it('completes topics with their description, then their subcommands, then flags with choices', () => {
    expect(lines).toContain("complete -c toil -n __fish_use_subcommand -a 'task' -d 'Manage tasks.'")
    expect(lines).toContain("complete -c toil -n '__fish_seen_subcommand_from task; and not __fish_seen_subcommand_from add' -a 'add' -d 'Add a task.'")
    expect(lines).toContain("complete -c toil -n '__fish_seen_subcommand_from task; and __fish_seen_subcommand_from add' -l format -s f -x -a 'table json'")
    expect(lines).toContain("complete -c toil -n '__fish_seen_subcommand_from task; and __fish_seen_subcommand_from add' -l new")
  })
})
