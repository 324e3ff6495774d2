// Decides `wasp iam eval` documents with an independent engine, @cloud-copilot/iam-simulate,
// used only as an external tool (it is AGPL; nothing of it is part of wasp).
//
//   node oracle.mjs MODULE_DIR DOC...
//
// MODULE_DIR is the node_modules directory holding the package (run.sh installs it). Prints one
// JSON line per document: {"file", "decision"} or {"file", "error"}.
//
// wasp's document derives some request facts that the oracle takes as context keys
// (aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType, aws:username,
// aws:PrincipalTag/*, aws:ResourceTag/*, aws:ResourceAccount); they are translated here, the way
// docs/iam.md says wasp derives them, and a key the document gives itself wins.
import { readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { pathToFileURL } from 'node:url'

const [moduleDir, ...files] = process.argv.slice(2)
if (!moduleDir) {
  console.error('usage: node oracle.mjs MODULE_DIR DOC...')
  process.exit(2)
}
const pkgDir = join(moduleDir, '@cloud-copilot', 'iam-simulate')
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'))
const sim = await import(pathToFileURL(join(pkgDir, 'dist', 'esm', 'index.js')).href)

function policyOf(p) {
  const body = p && typeof p === 'object' && 'document' in p ? p.document : p
  return typeof body === 'string' ? JSON.parse(body) : body
}

function nameOf(p, where) {
  return p && typeof p === 'object' && 'document' in p && p.name ? p.name : where
}

// The oracle adds RCPFullAWSAccess itself and rejects an Allow in an RCP, so wasp's explicit
// copy of it is left out.
function isFullAccessRcp(policy) {
  const st = [].concat(policy.Statement || [])
  return st.length > 0 && st.every((s) => s.Effect === 'Allow' && s.Action === '*' && s.Resource === '*')
}

// A flat list of policies is one level; otherwise a list of levels.
function levels(list, what) {
  if (!list) return []
  const nested = list.some((x) => Array.isArray(x))
  const ls = nested ? list : [list]
  return ls.map((level, i) => ({
    orgIdentifier: `${what}-level-${i}`,
    policies: level
      .map((p, j) => ({ name: nameOf(p, `${what}[${i}][${j}]`), policy: policyOf(p) }))
      .filter((p) => what !== 'rcps' || !isFullAccessRcp(p.policy))
  }))
}

function principalFacts(req) {
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
    const role = res.split('/')[1]
    facts['aws:PrincipalArn'] = req.role_arn || `arn:${parts[1]}:iam::${account}:role/${role}`
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

function simulation(doc) {
  const req = doc.request
  const resource = req.resource || '*'
  const resourceAccount =
    req.resource_account || resource.split(':')[4] || principalFacts(req)['aws:PrincipalAccount'] || ''
  const context = { ...principalFacts(req), 'aws:ResourceAccount': resourceAccount }
  for (const [k, v] of Object.entries(req.resource_tags || {})) context[`aws:ResourceTag/${k}`] = v
  // Keys are case-insensitive: a key the document gives replaces a derived one however spelled.
  for (const [k, v] of Object.entries(req.context || {})) {
    for (const d of Object.keys(context)) if (d.toLowerCase() === k.toLowerCase()) delete context[d]
    context[k] = v
  }
  const s = {
    request: {
      // No principal, or "*", is an anonymous request in wasp's document.
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

console.error(`oracle: ${pkg.name}@${pkg.version}`)
for (const file of files) {
  const out = { file: basename(file) }
  try {
    const doc = JSON.parse(readFileSync(file, 'utf8'))
    const result = await sim.runSimulation(simulation(doc), { simulationMode: 'Strict' })
    if (result.resultType === 'error') {
      out.error = result.errors.message || 'simulation error'
      out.details = result.errors
    } else {
      out.decision = result.overallResult
      if (result.resultType === 'single') {
        const ignored = result.result.ignoredContextKeys || []
        if (ignored.length) out.ignored_context_keys = ignored
      }
    }
  } catch (e) {
    out.error = String(e && e.message ? e.message : e)
  }
  process.stdout.write(JSON.stringify(out) + '\n')
}
