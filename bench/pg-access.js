// The team database's members against its owner (SPEC §9.1), on a throwaway server. Each history is
// imported as the owner; then one login role is made a lead and one an engineer of every team, with
// `toil access grant` run as the owner. bench/generate.js spreads the entries evenly over its ten
// teams, so no one team holds most of the history: granted every team, a member's figures sum all of
// it, the heaviest case for the SECURITY DEFINER functions a member's figures come from
// (src/store/postgres/aggregates.ts), while the owner's come from direct queries. The views are timed
// for all teams and for one (team-01, about a tenth of the history), as owner, lead and engineer,
// alternated run by run. Called by bench/run.js with its helpers.
import {spawnSync} from 'node:child_process'
import {join} from 'node:path'

import {startServer} from './pg-server.js'

const LEAD = 'lead-01'
// An engineer of team-01 in bench/generate.js, so some entries are their own.
const ENGINEER = 'engineer-001'
const ROLES = ['owner', 'lead', 'engineer']

export async function benchPgAccess({root, data, sizes, RUNS, AS_OF, measure, summary, row}) {
  const bin = join(root, 'bin', 'run.js')
  const toil = (args, url, env = {}) => {
    const result = spawnSync('node', [bin, ...args, '--db', url], {env: {...process.env, NO_COLOR: '1', ...env}, encoding: 'utf8', maxBuffer: 1 << 28})
    if (result.status !== 0) throw new Error(`toil ${args.join(' ')} failed (${result.status}): ${result.stderr}`)
    return result.stdout
  }
  const server = startServer()
  try {
    // Login roles are the server's, shared by its databases.
    server.psql(`CREATE ROLE "${LEAD}" LOGIN; CREATE ROLE "${ENGINEER}" LOGIN`)
    const urls = {}
    for (const size of sizes) {
      const database = `access_${size}`
      server.createDatabase(database)
      const owner = server.url(database)
      toil(['import', join(data, `history-${size}.jsonl`)], owner)
      for (const {name} of JSON.parse(toil(['team', 'list', '--json'], owner)).teams) {
        toil(['access', 'grant', LEAD, '--team', name, '--as', 'lead'], owner)
        toil(['access', 'grant', ENGINEER, '--team', name, '--as', 'engineer'], owner)
      }
      urls[size] = {owner, lead: server.url(database, LEAD), engineer: server.url(database, ENGINEER)}
    }

    const month = AS_OF.slice(0, 7) === '2026-11' ? '2026-10' : 'last'
    const views = [
      ['report --month', ['report', '--month', month, '--as-of', AS_OF]],
      ['forecast', ['forecast', '--as-of', AS_OF]],
      ['candidates', ['candidates', '--as-of', AS_OF]],
      ['classify', ['classify', '--as-of', AS_OF]],
    ]
    const scopes = [['', []], [' (team-01)', ['--team', 'team-01']]]
    for (const [scope, team] of scopes) {
      for (const [name, view] of views) {
        const args = [...view, ...team]
        // Members read the same figures as the owner, or the times below compare different work.
        for (const size of sizes) {
          const expected = toil([...args, '--json'], urls[size].owner)
          for (const role of ['lead', 'engineer']) {
            if (toil([...args, '--json'], urls[size][role]) !== expected) throw new Error(`pg-access: ${name}${scope} @ ${size} as ${role} differs from the owner's`)
          }
        }
        // Roles and sizes alternate run by run, so a busier moment of the machine weighs on each alike.
        const runs = Array.from({length: RUNS}, () => sizes.map((size) => ROLES.map((role) => measure('node', [bin, ...args, '--db', urls[size][role]]))))
        for (const [i, size] of sizes.entries()) {
          const results = ROLES.map((_, j) => summary(runs.map((run) => run[i][j])))
          for (const [j, role] of ROLES.entries()) {
            const ratio = j === 0 ? '' : `${(results[j].wall / results[0].wall).toFixed(2)} × owner`
            row(`pg: ${name}${scope} @ ${size.toLocaleString('en')} ${role}`, results[j], ratio)
          }
        }
      }
    }
  } finally {
    server.stop()
  }
}
