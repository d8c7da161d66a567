import {describe, expect, it} from 'vitest'

import {type AuditChange, auditText, rowChange} from '../../../src/render/audit.js'

const change = (fields: Partial<AuditChange>): AuditChange => ({
  at: '2026-12-04T06:05:44.123Z', who: 'lee', action: 'task merge', object: 'task drain node', teams: ['ops'], before: {}, after: {}, ...fields,
})

describe('rowChange', () => {
  it('says a row was added or removed, naming an entry by the end of its id', () => {
    expect(rowChange('task drain node', undefined, {name: 'drain node'})).toBe('task drain node: added')
    expect(rowChange('entry 0190d3a2-7c1e-7f0f-acaa-7aa70bcab019', {minutes: 8}, undefined)).toBe('entry 0bcab019: removed')
  })

  it('lists each changed column from → to, strings quoted and long values cut', () => {
    expect(rowChange('team ops', {toil_budget: null}, {toil_budget: 0.35})).toBe('team ops: toil_budget null → 0.35')
    expect(rowChange('entry 0190d3a2-7c1e-7f0f-acaa-7aa70bcab019', {note: 'a', minutes: 7}, {note: 'b', minutes: 8})).toBe('entry 0bcab019: note "a" → "b", minutes 7 → 8')
    const long = 'x'.repeat(100)
    expect(rowChange('task t', {name: 't'}, {name: long})).toBe(`task t: name "t" → "${'x'.repeat(38)}…`)
  })

  it('gives a count as it is', () => {
    expect(rowChange('entries added', undefined, 214)).toBe('entries added: 214')
  })
})

describe('auditText', () => {
  it('says when nothing was recorded', () => {
    expect(auditText([])).toBe('No changes recorded.')
  })

  it('gives a change a line, then a line a row, naming the object only when it is not one of the rows', () => {
    const merge = change({before: {'task drain node': {name: 'drain node'}, 'entry 0190d3a2-7c1e-7f0f-acaa-7aa70bcab019': {task_id: 4}}, after: {'entry 0190d3a2-7c1e-7f0f-acaa-7aa70bcab019': {task_id: 1}}})
    const imported = change({action: 'import', object: 'pagerduty incidents.csv', teams: ['ops', 'web'], after: {'entries added': 2}})
    expect(auditText([merge, imported])).toBe([
      '2026-12-04 06:05:44  lee  task merge (ops)',
      '  task drain node: removed',
      '  entry 0bcab019: task_id 4 → 1',
      '2026-12-04 06:05:44  lee  import pagerduty incidents.csv (ops, web)',
      '  entries added: 2',
    ].join('\n'))
  })

  it('counts the rows past five, and escapes control characters in names', () => {
    const after = Object.fromEntries(Array.from({length: 8}, (_, i) => [`task t${i}`, {name: `t${i}`}]))
    const lines = auditText([change({action: 'import', object: 'x.jsonl', after: {...after, 'task \u001b[31mred': {name: 'red'}}})]).split('\n')
    expect(lines).toHaveLength(7)
    expect(lines.at(-1)).toBe('  … and 4 more (--json has every row)')
    expect(auditText([change({who: 'a\u001bb', after: {'task \u001b': {}}})])).not.toContain('\u001b')
  })
})
