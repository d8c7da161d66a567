// Deterministic generator of a large team history in `toil export` JSONL form.
// Usage: node bench/generate.js ENTRIES OUT.jsonl [SEED]
import {createWriteStream} from 'node:fs'
import {once} from 'node:events'

import {seededRandom, seededUuid, pick} from '../dist/domain/random.js'

export const AS_OF = '2026-11-15'
const YEARS = 5
const TEAMS = 10
const TASKS = 500
const ENGINEERS = 200
const CATEGORIES = ['interrupt', 'oncall', 'release', 'migration', 'provisioning', 'business-process', 'cleanup', 'overhead', 'other']
const ANSWERS = ['yes', 'yes', 'yes', 'no', 'unknown', 'unknown']
const VERBS = ['restart', 'rotate', 'provision', 'reconcile', 'approve', 'deploy', 'clean up', 'rerun', 'resize', 'renew']
const NOUNS = ['worker', 'certificates', 'namespace', 'settlements', 'access requests', 'canary', 'disk', 'ETL job', 'queue', 'licenses']

function months() {
  const out = []
  let [y, m] = AS_OF.split('-').map(Number)
  for (let i = 0; i < YEARS * 12; i++) {
    out.unshift(`${y}-${String(m).padStart(2, '0')}`)
    m -= 1
    if (m === 0) {
      m = 12
      y -= 1
    }
  }
  return out
}

const daysIn = (month) => new Date(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0).getDate()

export function* history(entries, seed = 1) {
  const random = seededRandom(seed)
  const all = months()
  const teams = Array.from({length: TEAMS}, (_, i) => ({name: `team-${String(i + 1).padStart(2, '0')}`, engineers: [], tasks: []}))
  for (let e = 0; e < ENGINEERS; e++) teams[e % TEAMS].engineers.push(`engineer-${String(e + 1).padStart(3, '0')}`)
  for (const team of teams) {
    const members = team.engineers.length
    const capacity = team.name === 'team-10' ? [] : [{fromMonth: all[0], members, hoursPerWeek: 40, rotation: members, shifts: 2}]
    yield {type: 'team', name: team.name, capacity}
  }
  for (let t = 0; t < TASKS; t++) {
    const team = teams[t % TEAMS]
    const category = pick(random, CATEGORIES)
    const name = `${pick(random, VERBS)} ${pick(random, NOUNS)} ${t + 1}`
    const hasCost = random() < 0.4
    const task = {
      type: 'task', team: team.name, name, category,
      criteria: {manual: pick(random, ANSWERS), repetitive: 'unknown', automatable: pick(random, ANSWERS), tactical: 'unknown', noEnduringValue: pick(random, ANSWERS), scales: 'unknown'},
      frequency: null, durationMinutes: 5 + Math.floor(random() * 60),
      estimate: {costHours: hasCost ? 8 + Math.floor(random() * 120) : null, reduction: 0.5 + Math.round(random() * 50) / 100, maintenanceHoursPerMonth: Math.floor(random() * 4)},
      status: 'active', automatedSince: null, createdAt: `${all[0]}-01T09:00:00.000Z`,
    }
    team.tasks.push({name, category, weight: 1 / (1 + (t % 50))})
    yield task
  }
  // Volume rises linearly to 2.5× over the five years: the rising toil trend.
  const weights = all.map((_, i) => 1 + (1.5 * i) / (all.length - 1))
  const total = weights.reduce((a, b) => a + b, 0)
  let emitted = 0
  for (const [i, month] of all.entries()) {
    const n = i === all.length - 1 ? entries - emitted : Math.round((entries * weights[i]) / total)
    const lastDay = month === AS_OF.slice(0, 7) ? Number(AS_OF.slice(8)) : daysIn(month)
    for (let k = 0; k < n; k++) {
      const team = teams[Math.floor(random() * TEAMS)]
      let r = random() * team.tasks.reduce((a, t) => a + t.weight, 0)
      let task = team.tasks[0]
      for (const candidate of team.tasks) {
        r -= candidate.weight
        if (r <= 0) {
          task = candidate
          break
        }
      }
      const day = `${month}-${String(1 + Math.floor(random() * lastDay)).padStart(2, '0')}`
      const tags = task.category === 'oncall' ? ['oncall'] : task.category === 'interrupt' ? ['interrupt'] : random() < 0.2 ? ['ticket'] : []
      const createdAt = `${day}T12:00:00.000Z`
      yield {
        type: 'entry', id: seededUuid(random, Date.parse(createdAt)), task: task.name, team: team.name, engineer: pick(random, team.engineers), day,
        minutes: 5 + 5 * Math.floor(random() * 18), count: random() < 0.85 ? 1 : 2 + Math.floor(random() * 4), tags, note: '',
        createdAt,
      }
    }
    emitted += n
  }
}

export async function writeHistory(entries, file, seed = 1) {
  const out = createWriteStream(file)
  let chunk = ''
  for (const record of history(entries, seed)) {
    chunk += `${JSON.stringify(record)}\n`
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain')
      chunk = ''
    }
  }
  out.end(chunk)
  await once(out, 'finish')
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [entries, file, seed] = process.argv.slice(2)
  await writeHistory(Number(entries), file, Number(seed ?? 1))
}

/** A PagerDuty incidents CSV of `n` resolved incidents over 30 days: a few kinds of alert on numbered hosts. */
export function pagerDutyCsv(n) {
  const kinds = ['High CPU on web-{n}', 'Disk full on db-{n}.prod', 'Queue backlog on worker-{n}', 'Certificate renewal failed for edge-{n}', 'Pod crashloop api-{n}']
  const people = ['Ann Lee', 'Bob Ray', 'Cara Diaz', 'Dan Wu']
  const rows = ['id,incident_number,description,service_name,escalation_policy_name,team_name,created_on,seconds_to_first_ack,seconds_to_resolve,auto_resolved,acknowledged_by_user_names,assigned_to_user_names,resolved_by_user_name,urgency,engaged_seconds']
  for (let i = 0; i < n; i++) {
    const created = new Date(Date.UTC(2024, 2, 1) + Math.floor((i * 30 * 86_400_000) / n)).toISOString()
    const who = people[i % people.length]
    const auto = i % 7 === 0
    rows.push(`PB${String(i).padStart(6, '0')},${i + 1},${kinds[i % kinds.length].replace('{n}', String(i % 40))},svc-${i % 12},SRE primary,SRE,${created},${auto ? '' : 60 + (i % 300)},${600 + (i % 5000)},${auto},${auto ? '' : who},${who},${auto ? '' : who},high,${i % 3 === 0 ? 900 + (i % 1800) : ''}`)
  }
  return `${rows.join('\n')}\n`
}

/** PagerDuty's raw-incidents JSON of `n` resolved incidents, in pages of 1,000 saved one after another (as docs/import.md says to fetch them). */
export function pagerDutyRawJson(n) {
  const people = ['Ann Lee', 'Bob Ray', 'Cara Diaz', 'Dan Wu']
  const pages = []
  for (let start = 0; start < n; start += 1000) {
    const data = []
    for (let i = start; i < Math.min(n, start + 1000); i++) {
      const who = people[i % people.length]
      data.push({
        id: `PR${String(i).padStart(6, '0')}`, incident_number: i + 1, description: `High CPU on web-${i % 40}`, service_name: `svc-${i % 12}`,
        team_name: 'SRE', escalation_policy_name: 'SRE primary', urgency: 'high',
        created_at: new Date(Date.UTC(2024, 2, 1) + Math.floor((i * 30 * 86_400_000) / n)).toISOString(),
        seconds_to_first_ack: 60 + (i % 300), seconds_to_resolve: 600 + (i % 5000), engaged_seconds: i % 3 === 0 ? 900 + (i % 1800) : null,
        user_defined_effort_seconds: null, auto_resolved: false, acknowledged_user_names: [who], assigned_user_names: [who], resolved_by_user_name: who,
      })
    }
    pages.push(JSON.stringify({data, more: start + 1000 < n, last: data.at(-1).id}, null, 2))
  }
  return `${pages.join('\n')}\n`
}

/**
 * A Jira Cloud "all fields" CSV of `n` toil issues with 4 worklogs each, authors written as
 * account ids that the Assignee Id and Reporter Id columns name (as Jira Cloud writes them).
 */
export function jiraCsv(n) {
  const ids = ['ug:4e18a2c1-5b7d-4f0e-9a3c-2d6b8e1f7a90', '712020:0ffeeac7-1d2e-4c3b-8a9f-6e5d4c3b2a10', '557058:7ad0d71c-3e2f-4a1b-9c8d-5e4f3a2b1c0d', '5b10a2844c20165700ede21g']
  const names = ['Ann Lee', 'Bob Ray', 'Cara Diaz', 'Dan Wu']
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
  const rows = ['Summary,Issue key,Issue id,Issue Type,Status,Project key,Assignee,Assignee Id,Reporter,Reporter Id,Created,Resolved,Components,Labels,Labels,Description,Time Spent,Σ Time Spent,Log Work,Log Work,Log Work,Log Work']
  for (let i = 0; i < n; i++) {
    const day = `${String((i % 28) + 1).padStart(2, '0')}/${months[Math.floor((i * 12) / n)]}/24`
    const who = i % 4
    const logs = [0, 1, 2, 3].map((k) => `"Worked on it, step ${k}; see notes;${day} ${k + 9}:${String(i % 60).padStart(2, '0')} AM;${ids[(who + k) % 4]};${900 * (k + 1)}"`)
    rows.push(`Restart stuck consumer on queue-${i % 50},OPS-${i + 1},${100000 + i},Task,Done,OPS,${names[who]},${ids[who]},${names[(who + 1) % 4]},${ids[(who + 1) % 4]},${day} 8:00 AM,${day} 5:00 PM,queues,toil,ops,"A description\nover two lines",9000,9000,${logs.join(',')}`)
  }
  return `${rows.join('\n')}\n`
}
