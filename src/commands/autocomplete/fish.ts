import {Command} from '@oclif/core'

import {type CompletionCommand, fishCompletion} from '../../render/fish-completion.js'

export default class AutocompleteFish extends Command {
  static override summary = 'Print the fish completion script.'
  static override description = 'Fish completion for every toil command, topic and flag. `toil autocomplete bash` and `toil autocomplete zsh` set up the other shells.'
  static override examples = [{command: '<%= config.bin %> autocomplete fish > ~/.config/fish/completions/toil.fish', description: 'Install it; new fish sessions complete toil.'}]

  public async run(): Promise<void> {
    const commands: CompletionCommand[] = this.config.commands
      .filter((command) => !command.hidden)
      .map((command) => ({
        id: command.id,
        summary: (command.summary ?? command.description)?.replaceAll('<%= config.bin %>', this.config.bin),
        flags: Object.entries(command.flags)
          .filter(([, flag]) => !flag.hidden)
          .flatMap(([name, flag]) => [
            {name, char: flag.char, summary: flag.summary ?? flag.description, options: flag.type === 'option' ? flag.options : undefined, takesValue: flag.type === 'option'},
            // --manual/--no-manual and the like.
            ...(flag.type === 'boolean' && flag.allowNo ? [{name: `no-${name}`, takesValue: false}] : []),
          ]),
      }))
    const topics = Object.fromEntries(this.config.topics.map((topic) => [topic.name, topic.description ?? '']))
    process.stdout.write(fishCompletion(this.config.bin, commands, topics))
  }
}
