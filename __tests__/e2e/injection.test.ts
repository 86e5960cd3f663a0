/**
 * File names are the pull request author's to choose, and git stores names with a newline or a
 * carriage return in them. With the real Trivy and the bundled action: manifests named
 * `…\n::stop-commands::…` and `…\r::add-mask::…` are judged like any other (the privileged Pod is
 * blocked and annotated on its file), and the runner would read no command out of the step's output
 * but the action's own (helpers/workflow-commands.ts reads stdout as the runner does).
 */
import { describe, expect, it } from '@jest/globals'
import { runnerCommands } from '../helpers/workflow-commands.js'
import { FAKE_TOKEN, e2eEnv, namespace, offlineInputs, runAction, transcript } from './helpers/harness.js'

const env = e2eEnv()

const PRIVILEGED_POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      securityContext:
        privileged: true
      resources:
        limits: { cpu: 100m, memory: 64Mi }
`
// Not YAML the admission rules can read: the old code logged "Admission rules skipped <file>".
const TEMPLATE = `apiVersion: v1
kind: Pod
metadata:
  name: {{ .Values.name }}
spec:
  containers: []
`

describe('hostile file names', () => {
  it('a newline or a lone CR followed by a workflow command in a manifest name prints no command', async () => {
    const newline = 'k8s/pod\n::stop-commands::pwned\n::error::forged.yaml'
    const carriageReturn = 'k8s/pod\r::add-mask::secret\r##[set-output name=verdict;]pass.yaml'
    const template = 'k8s/chart\n::stop-commands::pwned2.yaml'
    const ns = namespace('inject')
    const r = await runAction(env, {
      mirrorNamespace: ns,
      inputs: { ...offlineInputs(env, ns), dockerfile: '', 'config-path': 'k8s' },
      files: { [newline]: PRIVILEGED_POD, [carriageReturn]: PRIVILEGED_POD, [template]: TEMPLATE }
    })
    expect(r.outputs.verdict ?? transcript(r)).toBe('fail')
    expect(r.exitCode).not.toBe(0)

    const commands = runnerCommands(r.stdout)
    const names = commands.map(c => c.command)
    expect(
      names.filter(n => !['error', 'warning', 'notice', 'debug', 'add-mask', 'group', 'endgroup'].includes(n))
    ).toEqual([])
    // The only groups are the action's own stages, each closed before the next opens.
    const folds = commands.filter(c => c.command === 'group' || c.command === 'endgroup')
    expect(folds.map(c => c.command).join(' ')).toMatch(/^(group endgroup ?)+$/)
    for (const c of folds.filter(f => f.command === 'group'))
      expect(c.data).toMatch(
        /^(Inputs and policy|Files in scope|Install tools: [a-z, ]+|Trivy DB|Scan: .+|Checks: .+|Policy|Reports: .+|Publish: .+)$/
      )
    for (const c of commands) {
      expect(c.form).toBe('v2')
      if (c.command === 'add-mask') expect(c.data).toBe(FAKE_TOKEN)
      if (c.command !== 'debug') expect(runnerCommands(c.data)).toEqual([])
    }
    // Nothing was silenced: the gate's own error annotations come through, on the real files.
    const annotated = commands
      .filter(c => c.command === 'error' && c.properties.file)
      .map(c => c.properties.file)
    expect(annotated).toContain(newline)
    expect(annotated).toContain(carriageReturn)
    // And the outputs are the gate's, not the file name's.
    expect(r.outputs.verdict).toBe('fail')
  })
})
