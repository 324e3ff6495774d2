// Turns a `wasp iam eval` document into the simulation @cloud-copilot/iam-simulate runs: shared
// by the differential test (oracle.mjs) and the throughput benchmark (bench/bench_iam_simulate.mjs),
// so both ask the package the very same questions. Nothing of the package is imported here; the
// caller passes its anonymous principal.
//
// wasp's document derives some request facts that the package takes as context keys
// (aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType, aws:username,
// aws:PrincipalTag/*, aws:ResourceTag/*, aws:ResourceAccount); they are translated here, the way
// docs/iam.md says wasp derives them, and a key the document gives itself wins.

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

export function simulation(doc, anonymousPrincipal) {
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
      principal: !req.principal || req.principal === '*' ? anonymousPrincipal : req.principal,
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
