import {describe, expect, it} from 'vitest'

import {type LogInput, logEntry} from '../../src/app/log-entry.js'
import type {Entry} from '../../src/domain/types.js'
import type {NewEntry, NewTask, Store} from '../../src/store/store.js'

const input: LogInput = {task: 'shared race task', duration: '1m', times: 1, day: 'today', engineer: 'alice', team: 'default', tags: [], note: '', createNew: false}

/** A store in which another process creates the task between toil log's lookup and its typo check. */
function racingStore(nameCreatedMeanwhile: string) {
  const added: {entry: NewEntry; createTask?: NewTask}[] = []
  const store = {
    identity: async () => undefined,
    listTeams: async () => ['default'],
    engineerNames: async () => ['alice'],
    findTask: async () => undefined,
    taskNames: async () => [nameCreatedMeanwhile],
    engineerDayHours: async () => 0.25,
    addEntry: async (entry: NewEntry, createTask?: NewTask) => {
      added.push({entry, createTask})
      const stored: Entry = {...entry, id: '0190f000-0000-7000-8000-000000000001', task: nameCreatedMeanwhile, createdAt: '2026-11-23T10:00:00.000Z'}
      return {entry: stored, taskCreated: false}
    },
  }
  return {store: store as unknown as Store, added}
}

describe('logEntry', () => {
  it('logs into a task another process created meanwhile, instead of calling its own name a typo', async () => {
    const {store, added} = racingStore('Shared Race Task')
    const {result, message} = await logEntry(store, input)
    expect(added).toHaveLength(1)
    expect(result.taskCreated).toBe(false)
    expect(result.entry.task).toBe('Shared Race Task')
    expect(message).toMatch(/^Logged /)
  })

  it('still refuses a near miss of a task created meanwhile', async () => {
    const {store, added} = racingStore('shared race tasks')
    await expect(logEntry(store, input)).rejects.toThrow('did you mean "shared race tasks"? (use --new to create it)')
    expect(added).toHaveLength(0)
  })
})
