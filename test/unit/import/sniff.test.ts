import {describe, expect, it} from 'vitest'

import {keyedWorklogs} from '../../../src/domain/import/jira-csv.js'
import {names} from '../../../src/domain/import/pagerduty.js'
import {csvFormat, headerCells, isForeignJiraHeader, jsonFormat, sniffDelimiter, sniffSourceFormat} from '../../../src/domain/import/sniff.js'
import {isAccountId} from '../../../src/domain/import/source.js'

describe('which export a file is', () => {
  it.each([
    ['Summary,Issue key,Issue Type', ','],
    ['Summary;Issue key;Issue Type', ';'],
    ['Summary\tIssue key\tIssue Type', '\t'],
    // Commas inside a quoted header cell are not delimiters.
    ['"a,b,c";d;e', ';'],
    ['id', ','],
  ])('%j is delimited by %j', (line, delimiter) => {
    expect(sniffDelimiter(line)).toBe(delimiter)
  })

  it('tells the CSV formats by their header', () => {
    expect(csvFormat(headerCells('Summary,Issue key,Issue id,Issue Type'))).toBe('jira-csv')
    expect(csvFormat(headerCells('id,incident_number,description,service_name,created_on,seconds_to_resolve'))).toBe('pagerduty-csv')
    expect(csvFormat(headerCells('id,incident_number,title,created_at,status,service.summary'))).toBe('pagerduty-rest-csv')
    expect(csvFormat(headerCells('id,team,task,engineer,day,minutes'))).toBeUndefined()
  })

  it('tells the JSON formats by their first document', () => {
    expect(jsonFormat({issues: []})).toBe('jira-search')
    expect(jsonFormat({isLast: true, issues: []})).toBe('jira-search')
    expect(jsonFormat({incidents: [], more: false})).toBe('pagerduty-rest')
    expect(jsonFormat({data: [], more: false})).toBe('pagerduty-raw')
    expect(jsonFormat([{id: 'Q1', seconds_to_resolve: 60}])).toBe('pagerduty-raw')
    expect(jsonFormat([{id: 'P1', type: 'incident', html_url: 'https://x.pagerduty.com/incidents/P1'}])).toBe('pagerduty-rest')
    expect(jsonFormat({type: 'entry'})).toBeUndefined()
  })

  it('knows a source export from toil\'s own', () => {
    expect(sniffSourceFormat('{"expand":"names","startAt":0,"issues":[{"key":"OPS-1","fields":{}}]}')).toBe('jira-search')
    expect(sniffSourceFormat('{"type":"team","name":"sre","capacity":[]}\n{"type":"entry","id":"x"}')).toBeUndefined()
    expect(sniffSourceFormat('id,team,task,engineer,day,minutes\n')).toBeUndefined()
    expect(sniffSourceFormat('\uFEFFSummary;Issue key;Issue Type\n')).toBe('jira-csv')
  })

  it('knows a Jira export made in another language', () => {
    expect(isForeignJiraHeader(headerCells('Resumen,Clave de incidencia,Tipo de Incidencia'))).toBe(true)
    expect(isForeignJiraHeader(headerCells('Zusammenfassung,Schlüssel,Vorgangstyp'))).toBe(true)
    expect(isForeignJiraHeader(headerCells('要約,課題キー,課題タイプ'))).toBe(true)
    expect(isForeignJiraHeader(headerCells('Summary,Issue key'))).toBe(false)
  })
})

describe('names in an export', () => {
  it.each([
    ['ug:4e18a2c1-5b7d-4f0e-9a3c-2d6b8e1f7a90', true],
    ['712020:0ffeeac7-1d2e-4c3b-8a9f-6e5d4c3b2a10', true],
    ['7ad0d71c-3e2f-4a1b-9c8d-5e4f3a2b1c0d', true],
    ['5b10a2844c20165700ede21g', true],
    ['Ann Lee', false],
    ['jsmith', false],
    ['administratoradministrat', false],
  ])('%s is an account id: %s', (name, is) => {
    expect(isAccountId(name)).toBe(is)
  })

  it.each([
    ['Ann Lee', ['Ann Lee']],
    ['Ann Lee, Bob Ray', ['Ann Lee', 'Bob Ray']],
    ['Smith, John', ['Smith, John']],
    ['Smith, John, Doe, Jane', ['Smith, John', 'Doe, Jane']],
    ['Smith, John; Doe, Jane', ['Smith, John', 'Doe, Jane']],
    ['ann, bob, cara', ['ann, bob, cara']],
    ['', []],
  ])('the name list %j is %j', (cell, list) => {
    expect(names(cell)).toEqual(list)
  })
})

describe('CSV worklog keys', () => {
  const log = (comment: string, started: string, author: string, seconds: number) => ({comment, started, author, seconds})
  const a = log('Rotated', '04/Mar/24 10:00 AM', 'Ann Lee', 3600)
  const b = log('Checked', '05/Mar/24 9:00 AM', 'Bob Ray', 1800)
  const c = log('Paged back', '05/Mar/24 9:00 AM', 'Bob Ray', 900)
  const keys = (logs: (typeof a)[]) => new Map(keyedWorklogs('OPS-1', logs, 2).map((w) => [w.seconds, [w.key, w.alias]]))

  it('do not depend on the order of the cells', () => {
    expect(keys([a, b, c])).toEqual(keys([c, a, b]))
  })
  it('are who and when alone; with seconds and comment where one person has several at a minute, each naming the other form as its alias', () => {
    const k = keys([a, b, c])
    expect(k.get(3600)![0]).toBe('jira:OPS-1:worklog:04/Mar/24_10:00_AM:Ann_Lee')
    expect(k.get(1800)![0]).toMatch(/^jira:OPS-1:worklog:05\/Mar\/24_9:00_AM:Bob_Ray:1800s:[0-9a-f]{8}$/)
    expect(k.get(1800)![1]).toBe('jira:OPS-1:worklog:05/Mar/24_9:00_AM:Bob_Ray')
    // Once b is gone, c is alone at its minute: its alias is the key it had beside b.
    expect(keys([a, c]).get(900)).toEqual(['jira:OPS-1:worklog:05/Mar/24_9:00_AM:Bob_Ray', k.get(900)![0]])
  })
})
