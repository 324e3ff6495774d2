// Decisions per second of @cloud-copilot/iam-simulate on a corpus of `wasp iam eval` documents,
// one thread: the other half of bench/bench_iam_eval.sh, on the very same documents as
// bench_iam_eval_docs. The package is only run as an external tool (it is AGPL; nothing of it
// is part of wasp).
//
//   node bench_iam_simulate.mjs MODULE_DIR DIR SECONDS [DECISIONS_OUT]
//
// Each document becomes a simulation as tests/differential/iam/oracle.mjs builds it (the request
// facts wasp derives are given as context keys), once, before timing. Then runSimulation, the
// package's entry point (it reads and checks the policies of each simulation it is given), runs
// over them round after round until it has used SECONDS of CPU time. Prints one JSON object
// (decisions per CPU second and per wall-clock second); DECISIONS_OUT gets "FILE DECISION" per
// document.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

const [moduleDir, dir, secondsArg, decisionsOut] = process.argv.slice(2)
if (!moduleDir || !dir || !secondsArg) {
  console.error('usage: node bench_iam_simulate.mjs MODULE_DIR DIR SECONDS [DECISIONS_OUT]')
  process.exit(2)
}
const seconds = Number(secondsArg)
const pkgDir = join(moduleDir, '@cloud-copilot', 'iam-simulate')
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'))
const sim = await import(pathToFileURL(join(pkgDir, 'dist', 'esm', 'index.js')).href)

const policyOf = (p) => {
  const body = p && typeof p === 'object' && 'document' in p ? p.document : p
  return typeof body === 'string' ? JSON.parse(body) : body
}
const nameOf = (p, where) => (p && typeof p === 'object' && 'document' in p && p.name ? p.name : where)

// The package adds RCPFullAWSAccess itself and rejects an Allow in an RCP.
const fullAccessRcp = (policy) => {
  const st = [].concat(policy.Statement || [])
  return st.length > 0 && st.every((s) => s.Effect === 'Allow' && s.Action === '*' && s.Resource === '*')
}

const levels = (list, what) => {
  if (!list) return []
  const ls = list.some((x) => Array.isArray(x)) ? list : [list]
  return ls.map((level, i) => ({
    orgIdentifier: `${what}-level-${i}`,
    policies: level
      .map((p, j) => ({ name: nameOf(p, `${what}[${i}][${j}]`), policy: policyOf(p) }))
      .filter((p) => what !== 'rcps' || !fullAccessRcp(p.policy))
  }))
}

// The request facts wasp derives (docs/iam.md), as context keys.
const principalFacts = (req) => {
  const arn = req.principal || ''
  const parts = arn.split(':')
  const account = req.principal_account || parts[4] || ''
  const res = parts.slice(5).join(':')
  const facts = {}
  if (account) facts['aws:PrincipalAccount'] = account
  if (parts[2] === 'iam' && res.startsWith('user/')) {
    facts['aws:PrincipalType'] = 'User'
    facts['aws:PrincipalArn'] = arn
    facts['aws:username'] = res.substring(res.lastIndexOf('/') + 1)
  } else if (parts[2] === 'sts' && res.startsWith('assumed-role/')) {
    facts['aws:PrincipalType'] = 'AssumedRole'
    facts['aws:PrincipalArn'] = req.role_arn || `arn:${parts[1]}:iam::${account}:role/${res.split('/')[1]}`
  } else if (parts[2] === 'iam' && res.startsWith('role/')) {
    facts['aws:PrincipalType'] = 'AssumedRole'
    facts['aws:PrincipalArn'] = arn
  } else if (parts[2] === 'iam' && res === 'root') {
    facts['aws:PrincipalType'] = 'Account'
    facts['aws:PrincipalArn'] = arn
  }
  for (const [k, v] of Object.entries(req.principal_tags || {})) facts[`aws:PrincipalTag/${k}`] = v
  return facts
}

const simulation = (doc) => {
  const req = doc.request
  const resource = req.resource || '*'
  const resourceAccount =
    req.resource_account || resource.split(':')[4] || principalFacts(req)['aws:PrincipalAccount'] || ''
  const context = { ...principalFacts(req), 'aws:ResourceAccount': resourceAccount }
  for (const [k, v] of Object.entries(req.resource_tags || {})) context[`aws:ResourceTag/${k}`] = v
  for (const [k, v] of Object.entries(req.context || {})) {
    for (const d of Object.keys(context)) if (d.toLowerCase() === k.toLowerCase()) delete context[d]
    context[k] = v
  }
  const s = {
    request: {
      principal: !req.principal || req.principal === '*' ? sim.anonymousPrincipal : req.principal,
      action: req.action,
      resource: { resource, accountId: resourceAccount },
      contextVariables: context
    },
    identityPolicies: (doc.identity_policies || []).map((p, i) => ({
      name: nameOf(p, `identity_policies[${i}]`),
      policy: policyOf(p)
    })),
    serviceControlPolicies: levels(doc.scps, 'scps'),
    resourceControlPolicies: levels(doc.rcps, 'rcps')
  }
  if (doc.resource_policy) s.resourcePolicy = policyOf(doc.resource_policy)
  if (doc.permissions_boundary) {
    s.permissionBoundaryPolicies = [
      { name: nameOf(doc.permissions_boundary, 'permissions_boundary'), policy: policyOf(doc.permissions_boundary) }
    ]
  }
  if (doc.session_policy) s.sessionPolicy = policyOf(doc.session_policy)
  return s
}

const names = readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
const sims = names.map((f) => simulation(JSON.parse(readFileSync(join(dir, f), 'utf8'))))
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
