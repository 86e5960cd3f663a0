// The inputs of `npm run demo`: the reports recorded from the real tools in examples/reports/, the
// Dockerfile in examples/app/ (its FROM line against the policy's base-image allowlist; hadolint's
// findings on it come from the recorded report, so hadolint itself is not run), the manifest in
// examples/k8s/ and the policy in examples/policy/, with nothing that needs the network or GitHub.
// Shared by the demo and the @github/local-action test so both run the same step.
export const demoInputs = Object.freeze({
  report: 'examples/reports/trivy-0.74.0-debian-image.json\nexamples/reports/hadolint-2.15.1-app.json',
  'config-path': '',
  dockerfile: 'examples/app/Dockerfile',
  hadolint: 'false',
  manifests: 'examples/k8s/*.yaml',
  policy: 'examples/policy/container-gate.yml',
  'upload-sarif': 'false',
  comment: 'off',
  fail: 'true',
  summary: 'true'
})
