// The installer alone, for bench/speed.mjs: installs one tool from a mirror into RUNNER_TOOL_CACHE
// (a download, or the tool cache's entry checked again) and prints what it did and how long the
// install took inside the process.
//   node bundle.js <tool> <version> <mirror> <sha256 of the asset> <asset>
import { checkToolVersion } from '../src/inputs/tool-versions.js'
import { defaultInstallDeps } from '../src/tools/deps.js'
import { installTool } from '../src/tools/install.js'
import type { InstallableTool } from '../src/findings/model.js'

const [tool, version, mirror, digest, asset] = process.argv.slice(2) as [
  InstallableTool,
  string,
  string,
  string,
  string
]
const started = performance.now()
const installed = await installTool(
  {
    tool,
    version: checkToolVersion(tool, version),
    mirror,
    digests: new Map([[asset, digest]])
  },
  defaultInstallDeps({ logger: { info: () => {}, debug: () => {}, warning: m => console.error(m) } })
)
console.log(
  JSON.stringify({ source: installed.source, path: installed.path, ms: performance.now() - started })
)
