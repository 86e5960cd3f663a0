import { describe, expect, it } from '@jest/globals'
import { planScans } from '../../src/scanners/plan.js'

const trivy = {
  cacheDir: '/tmp/cache',
  ignoreFile: '/tmp/empty.trivyignore',
  configFile: '/tmp/run/trivy.yaml',
  secretConfigFile: '/tmp/run/trivy-secret.yaml',
  dbArgs: [],
  offlineChecks: false,
  timeout: '15m'
}

describe('planScans', () => {
  it("says per job whether it reads Trivy's vulnerability DB (so main restores it only then)", () => {
    const jobs = planScans({
      images: ['alpine:3.20'],
      imageInputs: ['app.tar'],
      configPaths: ['.'],
      dockerfiles: ['Dockerfile'],
      reportDir: '/tmp/out',
      trivy,
      gatekeeper: { policies: ['gatekeeper/template.yaml'], manifests: ['k8s/pod.yaml'] }
    })
    expect(jobs.map(j => [j.tool, j.label, j.needsTrivyDb])).toEqual([
      ['trivy', 'image alpine:3.20', true],
      ['trivy', 'image input app.tar', true],
      ['trivy', 'config .', false],
      ['hadolint', 'Dockerfiles (1)', false],
      ['gator', 'Gatekeeper policies (1 files) on 1 manifests', false]
    ])
  })

  it('plans nothing, and so installs nothing, when nothing is asked for', () => {
    expect(
      planScans({ images: [], imageInputs: [], configPaths: [], dockerfiles: [], reportDir: '/tmp', trivy })
    ).toEqual([])
  })
})
