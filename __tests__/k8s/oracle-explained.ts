/**
 * Where the action deliberately reads differently from kubectl, and why. Each entry must match a
 * disagreement the differential test finds (an unused entry fails the test). In every case the
 * action reads at least what kubectl reads: it judges more, never less.
 */
import type { Explained } from './oracle-compare.js'

const STOPS =
  'kubectl stops reading a file at a document it cannot parse (and refuses the whole file at a `--- text` separator); the action reports that document as CG-NOT-CHECKED and still judges the others, which other tools (kustomize, Helm) may deploy'

export const EXPLAINED: Explained[] = [
  {
    file: 'edge/10.2-merge-keys.yaml',
    what: 'duplicate keys',
    reason:
      "strict YAML decoding also refuses a key that overrides a merged one (the ordinary use of `<<`); the action reports only keys written twice in one mapping, and judges merges as kubectl's non-strict decoding applies them"
  },
  { file: 'edge/broken.yaml', what: 'object Pod//after-broken', reason: STOPS },
  {
    file: 'edge/separator-with-text.yaml',
    what: /^object Pod\/\/(before|after)-bad-separator$/,
    reason: STOPS
  },
  {
    file: 'edge/separators.yaml',
    what: 'object Pod//after-document-end',
    reason:
      'go-yaml reads only the first document of what kubectl hands it, so a document after a `...` end marker (without a `---` line) is never sent by kubectl; other YAML readers (kustomize) do read it, so the action judges it'
  },
  {
    file: 'edge/lists.yaml',
    what: /^(object (Pod\/\/nested-item|ConfigMap\/\/plain-item)|file refused)$/,
    reason:
      'kubectl refuses a List nested in a List ("is not a list"); the action judges the nested items instead of trusting that every tool refuses them'
  },
  {
    file: /.*/,
    what: 'file refused (not a Kubernetes object)',
    reason:
      'kubectl -f refuses YAML that is not a Kubernetes object (a workflow, a bare list); the admission rules leave such documents out quietly: they are not in scope'
  },
  {
    file: 'edge/not-objects.yaml',
    what: 'object Pod//no-apiversion',
    reason:
      'kubectl reads an object without apiVersion, but no API server accepts it (no resource to map it to); without apiVersion and kind a document is not a Kubernetes object for the action'
  },
  {
    file: 'edge/10.4-quantity-corners.yaml',
    what: /^Pod\/\/quantity-corners containers\[17\] (limits\.cpu|rules)$/,
    reason:
      "`cpu: null` is a zero limit for Kubernetes (a JSON null quantity decodes to 0), but Gatekeeper's k8scontainerlimits treats null as missing, and so does the action: the limit is reported missing"
  }
]
