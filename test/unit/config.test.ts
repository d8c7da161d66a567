import fc from 'fast-check'
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'

import {CONFIG_ENV, CONFIG_KEYS, configPath, parseConfigKey, readConfig, setting} from '../../src/config.js'

const dir = mkdtempSync(join(tmpdir(), 'toil-config-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))

describe('setting', () => {
  it('takes the flag, else the environment variable, else the config file, else nothing', () => {
    let n = 0
    fc.assert(
      fc.property(fc.constantFrom(...CONFIG_KEYS), fc.option(fc.constant('flag')), fc.option(fc.constant('env')), fc.option(fc.constant('file')), (key, flag, fromEnv, fromFile) => {
        const home = join(dir, String(++n))
        mkdirSync(join(home, 'toil'), {recursive: true})
        if (fromFile !== null) writeFileSync(join(home, 'toil', 'config.json'), JSON.stringify({[key]: fromFile}))
        const env = {XDG_CONFIG_HOME: home, ...(fromEnv === null ? {} : {[CONFIG_ENV[key]]: fromEnv})}
        const expected = flag ?? fromEnv ?? fromFile
        const found = setting(key, flag ?? undefined, env)
        expect(found?.value).toBe(expected ?? undefined)
        expect(found?.source).toBe(flag ? 'flag' : fromEnv ? 'env' : fromFile ? 'config' : undefined)
      }),
      {numRuns: 40},
    )
  })

  it('an empty environment variable counts as unset', () => {
    const home = join(dir, 'empty')
    mkdirSync(join(home, 'toil'), {recursive: true})
    writeFileSync(join(home, 'toil', 'config.json'), '{"team": "payments"}')
    expect(setting('team', undefined, {XDG_CONFIG_HOME: home, TOIL_TEAM: ''})).toEqual({value: 'payments', source: 'config'})
  })
})

describe('readConfig', () => {
  it('has no settings where there is no file, and finds the file under $HOME/.config without XDG_CONFIG_HOME', () => {
    expect(readConfig({XDG_CONFIG_HOME: join(dir, 'none')})).toEqual({})
    expect(configPath({HOME: '/home/ann'})).toMatch(/\/\.config\/toil\/config\.json$/)
  })

  it.each([
    ['[1, 2]', 'is not a JSON object'],
    ['{"team": 3}', 'has a team that is not a non-empty string'],
    ['{"team": ""}', 'has a team that is not a non-empty string'],
    ['{"pager": "x"}', 'has an unknown setting "pager"'],
    ['not json', 'is not valid JSON'],
  ])('refuses %s', (text, problem) => {
    const home = join(dir, `bad-${problem.length}-${text.length}`)
    mkdirSync(join(home, 'toil'), {recursive: true})
    writeFileSync(join(home, 'toil', 'config.json'), text)
    expect(() => readConfig({XDG_CONFIG_HOME: home})).toThrow(problem)
  })
})

describe('parseConfigKey', () => {
  it('knows db, team and engineer only', () => {
    for (const key of CONFIG_KEYS) expect(parseConfigKey(key)).toBe(key)
    expect(() => parseConfigKey('DB')).toThrow('key: "DB" is not a setting; use one of db, team, engineer')
  })
})
