// Decides `wasp iam eval` documents with an independent engine, @cloud-copilot/iam-simulate,
// used only as an external tool (it is AGPL; nothing of it is part of wasp).
//
//   node oracle.mjs MODULE_DIR DOC...
//
// MODULE_DIR is the node_modules directory holding the package (run.sh installs it). Prints one
// JSON line per document: {"file", "decision"} or {"file", "error"}.
//
// The translation of a document into a simulation is in simulation.mjs.
import { readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { pathToFileURL } from 'node:url'

import { simulation } from './simulation.mjs'

const [moduleDir, ...files] = process.argv.slice(2)
if (!moduleDir) {
  console.error('usage: node oracle.mjs MODULE_DIR DOC...')
  process.exit(2)
}
const pkgDir = join(moduleDir, '@cloud-copilot', 'iam-simulate')
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'))
const sim = await import(pathToFileURL(join(pkgDir, 'dist', 'esm', 'index.js')).href)

console.error(`oracle: ${pkg.name}@${pkg.version}`)
for (const file of files) {
  const out = { file: basename(file) }
  try {
    const doc = JSON.parse(readFileSync(file, 'utf8'))
    const result = await sim.runSimulation(simulation(doc, sim.anonymousPrincipal), { simulationMode: 'Strict' })
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
