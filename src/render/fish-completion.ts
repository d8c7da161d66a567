/**
 * Fish completion for toil, made from the commands' own metadata (the completion plugin
 * writes bash, zsh and PowerShell only). Topics and commands complete as words
 * (`toil task <TAB>` → add, list…), flags by name, with choices where a flag has them.
 */
export interface CompletionCommand {
  /** oclif id: `log`, `task:add`. */
  id: string
  summary?: string
  flags: {name: string; char?: string; summary?: string; options?: readonly string[]; takesValue: boolean}[]
}

/** A string as one single-quoted fish word. */
const quote = (text: string) => `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`
const firstLine = (text = '') => text.split('\n')[0]!.trim()

export function fishCompletion(bin: string, commands: readonly CompletionCommand[], topics: Record<string, string>): string {
  const top = new Map<string, string>()
  const sub = new Map<string, Map<string, string>>()
  for (const command of commands) {
    const [first, second] = command.id.split(':')
    if (second === undefined) top.set(first!, firstLine(command.summary))
    else {
      top.set(first!, top.get(first!) ?? topics[first!] ?? '')
      const words = sub.get(first!) ?? new Map<string, string>()
      words.set(second, firstLine(command.summary))
      sub.set(first!, words)
    }
  }
  const lines = [`# fish completion for ${bin}: save as ~/.config/fish/completions/${bin}.fish`, `complete -c ${bin} -f`]
  for (const [word, summary] of top) lines.push(`complete -c ${bin} -n __fish_use_subcommand -a ${quote(word)} -d ${quote(summary)}`)
  for (const [topic, words] of sub) {
    const seen = `__fish_seen_subcommand_from ${topic}; and not __fish_seen_subcommand_from ${[...words.keys()].join(' ')}`
    for (const [word, summary] of words) lines.push(`complete -c ${bin} -n ${quote(seen)} -a ${quote(word)} -d ${quote(summary)}`)
  }
  for (const command of commands) {
    const words = command.id.split(':')
    const when = words.map((word) => `__fish_seen_subcommand_from ${word}`).join('; and ')
    for (const flag of command.flags) {
      const parts = [`complete -c ${bin} -n ${quote(when)} -l ${flag.name}`]
      if (flag.char) parts.push(`-s ${flag.char}`)
      if (flag.options) parts.push(`-x -a ${quote(flag.options.join(' '))}`)
      else if (flag.takesValue) parts.push('-r')
      if (flag.summary) parts.push(`-d ${quote(firstLine(flag.summary))}`)
      lines.push(parts.join(' '))
    }
  }
  return `${lines.join('\n')}\n`
}
