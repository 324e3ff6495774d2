// Decisions per second of @cloud-copilot/iam-simulate on a corpus of `wasp iam eval` documents,
// one thread: the other half of bench/bench_iam_eval.sh, on the very same documents as
// bench_iam_eval_docs. The package is only run as an external tool (it is AGPL; nothing of it
// is part of wasp).
//
//   node bench_iam_simulate.mjs MODULE_DIR DIR SECONDS [DECISIONS_OUT]
//
// Each document becomes a simulation by tests/differential/iam/simulation.mjs, as in the
// differential test (the request facts wasp derives are given as context keys), once, before
// timing. Then runSimulation, the package's entry point (it reads and checks the policies of
// each simulation it is given), runs over them round after round until it has used SECONDS of
// CPU time. Prints one JSON object (decisions per CPU second and per wall-clock second);
// DECISIONS_OUT gets "FILE DECISION" per document.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

import { simulation } from '../tests/differential/iam/simulation.mjs'

const [moduleDir, dir, secondsArg, decisionsOut] = process.argv.slice(2)
if (!moduleDir || !dir || !secondsArg) {
  console.error('usage: node bench_iam_simulate.mjs MODULE_DIR DIR SECONDS [DECISIONS_OUT]')
  process.exit(2)
}
const seconds = Number(secondsArg)
const pkgDir = join(moduleDir, '@cloud-copilot', 'iam-simulate')
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'))
const sim = await import(pathToFileURL(join(pkgDir, 'dist', 'esm', 'index.js')).href)

const names = readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
const sims = names.map((f) => simulation(JSON.parse(readFileSync(join(dir, f), 'utf8')), sim.anonymousPrincipal))
const options = { simulationMode: 'Strict' }

const decisions = []
for (const s of sims) {
  const r = await sim.runSimulation(s, options)
  decisions.push(r.resultType === 'error' ? 'Error' : r.overallResult)
}
if (decisionsOut) writeFileSync(decisionsOut, names.map((f, i) => `${f} ${decisions[i]}\n`).join(''))

// Rounds until SECONDS of CPU time are spent: on a shared machine the process's CPU time, not
// the wall clock, is what the work cost.
const cpuSeconds = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1e6
}
const timed = async (round) => {
  let rounds = 0
  const wall = process.hrtime.bigint()
  const cpu = cpuSeconds()
  do {
    await round()
    rounds++
  } while (cpuSeconds() - cpu < seconds)
  const n = rounds * sims.length
  return { cpu: n / (cpuSeconds() - cpu), wall: n / (Number(process.hrtime.bigint() - wall) / 1e9) }
}
const rate = await timed(async () => {
  for (const s of sims) await sim.runSimulation(s, options)
})
console.log(JSON.stringify({
  package: `${pkg.name}@${pkg.version}`,
  node: process.version,
  documents: sims.length,
  decisions_per_cpu_second: rate.cpu,
  decisions_per_wall_second: rate.wall
}))
