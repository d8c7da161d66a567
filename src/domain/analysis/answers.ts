import {CRITERION_FLAGS} from './classify.js'
import type {TaskAnalysis} from './types.js'

/** A name as a shell word: double quotes when safe, else single quotes. */
export function shellWord(text: string): string {
  if (/^[\w.,:@%+=/-]+$/.test(text)) return text
  if (!/["$`\\!]/.test(text)) return `"${text}"`
  return `'${text.replaceAll("'", `'\\''`)}'`
}

/** The command that answers a task's open criteria (each flag answers yes). */
export function answerCommand(t: Pick<TaskAnalysis, 'task' | 'team' | 'unanswered'>): string {
  const flags = t.unanswered.map((c) => CRITERION_FLAGS[c][0])
  return `toil task edit ${shellWord(t.task)} --team ${shellWord(t.team)} ${flags.join(' ')}`
}
