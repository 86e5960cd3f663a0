export const id = 464;
export const ids = [464];
export const modules = {

/***/ 19918:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Hv: () => (/* binding */ compareQuantities),
/* harmony export */   rk: () => (/* binding */ quantityFromText)
/* harmony export */ });
/* unused harmony export parseQuantity */
/**
 * Kubernetes resource quantities, read with the whole grammar of k8s.io/apimachinery's
 * resource.ParseQuantity, so a limit the API server accepts is one this action accepts, with the
 * value the API server holds:
 *
 *   quantity ::= [+-] number suffix         number ::= digits | digits.digits | digits. | .digits
 *   suffix   ::= Ki|Mi|Gi|Ti|Pi|Ei | n|u|m|""|k|M|G|T|P|E | (e|E) signed-integer
 *
 * ".5" is 0.5, "2." is 2, "+1" is 1, "129e6" is 129,000,000. Like Kubernetes, values are rounded up
 * to a nano-unit and binary-suffixed values are capped at 2^63-1. Values are exact (bigint decimals).
 */
const DECIMAL_SUFFIXES = {
    n: -9,
    u: -6,
    m: -3,
    '': 0,
    k: 3,
    M: 6,
    G: 9,
    T: 12,
    P: 15,
    E: 18
};
const BINARY_SUFFIXES = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const SUFFIX_CHARS = 'eEinumkKMGTP';
const INT64_MAX = 2n ** 63n - 1n;
/** Beyond this, an exponent is not expanded (10^10000 already exceeds any limit). */
const EXPONENT_LIMIT = 10_000;
/** Splits a quantity into sign, digits and suffix; undefined when the suffix is malformed. */
function split(str) {
    let pos = 0;
    const negative = str[0] === '-';
    if (str[0] === '-' || str[0] === '+')
        pos++;
    while (pos < str.length && str[pos] === '0')
        pos++;
    if (pos >= str.length)
        return { negative, value: '0', num: '0', denom: '', suffix: '' };
    const numStart = pos;
    while (pos < str.length && str[pos] >= '0' && str[pos] <= '9')
        pos++;
    const num = str.slice(numStart, pos) || '0';
    let denom = '';
    if (str[pos] === '.') {
        const start = ++pos;
        while (pos < str.length && str[pos] >= '0' && str[pos] <= '9')
            pos++;
        denom = str.slice(start, pos);
    }
    const value = str.slice(0, pos);
    const suffixStart = pos;
    while (pos < str.length && SUFFIX_CHARS.includes(str[pos]))
        pos++;
    if (str[pos] === '-' || str[pos] === '+')
        pos++;
    while (pos < str.length && str[pos] >= '0' && str[pos] <= '9')
        pos++;
    if (pos < str.length)
        return undefined;
    return { negative, value, num, denom, suffix: str.slice(suffixStart) };
}
/** The suffix's base and exponent; an `e`/`E` exponent is Go's int64, then truncated to int32 as
 * Kubernetes does. */
function interpret(suffix) {
    if (suffix in DECIMAL_SUFFIXES)
        return { base: 10, exponent: DECIMAL_SUFFIXES[suffix], binary: false };
    if (suffix in BINARY_SUFFIXES)
        return { base: 2, exponent: BINARY_SUFFIXES[suffix], binary: true };
    if (suffix.length > 1 &&
        (suffix[0] === 'e' || suffix[0] === 'E') &&
        /^[+-]?[0-9]+$/.test(suffix.slice(1))) {
        const parsed = BigInt(suffix.slice(1));
        if (parsed > INT64_MAX || parsed < -INT64_MAX - 1n)
            return undefined;
        return { base: 10, exponent: Number(BigInt.asIntN(32, parsed)), binary: false };
    }
    return undefined;
}
/** Rounds a non-negative decimal up to at most 9 decimal places (Kubernetes' nano precision). */
function roundUpToNano(q) {
    if (q.scale <= 9 || q.unscaled === 0n)
        return q;
    const drop = 10n ** BigInt(q.scale - 9);
    const whole = q.unscaled / drop;
    return { unscaled: q.unscaled % drop === 0n ? whole : whole + 1n, scale: 9 };
}
/** resource.ParseQuantity: the exact value, or undefined when Kubernetes refuses the text. */
function parseQuantity(text) {
    if (text === '')
        return undefined;
    const parts = split(text);
    if (!parts)
        return undefined;
    const suffix = interpret(parts.suffix);
    if (!suffix)
        return undefined;
    const digits = parts.num + parts.denom;
    if (!fitsShortcut(parts, suffix) && !/[0-9]/.test(parts.value))
        return undefined;
    let q = { unscaled: BigInt(digits), scale: parts.denom.length };
    if (suffix.base === 2)
        q = { ...q, unscaled: q.unscaled * 2n ** BigInt(suffix.exponent) };
    else if (suffix.exponent > EXPONENT_LIMIT)
        return q.unscaled === 0n ? { unscaled: 0n, scale: 0 } : { ...q, huge: true };
    else if (suffix.exponent < -EXPONENT_LIMIT)
        q = q.unscaled === 0n ? q : { unscaled: 1n, scale: 9 };
    else if (suffix.exponent > 0)
        q = shiftLeft(q, suffix.exponent);
    else
        q = { ...q, scale: q.scale - suffix.exponent };
    q = roundUpToNano(q);
    if (suffix.binary && compareQuantities(q, { unscaled: INT64_MAX, scale: 0 }) > 0)
        q = { unscaled: INT64_MAX, scale: 0 };
    return parts.negative ? { ...q, unscaled: -q.unscaled } : q;
}
/**
 * Whether Kubernetes takes its int64 shortcut for this quantity. Off the shortcut it re-parses the
 * number as written, which fails when there is no digit at all ("." or "-" before a suffix): the
 * only way the two paths differ in what they accept.
 */
function fitsShortcut(parts, suffix) {
    const precision = suffix.binary
        ? suffix.exponent >= 0 && parts.denom === ''
            ? 15 - parts.num.length - Math.trunc((suffix.exponent * 3) / 10) - 1
            : -1
        : 18 - (parts.num.length + parts.denom.length);
    const scale = (suffix.binary ? 0 : suffix.exponent) - parts.denom.length;
    if (precision < 0 || scale < -9)
        return false;
    const mantissa = suffix.binary ? 2n ** BigInt(suffix.exponent) : 1n;
    return BigInt(parts.num + parts.denom) * mantissa <= INT64_MAX;
}
function shiftLeft(q, exponent) {
    const keep = Math.min(q.scale, exponent);
    return { unscaled: q.unscaled * 10n ** BigInt(exponent - keep), scale: q.scale - keep };
}
/** -1, 0 or 1 as a is below, equal to or above b. */
function compareQuantities(a, b) {
    if (a.huge || b.huge) {
        const sa = a.huge ? (a.unscaled > 0n ? 2 : -2) : 0;
        const sb = b.huge ? (b.unscaled > 0n ? 2 : -2) : 0;
        if (sa !== sb)
            return sa > sb ? 1 : -1;
        if (sa !== 0)
            return 0;
    }
    const scale = Math.max(a.scale, b.scale);
    const x = a.unscaled * 10n ** BigInt(scale - a.scale);
    const y = b.unscaled * 10n ** BigInt(scale - b.scale);
    return x < y ? -1 : x > y ? 1 : 0;
}
/** Go's strings.TrimSpace, which Kubernetes applies before parsing. */
const GO_SPACE = /^[\t\n\v\f\r \u0085\u00a0]+|[\t\n\v\f\r \u0085\u00a0]+$/g;
/** A quantity from a manifest value: a string, or a YAML number in the JSON form kubectl sends. */
function quantityFromText(text) {
    return parseQuantity(text.replace(GO_SPACE, ''));
}


/***/ }),

/***/ 86012:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  pk: () => (/* binding */ ADMISSION_SUBJECT),
  vG: () => (/* binding */ TRIVY_ADMISSION_CHECKS),
  d5: () => (/* binding */ checkManifests)
});

// UNUSED EXPORTS: ADMISSION_RULES, DUPLICATE_KEY_RULE, containerFindings, quantityText, selects

// EXTERNAL MODULE: ./src/findings/rule-id.ts
var rule_id = __webpack_require__(90046);
// EXTERNAL MODULE: ./src/findings/coverage.ts
var coverage = __webpack_require__(34754);
// EXTERNAL MODULE: ./src/kube/documents.ts
var documents = __webpack_require__(51695);
// EXTERNAL MODULE: ./src/kube/objects.ts
var objects = __webpack_require__(49509);
;// CONCATENATED MODULE: ./src/checks/admission/pod-specs.ts
function pathText(at) {
    const out = [];
    for (let s = at; s; s = s.up)
        out.unshift(s.segment);
    return out.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}
/** A PodSpec's defining trait: `containers` is a list of mappings (Kubernetes requires at least
 * one container, but an empty list is still a pod spec with nothing to judge, not stray fields). */
function isPodSpec(node) {
    const containers = node.fields.get('containers')?.node;
    return containers?.kind === 'seq' && containers.items.every(i => i.kind === 'map');
}
/**
 * Every pod spec in an object, in document order (a pod spec is not searched for others: its
 * containers are judged as a whole), and the `image:` fields left outside them. Iterative, so an
 * object nested as deeply as the YAML reader allows cannot overflow the stack here.
 */
function findPodSpecs(root) {
    const out = { podSpecs: [], strayImages: [] };
    const stack = [{ node: root }];
    for (let next = stack.pop(); next; next = stack.pop()) {
        const { node, at, parent } = next;
        if (node.kind === 'seq') {
            for (let i = node.items.length - 1; i >= 0; i--)
                stack.push({ node: node.items[i], at: { segment: i, up: at } });
            continue;
        }
        if (node.kind !== 'map')
            continue;
        if (isPodSpec(node)) {
            // The spec of a template (`template: {metadata, spec}`): the pods' labels are the template's.
            out.podSpecs.push(parent && typeof at?.segment === 'string'
                ? { spec: node, template: parent, path: pathText(at.up) }
                : { spec: node, template: node, path: pathText(at) });
            continue;
        }
        const fields = [...node.fields];
        for (let i = fields.length - 1; i >= 0; i--) {
            const [key, f] = fields[i];
            // Labels and annotations are text for people and controllers, never a pod spec or an image
            // the object runs.
            if (key === 'metadata')
                continue;
            if (key === 'image' && f.node.kind === 'scalar' && f.node.value !== null)
                out.strayImages.push(f.keyLine);
            stack.push({ node: f.node, at: { segment: key, up: at }, parent: node });
        }
    }
    // Found outermost field first; reported by line, each once (an alias can repeat a field).
    out.strayImages = [...new Set(out.strayImages)].sort((a, b) => a - b);
    return out;
}

;// CONCATENATED MODULE: ./src/checks/admission/manifests.ts
/**
 * Kubernetes manifests read as kubectl reads them (kube/documents.ts, kube/objects.ts), keeping every
 * container's and field's line: the workloads (with their pod templates) and NetworkPolicies of a
 * multi-document file, what could not be read or judged, and keys written twice.
 */



/** Where a pod template lives in each workload kind whose schema is known. Other kinds' pod
 * templates are found by their shape (pod-specs.ts). */
const POD_TEMPLATE_PATHS = {
    Pod: [],
    PodTemplate: ['template'],
    Deployment: ['spec', 'template'],
    StatefulSet: ['spec', 'template'],
    DaemonSet: ['spec', 'template'],
    ReplicaSet: ['spec', 'template'],
    ReplicationController: ['spec', 'template'],
    Job: ['spec', 'template'],
    CronJob: ['spec', 'jobTemplate', 'spec', 'template']
};
/** API groups of the kinds above (`extensions` and `apps/v1beta*` as older clusters serve them). */
const BUILT_IN_GROUPS = new Set(['', 'apps', 'extensions', 'batch']);
/**
 * Kinds whose look-alike fields are not pod specs, left out of the search by shape: their objects
 * create no pods. ConfigMap and Secret data is text whose keys are file names; an AdmissionReview
 * is a webhook's request, never stored (Gatekeeper's samples wrap a Pod in one); Kyverno's policies
 * hold patterns of pods (`privileged: "false"`, `name: "*"`), not pods.
 */
const NO_PODS_KINDS = new Set(['ConfigMap', 'Secret']); // the core group's only: a CRD may reuse the names
const NO_PODS_GROUPS = [/^admission\.k8s\.io$/, /(^|\.)kyverno\.io$/];
/** Stray image lines named in one CG-NOT-CHECKED message, at most. */
const LINES_SHOWN = 10;
const CONTAINER_GROUPS = ['containers', 'initContainers', 'ephemeralContainers'];
const field = (node, key) => node?.kind === 'map' ? node.fields.get(key) : undefined;
const get = (node, key) => field(node, key)?.node;
const path = (node, keys) => keys.reduce((n, k) => get(n, k), node);
function located(node, key) {
    const f = field(node, key);
    if (!f || (f.node.kind === 'scalar' && f.node.value === null))
        return undefined;
    return { node: f.node, line: f.keyLine };
}
/** A scalar as text the way a message shows it; undefined for mappings, sequences and null. */
function scalarText(node) {
    if (node?.kind !== 'scalar' || node.value === null)
        return undefined;
    return typeof node.value === 'string' ? node.value : String(node.value);
}
function stringMap(node) {
    const out = {};
    if (node?.kind !== 'map')
        return out;
    for (const [k, f] of node.fields) {
        const v = scalarText(f.node);
        if (v !== undefined)
            out[k] = v;
    }
    return out;
}
const items = (node) => (node?.kind === 'seq' ? node.items : []);
function readContainer(node, group) {
    const securityContext = get(node, 'securityContext');
    const limits = path(node, ['resources', 'limits']);
    const nameField = field(node, 'name');
    const container = {
        group,
        name: scalarText(nameField?.node) ?? '(unnamed)',
        image: scalarText(get(node, 'image')) ?? '',
        line: nameField?.keyLine ?? node.line,
        startLine: node.line,
        endLine: node.endLine,
        limit: {}
    };
    const privileged = located(securityContext, 'privileged');
    if (privileged)
        container.privileged = privileged;
    const ro = located(securityContext, 'readOnlyRootFilesystem');
    if (ro)
        container.readOnlyRootFilesystem = ro;
    for (const resource of ['cpu', 'memory']) {
        const l = located(limits, resource);
        if (l)
            container.limit[resource] = l;
    }
    return container;
}
function readSelector(node) {
    return {
        matchLabels: stringMap(get(node, 'matchLabels')),
        matchExpressions: items(get(node, 'matchExpressions')).map(e => ({
            key: scalarText(get(e, 'key')) ?? '',
            operator: scalarText(get(e, 'operator')) ?? '',
            values: items(get(e, 'values')).map(v => scalarText(v) ?? '')
        }))
    };
}
/** Every container of a pod spec; in one found by shape, those without an image are patches. */
function podContainers(spec, foundByShape) {
    return CONTAINER_GROUPS.flatMap(group => items(get(spec, group)).map(node => {
        const container = readContainer(node, group);
        return foundByShape && !container.image ? { ...container, patch: true } : container;
    }));
}
function readObject(file, object, out) {
    const { node, kind } = object;
    const name = object.name || '(unnamed)';
    const namespace = object.namespace || 'default';
    if (kind === 'NetworkPolicy') {
        out.networkPolicies.push({
            file,
            name,
            namespace,
            line: node.line,
            podSelector: readSelector(path(node, ['spec', 'podSelector']))
        });
        return;
    }
    const metadata = field(node, 'metadata');
    const workload = (template, spec, templatePath) => ({
        file,
        kind,
        name,
        ...(templatePath === undefined ? {} : { template: templatePath }),
        namespace,
        startLine: metadata?.keyLine ?? node.line,
        endLine: metadata ? Math.max(metadata.keyLine, metadata.node.endLine) : node.line,
        podLabels: stringMap(path(template, ['metadata', 'labels'])),
        containers: podContainers(spec, templatePath !== undefined)
    });
    const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '';
    const templatePath = POD_TEMPLATE_PATHS[kind];
    if (templatePath) {
        const template = templatePath.length ? path(node, templatePath) : node;
        const spec = get(template, 'spec');
        // A kind of the same name in another API group (Volcano's batch.volcano.sh Job keeps its pod
        // templates under spec.tasks) is searched by shape unless its pod spec is where ours is.
        if (BUILT_IN_GROUPS.has(group) || (spec?.kind === 'map' && isPodSpec(spec))) {
            out.workloads.push(workload(template, spec));
            return;
        }
    }
    if ((group === '' && NO_PODS_KINDS.has(kind)) || NO_PODS_GROUPS.some(g => g.test(group)))
        return;
    // Any other kind may be a controller that creates pods from a template (the cluster judges those
    // pods), so every pod spec in it is judged, and images outside them are reported as not judged.
    const found = findPodSpecs(node);
    for (const p of found.podSpecs)
        out.workloads.push(workload(p.template, p.spec, p.path));
    const stray = found.strayImages;
    if (stray.length === 0)
        return;
    const shown = stray.slice(0, LINES_SHOWN).join(', ');
    const more = stray.length > LINES_SHOWN ? ` and ${stray.length - LINES_SHOWN} more` : '';
    out.notChecked.push({
        file,
        line: stray[0],
        cause: 'unknown-field',
        reason: `${kind} '${name}' has images (line${stray.length > 1 ? 's' : ''} ${shown}${more}) in fields container-gate does not know as a pod template (a pod spec's \`containers:\` list), so their containers were not judged; review them and ignore this finding with a reason, or take the file out of scope`
    });
}
/** The reason a document could not be read, in words a reviewer can act on. */
function unreadable(text, message) {
    if (text.includes('{{'))
        return `an unrendered template ({{ … }}) outside a Helm chart, which is not valid YAML (${message}): render it and check the output, or put it in a chart (a templates/ folder next to Chart.yaml) that Trivy's config scan renders`;
    return `kubectl cannot read it: ${message}`;
}
/**
 * Reads every document of a manifest file (the file decoded with decodeManifest). Never throws:
 * what cannot be read is listed in notChecked with its line; the rest is still read.
 */
function readManifests(file, text) {
    const out = { workloads: [], networkPolicies: [], notChecked: [], duplicates: [], judged: [] };
    const lines = text.split('\n');
    for (const doc of (0,documents/* readKubeDocuments */.cy)(text)) {
        if (doc.error) {
            const docText = lines.slice(doc.startLine - 1, doc.endLine).join('\n');
            out.notChecked.push({
                file,
                line: doc.error.line,
                cause: 'unreadable',
                reason: unreadable(docText, doc.error.message)
            });
        }
        const found = (0,objects/* documentObjects */.g)(doc.root);
        if (!found.isObject)
            continue;
        if (found.error)
            out.notChecked.push({
                file,
                line: found.error.line,
                cause: 'unreadable',
                reason: `kubectl cannot read it: ${found.error.message}`
            });
        for (const d of doc.duplicates)
            out.duplicates.push({ file, ...d });
        out.judged.push({ file, startLine: doc.startLine, endLine: doc.endLine });
        for (const object of found.objects)
            readObject(file, object, out);
    }
    return out;
}

// EXTERNAL MODULE: ./src/checks/admission/quantity.ts
var quantity = __webpack_require__(19918);
// EXTERNAL MODULE: ./src/kube/yaml11.ts
var yaml11 = __webpack_require__(15232);
;// CONCATENATED MODULE: ./src/checks/admission/rules.ts





/** Rule IDs of the admission rules, as they appear in SARIF and in ignores. */
const ADMISSION_RULES = {
    privileged: 'CG-K8S-PRIVILEGED',
    cpuLimit: 'CG-K8S-CPU-LIMIT',
    memoryLimit: 'CG-K8S-MEMORY-LIMIT',
    readOnlyRootFilesystem: 'CG-K8S-READONLY-ROOTFS',
    networkPolicy: 'CG-K8S-NO-NETWORK-POLICY'
};
/** A key written twice in one mapping of a manifest. */
const DUPLICATE_KEY_RULE = 'CG-YAML-DUPLICATE-KEY';
/**
 * Trivy's Kubernetes checks that cover the same rules, by their Trivy ≥ 0.69 IDs (older spellings —
 * KSV017, AVD-KSV-0017 — compare equal through canonicalId). NetworkPolicy coverage has no Trivy
 * counterpart. See reconcileTrivyAdmission for which of the two findings is kept.
 */
const TRIVY_ADMISSION_CHECKS = {
    'KSV-0017': 'privileged',
    'KSV-0011': 'cpuLimit',
    'KSV-0018': 'memoryLimit',
    'KSV-0014': 'readOnlyRootFilesystem'
};
const TRIVY_ALIASES = Object.fromEntries(Object.entries(TRIVY_ADMISSION_CHECKS).map(([id, rule]) => [rule, [id, ...(0,rule_id/* olderCheckIds */.vG)(id)]]));
/**
 * Every admission rule is CRITICAL: the cluster's admission controller refuses these workloads
 * outright, so a gate that only warned (HIGH's default grace period) would let through manifests that
 * cannot be deployed. The policy switches each rule on or off instead of grading it.
 */
const RULE_TEXT = {
    privileged: {
        severity: 'CRITICAL',
        title: 'Privileged container',
        description: 'Privileged containers share the host namespaces and devices; the admission policy denies them (init and ephemeral containers included).'
    },
    cpuLimit: {
        severity: 'CRITICAL',
        title: 'CPU limit missing or too high',
        description: 'Every container must set resources.limits.cpu (within the policy maximum) so one workload cannot starve the node.'
    },
    memoryLimit: {
        severity: 'CRITICAL',
        title: 'Memory limit missing or too high',
        description: 'Every container must set resources.limits.memory (within the policy maximum) so one workload cannot exhaust the node.'
    },
    readOnlyRootFilesystem: {
        severity: 'CRITICAL',
        title: 'Root filesystem is writable',
        description: 'Containers must set securityContext.readOnlyRootFilesystem: true so an intruder cannot tamper with the image.'
    },
    networkPolicy: {
        severity: 'CRITICAL',
        title: 'No NetworkPolicy selects the workload',
        description: 'Every workload must be selected by a NetworkPolicy in its namespace, so traffic to and from it is restricted.'
    }
};
/** Gatekeeper's exemptImages: an exact image, or a prefix when the entry ends in `*`. */
function isExempt(image, exemptImages) {
    return (exemptImages ?? []).some(e => (e.endsWith('*') ? image.startsWith(e.slice(0, -1)) : image === e));
}
function finding(rule, w, message, lines, image) {
    const text = RULE_TEXT[rule];
    return {
        tool: 'container-gate',
        kind: 'misconfig',
        ruleId: ADMISSION_RULES[rule],
        aliases: TRIVY_ALIASES[rule] ?? [],
        severity: text.severity,
        title: text.title,
        description: text.description,
        message,
        target: w.file,
        subject: w.file,
        file: w.file,
        startLine: lines[0],
        endLine: lines[1],
        ...(image ? { image } : {})
    };
}
/** A workload as messages name it: `Rollout 'web' (spec.template)` when its pod template was found by
 * shape, since one object of such a kind may hold several. */
function named(w) {
    return `${w.kind} '${w.name}'${w.template ? ` (${w.template})` : ''}`;
}
function who(c, w) {
    const group = c.group === 'containers'
        ? 'Container'
        : c.group === 'initContainers'
            ? 'Init container'
            : 'Ephemeral container';
    return `${group} '${c.name}' of ${named(w)}`;
}
/** The text Kubernetes parses as a quantity: a string as written, a YAML number as kubectl sends it
 * in JSON. Undefined for what Gatekeeper's `missing()` treats as absent ("", false). */
function quantityText(node) {
    if (node.kind !== 'scalar')
        return JSON.stringify(node.kind === 'map' ? {} : []);
    const v = node.value;
    if (v === '' || v === false || v === null)
        return undefined;
    if (typeof v === 'number')
        return (0,yaml11/* jsonFloat */.tt)(v);
    // kubectl's JSON handling keeps integers within int64 and turns larger ones into floats.
    if (typeof v === 'bigint' && (v > INT64_MAX || v < -INT64_MAX - 1n))
        return (0,yaml11/* jsonFloat */.tt)(Number(v));
    return String(v);
}
const INT64_MAX = 2n ** 63n - 1n;
function limitFindings(w, c, policy) {
    const out = [];
    for (const resource of ['cpu', 'memory']) {
        const rule = resource === 'cpu' ? 'cpuLimit' : 'memoryLimit';
        const required = policy.requireLimits.includes(resource);
        const max = policy.maxLimits?.[resource];
        const limit = c.limit[resource];
        const text = limit && quantityText(limit.node);
        if (!limit || text === undefined) {
            if (required)
                out.push(finding(rule, w, `${who(c, w)} has no ${resource} limit (resources.limits.${resource})`, [c.line, c.line], c.image));
            continue;
        }
        if (!required && max === undefined)
            continue;
        const value = (0,quantity/* quantityFromText */.rk)(text);
        const at = [limit.line, limit.line];
        if (value === undefined)
            out.push(finding(rule, w, `${who(c, w)} has a ${resource} limit ${JSON.stringify(text)} that is not a Kubernetes quantity`, at, c.image));
        else if (max !== undefined && (0,quantity/* compareQuantities */.Hv)(value, (0,quantity/* quantityFromText */.rk)(max)) > 0)
            out.push(finding(rule, w, `${who(c, w)} has a ${resource} limit ${text} above the maximum of ${max}`, at, c.image));
    }
    return out;
}
/** securityContext.privileged as the API server reads it: true, false/absent, or not a boolean (the
 * API server refuses the object; Gatekeeper's rule treats any value but false as privileged). */
function privilegedFinding(w, c) {
    const p = c.privileged;
    if (!p || (p.node.kind === 'scalar' && p.node.value === false))
        return undefined;
    const at = [p.line, p.line];
    if (p.node.kind === 'scalar' && p.node.value === true)
        return finding('privileged', w, `${who(c, w)} is privileged (securityContext.privileged: true)`, at, c.image);
    const written = p.node.kind === 'scalar'
        ? JSON.stringify(p.node.value)
        : `a ${p.node.kind === 'map' ? 'mapping' : 'list'}`;
    return finding('privileged', w, `${who(c, w)} has securityContext.privileged ${written}, which is not a boolean: Kubernetes refuses the object and Gatekeeper treats it as privileged; write true or false`, at, c.image);
}
/** The container rules on one container of a workload. */
function containerFindings(w, c, policy) {
    if (isExempt(c.image, policy.exemptImages))
        return [];
    const out = [];
    const privileged = policy.denyPrivileged ? privilegedFinding(w, c) : undefined;
    if (privileged)
        out.push(privileged);
    // A patch (manifests.ts) is judged on what it sets: privileged, limits above the maximum; what it
    // leaves out (limits, readOnlyRootFilesystem) is the controller's container to supply.
    const required = c.patch ? { ...policy, requireLimits: [] } : policy;
    // Kubernetes does not allow resources on ephemeral containers, so Gatekeeper does not check them.
    if (c.group !== 'ephemeralContainers')
        out.push(...limitFindings(w, c, required));
    const ro = c.readOnlyRootFilesystem;
    const readOnly = ro?.node.kind === 'scalar' && ro.node.value === true;
    if (policy.requireReadOnlyRootFilesystem && !readOnly && !(c.patch && !ro)) {
        const line = ro ? ro.line : c.line;
        out.push(finding('readOnlyRootFilesystem', w, `${who(c, w)} does not set securityContext.readOnlyRootFilesystem: true`, [line, line], c.image));
    }
    return out;
}
/** Whether a label selector selects a pod with these labels (an empty selector selects every pod). */
function selects(selector, labels) {
    for (const [k, v] of Object.entries(selector.matchLabels))
        if (labels[k] !== v)
            return false;
    for (const e of selector.matchExpressions) {
        const has = Object.prototype.hasOwnProperty.call(labels, e.key);
        const ok = e.operator === 'In'
            ? has && e.values.includes(labels[e.key])
            : e.operator === 'NotIn'
                ? !has || !e.values.includes(labels[e.key])
                : e.operator === 'Exists'
                    ? has
                    : e.operator === 'DoesNotExist'
                        ? !has
                        : false;
        if (!ok)
            return false;
    }
    return true;
}
function networkPolicyFindings(workloads, policies) {
    return workloads
        .filter(w => !policies.some(p => p.namespace === w.namespace && selects(p.podSelector, w.podLabels)))
        .map(w => {
        const labels = Object.entries(w.podLabels)
            .map(([k, v]) => `${k}=${v}`)
            .join(', ') || 'none';
        return finding('networkPolicy', w, `${named(w)} in namespace '${w.namespace}' is not selected by any NetworkPolicy (pod labels: ${labels})`, [w.startLine, w.endLine]);
    });
}
/** Subject (SARIF category) of the admission family's findings. */
const ADMISSION_SUBJECT = 'admission';
function duplicateFinding(d) {
    return {
        tool: 'container-gate',
        kind: 'misconfig',
        ruleId: DUPLICATE_KEY_RULE,
        aliases: [],
        severity: 'CRITICAL',
        title: 'Key written twice in one mapping',
        description: "YAML forbids duplicate keys. kubectl keeps the last value (the admission rules judge that one), but strict decoding (the API server's strict field validation of a YAML body, sigs.k8s.io/yaml in strict mode) refuses the object, and other tools may keep the first: what is deployed depends on the tool. Remove one of them.",
        message: `'${d.key}' is written twice in one mapping (lines ${d.firstLine} and ${d.line}): kubectl applies the last value, strict YAML decoding refuses the object`,
        target: d.file,
        subject: ADMISSION_SUBJECT,
        file: d.file,
        startLine: d.line,
        endLine: d.line
    };
}
/**
 * Checks manifests (paths relative to the repository; text decoded with decodeManifest) against the
 * admission policy. NetworkPolicy coverage is judged across all the given files together, so a
 * policy may live in another file than the workloads it covers; a manifest without
 * `metadata.namespace` is taken to be in `default`. Documents that are not Kubernetes objects are
 * left out quietly; documents in scope that cannot be read become CG-NOT-CHECKED.
 */
function checkManifests(manifests, policy) {
    const workloads = [];
    const networkPolicies = [];
    const other = [];
    const judged = [];
    for (const { path, text } of manifests) {
        const read = readManifests(path, text);
        workloads.push(...read.workloads);
        networkPolicies.push(...read.networkPolicies);
        judged.push(...read.judged);
        other.push(...read.duplicates.map(duplicateFinding));
        for (const n of read.notChecked)
            other.push((0,coverage/* notCheckedFinding */.I)({ ...n, check: 'the admission rules', subject: ADMISSION_SUBJECT }));
    }
    const findings = workloads.flatMap(w => w.containers.flatMap(c => containerFindings(w, c, policy)));
    if (policy.requireNetworkPolicy)
        findings.push(...networkPolicyFindings(workloads, networkPolicies));
    return { findings: [...findings, ...other], judged };
}


/***/ }),

/***/ 34754:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I: () => (/* binding */ notCheckedFinding),
/* harmony export */   m: () => (/* binding */ NOT_CHECKED)
/* harmony export */ });
const NOT_CHECKED = 'CG-NOT-CHECKED';
function notCheckedFinding(input) {
    const where = input.line !== undefined ? `${input.file}:${input.line}` : input.file;
    return {
        tool: 'container-gate',
        kind: 'coverage',
        ruleId: NOT_CHECKED,
        aliases: [],
        severity: 'CRITICAL',
        title: 'Not checked',
        description: 'A file in scope that container-gate could not judge. What the gate did not check must not pass silently, so this blocks by default; fix the file, take it out of scope, or lower the policy tier `coverage` to accept the risk.',
        message: `${where} was not checked by ${input.check}: ${input.reason}`,
        target: input.file,
        subject: input.subject,
        file: input.file,
        // A whole file (too large, unreadable) is shown at its first line, so it is annotated too.
        startLine: input.line ?? 1,
        endLine: input.line ?? 1
    };
}


/***/ }),

/***/ 99971:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EQ: () => (/* binding */ hasFix),
/* harmony export */   GQ: () => (/* binding */ uniqueFindings),
/* harmony export */   fl: () => (/* binding */ findingKey),
/* harmony export */   mH: () => (/* binding */ FINDING_KINDS),
/* harmony export */   yk: () => (/* binding */ INSTALLABLE_TOOLS)
/* harmony export */ });
/** What sort of problem a finding is; the policy has one severity tier table per kind. `coverage`:
 * something in scope the gate could not judge (CG-NOT-CHECKED), which must not pass silently.
 * `signature`: an image the policy requires to be signed (or attested) that is not, or could not
 * be verified (CG-SIGNATURE-*). */
const FINDING_KINDS = ['vuln', 'misconfig', 'lint', 'secret', 'coverage', 'signature'];
/**
 * The tools the action installs (verified) and runs (kustomize renders overlays, crane reads an
 * image's provenance beside it in the registry; neither reports findings).
 */
const INSTALLABLE_TOOLS = ['trivy', 'hadolint', 'cosign', 'gator', 'kustomize', 'crane'];
function hasFix(finding) {
    return finding.kind === 'vuln' && !!finding.package?.fixedVersion;
}
/** A stable identity for one finding occurrence, used for de-duplication, SARIF and new/fixed diffs. */
function findingKey(f) {
    return [
        f.tool,
        f.ruleId,
        f.subject,
        f.target,
        f.package?.name ?? '',
        f.package?.installedVersion ?? '',
        f.file ?? '',
        f.startLine ?? ''
    ].join('|');
}
/**
 * The findings with repeats of one occurrence removed, first kept: two reports of the same scan, or
 * a report beside a scan of the same image, must not count one CVE twice. A repeat has the same
 * findingKey and says the same thing: two violations of one constraint by two containers of one
 * object share a findingKey but not their message, and both count.
 */
function uniqueFindings(findings) {
    const seen = new Set();
    const unique = [];
    for (const finding of findings) {
        const key = [findingKey(finding), finding.title, finding.message ?? ''].join('\u0000');
        if (seen.has(key))
            continue;
        seen.add(key);
        unique.push(finding);
    }
    return { findings: unique, repeats: findings.length - unique.length };
}


/***/ }),

/***/ 90046:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   RF: () => (/* binding */ currentCheckId),
/* harmony export */   iS: () => (/* binding */ canonicalId),
/* harmony export */   vG: () => (/* binding */ olderCheckIds)
/* harmony export */ });
/**
 * Rule IDs as the tools spell them. Trivy renamed its built-in checks in 0.69: `DS002` (with
 * `AVDID: AVD-DS-0002` beside it) became `DS-0002`, `KSV017` / `AVD-KSV-0017` became `KSV-0017`.
 * Repositories keep ignores and alert history written for either generation, so the three
 * spellings must compare equal everywhere: this is the one place that knows them.
 */
/**
 * Canonical form of a rule ID for comparison: the three spellings of a Trivy check compare equal.
 * IDs of other shapes (CVE-2019-14697, GHSA-…, DL3008) are only upper-cased.
 */
function canonicalId(id) {
    const upper = id.trim().toUpperCase();
    const m = /^(?:AVD-)?([A-Z]+)-?(\d+)$/.exec(upper);
    if (!m)
        return upper;
    return `${m[1]}-${m[2].padStart(4, '0')}`;
}
/**
 * The 0.69+ form of a built-in check ID: `DS002` (with `AVD-DS-0002` beside it in ≤ 0.68) becomes
 * `DS-0002`. IDs in any other form (0.69+ built-ins, custom checks) come back unchanged.
 */
function currentCheckId(id, avdId) {
    const old = /^([A-Z]+)(\d{3,})$/.exec(id);
    if (!old)
        return id;
    if (avdId?.startsWith('AVD-'))
        return avdId.slice(4);
    return `${old[1]}-${old[2].padStart(4, '0')}`;
}
/** The ≤ 0.68 spellings of a 0.69+ check ID (`DS-0002` → `DS002`, `AVD-DS-0002`); none for other IDs. */
function olderCheckIds(currentId) {
    const bare = /^([A-Z]+)-(\d+)$/.exec(currentId);
    if (!bare)
        return [];
    return [`${bare[1]}${bare[2].replace(/^0(?=\d{3})/, '')}`, `AVD-${currentId}`];
}


/***/ }),

/***/ 65131:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   TP: () => (/* binding */ isAtLeastAsSevere),
/* harmony export */   cb: () => (/* binding */ zeroSeverityCounts),
/* harmony export */   lv: () => (/* binding */ normalizeSeverity),
/* harmony export */   ng: () => (/* binding */ countSeverities),
/* harmony export */   oC: () => (/* binding */ SEVERITIES),
/* harmony export */   qs: () => (/* binding */ severityRank),
/* harmony export */   zK: () => (/* binding */ compareSeverity)
/* harmony export */ });
/**
 * Severities, the one scale every tool's words are mapped onto, and the one set of comparisons on
 * it: every sort, threshold and count by severity in the action goes through these.
 */
/** Most severe first; the order is used for sorting, thresholds and truncation. */
const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'];
/** A count of zero for every severity, to count into. */
function zeroSeverityCounts() {
    return { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0 };
}
/** How many of each severity the list holds. */
function countSeverities(severities) {
    const counts = zeroSeverityCounts();
    for (const severity of severities)
        counts[severity]++;
    return counts;
}
/** Maps any tool's severity word onto ours; unknown words become UNKNOWN rather than failing. */
function normalizeSeverity(raw) {
    const word = typeof raw === 'string' ? raw.trim().toUpperCase() : '';
    switch (word) {
        case 'CRITICAL':
        case 'HIGH':
        case 'MEDIUM':
        case 'LOW':
            return word;
        default:
            return 'UNKNOWN';
    }
}
/** 0 for CRITICAL, up to 4 for UNKNOWN. */
function severityRank(severity) {
    return SEVERITIES.indexOf(severity);
}
/** A comparator for sort(): the more severe first. */
function compareSeverity(a, b) {
    return severityRank(a) - severityRank(b);
}
/** True when `severity` is at least as severe as `threshold` (HIGH is at least as severe as MEDIUM). */
function isAtLeastAsSevere(severity, threshold) {
    return severityRank(severity) <= severityRank(threshold);
}


/***/ }),

/***/ 47318:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ql: () => (/* binding */ commentMarker),
/* harmony export */   Td: () => (/* binding */ commentKey),
/* harmony export */   lB: () => (/* binding */ upsertComment)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _permissions_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(15435);
/* harmony import */ var _report_comment_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(54231);
/**
 * One pull-request comment per workflow, job and matrix leg, kept up to date. The comment is found
 * by a hidden marker holding the comment key, so reruns edit it and matrix legs do not overwrite
 * each other.
 */



/** Characters a key may keep: anything else could end the HTML comment or confuse a reader. */
function cleanKey(raw) {
    return raw
        .replace(/[^A-Za-z0-9._/=,:+-]+/g, '-')
        .replace(/-{2,}/g, '-')
        .replace(/^-+|-+$/g, '');
}
/**
 * The default comment key: workflow and job, plus the matrix values when the job is a matrix leg
 * (`matrix` is `${{ toJSON(matrix) }}`: "null" or an object). Keys longer than 120 characters keep a
 * readable start and a hash of the whole, so two legs never share a key.
 */
function commentKey(parts) {
    if (parts.override && parts.override.trim() !== '')
        return cleanKey(parts.override.trim()) || 'default';
    const segments = [parts.workflow, parts.job];
    const matrix = parseMatrix(parts.matrix);
    if (matrix.length > 0)
        segments.push(matrix.join(','));
    const key = cleanKey(segments.filter(Boolean).join('/')) || 'default';
    if (key.length <= 120)
        return key;
    const digest = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(key).digest('hex').slice(0, 12);
    return `${key.slice(0, 100)}-${digest}`;
}
/** "key=value" pairs of a matrix JSON object, sorted by key; nested values as compact JSON. */
function parseMatrix(raw) {
    if (!raw || raw.trim() === '' || raw.trim() === 'null')
        return [];
    let value;
    try {
        value = JSON.parse(raw);
    }
    catch {
        return [raw.trim()];
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value))
        return [String(JSON.stringify(value))];
    return Object.keys(value)
        .sort()
        .map(k => {
        const v = value[k];
        return `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`;
    });
}
function commentMarker(key) {
    return `<!-- container-gate:${cleanKey(key) || 'default'} -->`;
}
/**
 * A pull request's comments with `viewerDidAuthor`: GitHub itself says which ones the token's
 * identity wrote, whatever the token is (the GITHUB_TOKEN and App installation tokens act as a
 * `<app>[bot]` user and cannot call GET /user; a PAT acts as its user). One page of 100 comments is
 * one call, as the REST listing was, so knowing who we are costs no extra request.
 */
const MARKED_COMMENTS = `query containerGateComments($owner: String!, $repo: String!, $number: Int!, $cursor: String) {
  repository(owner: $owner, name: $repo) {
    pullRequest(number: $number) {
      comments(first: 100, after: $cursor) {
        pageInfo { hasNextPage endCursor }
        nodes { url body viewerDidAuthor author { login } }
      }
    }
  }
}`;
/** Pages read at most (10,000 comments); a pull request with more is not one people review. */
const MAX_COMMENT_PAGES = 100;
async function markedComments(client, ctx, number, marker) {
    const found = [];
    let cursor = null;
    for (let page = 0; page < MAX_COMMENT_PAGES; page++) {
        const data = await client.graphql(MARKED_COMMENTS, {
            owner: ctx.owner,
            repo: ctx.repo,
            number,
            cursor
        });
        const comments = data.repository?.pullRequest?.comments;
        if (!comments)
            break;
        for (const node of comments.nodes) {
            if (!node || !node.body.startsWith(marker))
                continue;
            // The REST id, from the comment's permalink (…#issuecomment-<id>): present on every GitHub
            // version, unlike fullDatabaseId; IDs passed 2^31, so databaseId (Int) cannot hold them.
            const id = /#issuecomment-(\d+)$/.exec(node.url)?.[1];
            if (id === undefined)
                continue;
            found.push({ id: Number(id), url: node.url, mine: node.viewerDidAuthor, author: node.author?.login });
        }
        if (!comments.pageInfo.hasNextPage || !comments.pageInfo.endCursor)
            break;
        cursor = comments.pageInfo.endCursor;
    }
    return found;
}
/** The body as posted: our marker first, and never over GitHub's limit. */
function bodyWithMarker(body, marker) {
    const marked = body.startsWith(marker) ? body : `${marker}\n${body}`;
    // renderComment already fits the limit; this is the last guard so a POST is never refused for size.
    return marked.length > _report_comment_js__WEBPACK_IMPORTED_MODULE_2__/* .COMMENT_LIMIT */ .W
        ? marked.slice(0, _report_comment_js__WEBPACK_IMPORTED_MODULE_2__/* .COMMENT_LIMIT */ .W - 60) + '\n\n_… shortened to fit 65,536 characters._\n'
        : marked;
}
/** Says once that comments others wrote with our marker are left as they are. */
function noteOthers(others, logger) {
    if (others.length === 0)
        return;
    const authors = [...new Set(others.map(c => c.author ?? 'a deleted account'))].join(', ');
    logger.info(`Left alone ${others.length === 1 ? '1 comment' : `${others.length} comments`} carrying this job's marker written by ${authors}: only comments this token wrote are edited or deleted.`);
}
/**
 * Edits our first comment and removes our other copies; undefined when it was deleted between
 * listing and editing (the caller then writes a new one).
 */
async function editComment(client, where, mine, body, logger) {
    const [first, ...duplicates] = mine;
    if (!first)
        return undefined;
    try {
        const { data } = await client.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
            ...where,
            comment_id: first.id,
            body
        });
        await removeAll(client, where, duplicates, logger);
        logger.info(`Updated the pull-request comment: ${data.html_url}`);
        return { action: 'updated', url: data.html_url, warnings: [] };
    }
    catch (error) {
        if ((0,_permissions_js__WEBPACK_IMPORTED_MODULE_1__/* .httpFailure */ .t)(error).status !== 404)
            throw error;
        return undefined;
    }
}
/**
 * Creates, edits or recreates the comment that carries our marker; failures are warnings. Only
 * comments the token's own identity wrote are edited or deleted: anyone can paste the marker into a
 * comment of their own, and editing it would put the report in their name (and let them edit it back
 * to "pass"); deleting it would remove their words.
 */
async function upsertComment(opts) {
    const { client, ctx, mode, logger } = opts;
    const pr = ctx.pullRequest;
    if (mode === 'off')
        return { action: 'skipped', warnings: [] };
    if (!pr) {
        logger.debug('Not a pull request: no comment to write.');
        return { action: 'skipped', warnings: [] };
    }
    const marker = commentMarker(opts.key);
    const body = bodyWithMarker(opts.body, marker);
    const where = { owner: ctx.owner, repo: ctx.repo };
    try {
        const marked = await markedComments(client, ctx, pr.number, marker);
        const mine = marked.filter(c => c.mine);
        noteOthers(marked.filter(c => !c.mine), logger);
        const edited = mode === 'update' ? await editComment(client, where, mine, body, logger) : undefined;
        if (edited)
            return edited;
        if (mode === 'recreate')
            await removeAll(client, where, mine, logger);
        const { data } = await client.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
            ...where,
            issue_number: pr.number,
            body
        });
        logger.info(`Wrote the pull-request comment: ${data.html_url}`);
        return {
            action: mine.length > 0 && mode === 'recreate' ? 'recreated' : 'created',
            url: data.html_url,
            warnings: []
        };
    }
    catch (error) {
        return {
            action: 'skipped',
            warnings: [(0,_permissions_js__WEBPACK_IMPORTED_MODULE_1__/* .warningFor */ .C)('comment', error, 'pull-requests: write', { fromFork: pr.fromFork })]
        };
    }
}
async function removeAll(client, where, comments, logger) {
    for (const c of comments) {
        try {
            await client.request('DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}', {
                ...where,
                comment_id: c.id
            });
        }
        catch (error) {
            if ((0,_permissions_js__WEBPACK_IMPORTED_MODULE_1__/* .httpFailure */ .t)(error).status !== 404)
                throw error;
            logger.debug(`Comment ${c.id} was already gone.`);
        }
    }
}


/***/ }),

/***/ 19556:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $p: () => (/* binding */ readRunContext),
/* harmony export */   rn: () => (/* binding */ uploadTarget)
/* harmony export */ });
/* unused harmony export runContextFrom */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(83916);
/* harmony import */ var _workspace_run_dirs_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(95209);
/**
 * The run context from the environment and the event payload, and the (ref, commit) a SARIF upload
 * belongs to. Reading is separated from deciding so tests feed real webhook payloads.
 */



/** Builds the RunContext from GITHUB_* variables and the event payload (already parsed). */
function runContextFrom(env, payload) {
    const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
    if (!owner || !repo)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1('GITHUB_REPOSITORY is not set to owner/repo; is this running in GitHub Actions?');
    const eventName = env.GITHUB_EVENT_NAME ?? '';
    const ctx = {
        owner,
        repo,
        eventName,
        sha: env.GITHUB_SHA ?? '',
        ref: env.GITHUB_REF ?? '',
        workflow: env.GITHUB_WORKFLOW ?? '',
        job: env.GITHUB_JOB ?? '',
        runId: env.GITHUB_RUN_ID ?? '',
        serverUrl: (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, ''),
        apiUrl: (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, ''),
        workspace: (0,_workspace_run_dirs_js__WEBPACK_IMPORTED_MODULE_1__/* .workspaceRoot */ .o)(env)
    };
    const p = (payload ?? {});
    const defaultBranch = p.repository?.default_branch;
    if (typeof defaultBranch === 'string' && defaultBranch !== '')
        ctx.defaultBranch = defaultBranch;
    if ((eventName === 'pull_request' || eventName === 'pull_request_target') && p.pull_request) {
        const number = p.pull_request.number ?? p.number;
        const headSha = p.pull_request.head?.sha;
        if (typeof number === 'number' && typeof headSha === 'string') {
            const headRepo = p.pull_request.head?.repo?.full_name;
            ctx.pullRequest = {
                number,
                headSha,
                baseRef: p.pull_request.base?.ref ?? '',
                // A deleted head repository (null) is a fork that is gone: still not ours.
                fromFork: headRepo !== `${owner}/${repo}`
            };
        }
    }
    return ctx;
}
/** Reads GITHUB_EVENT_PATH (when set) and builds the RunContext. */
function readRunContext(env = process.env) {
    let payload = {};
    if (env.GITHUB_EVENT_PATH) {
        try {
            payload = JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(env.GITHUB_EVENT_PATH, 'utf8'));
        }
        catch {
            payload = {};
        }
    }
    return runContextFrom(env, payload);
}
/**
 * Where results belong. On push (and anything that is not a pull request): GITHUB_REF/GITHUB_SHA.
 * On pull_request GitHub checks out the merge commit (refs/pull/N/merge, GITHUB_SHA); when the
 * workflow checked out the head instead (actions/checkout with `ref: ${{ github.event.pull_request.head.sha }}`),
 * results belong to refs/pull/N/head at the head commit, or code scanning would show lines of a
 * commit that was not scanned. `checkoutSha` is the commit actually scanned (`git rev-parse HEAD`).
 */
function uploadTarget(ctx, checkoutSha) {
    const pr = ctx.pullRequest;
    if (pr && checkoutSha && checkoutSha.toLowerCase() === pr.headSha.toLowerCase()) {
        return { ref: `refs/pull/${pr.number}/head`, commitSha: pr.headSha };
    }
    if (pr && ctx.eventName === 'pull_request') {
        return { ref: `refs/pull/${pr.number}/merge`, commitSha: ctx.sha };
    }
    return {
        ref: ctx.ref,
        commitSha: checkoutSha && /^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(checkoutSha) ? checkoutSha : ctx.sha
    };
}


/***/ }),

/***/ 15435:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   C: () => (/* binding */ warningFor),
/* harmony export */   t: () => (/* binding */ httpFailure)
/* harmony export */ });
/** GraphQL answers 200 with typed errors; read them as the HTTP status they stand for. */
const GRAPHQL_STATUS = { FORBIDDEN: 403, NOT_FOUND: 404, UNAUTHORIZED: 401 };
function httpFailure(error) {
    const graphqlErrors = error?.errors;
    if (Array.isArray(graphqlErrors) &&
        graphqlErrors.length > 0 &&
        error.status === undefined) {
        const first = graphqlErrors[0];
        return {
            status: typeof first.type === 'string' ? GRAPHQL_STATUS[first.type] : undefined,
            message: redact(typeof first.message === 'string' ? first.message : String(error))
        };
    }
    if (error && typeof error === 'object') {
        const e = error;
        const data = e.response?.data;
        const message = typeof data?.message === 'string'
            ? data.message
            : typeof e.message === 'string'
                ? e.message
                : String(error);
        return { status: typeof e.status === 'number' ? e.status : undefined, message: redact(message) };
    }
    return { message: redact(String(error)) };
}
/** Tokens never appear in GitHub's messages, but a proxy's might echo a header: scrub anything token-like. */
function redact(text) {
    return text
        .replace(/\b(gh[pousr]_[A-Za-z0-9_]{20,}|github_pat_[A-Za-z0-9_]{20,}|v1\.[0-9a-f]{40})\b/g, '***')
        .slice(0, 500);
}
/** True when the failure means "not allowed" rather than "broken": the caller should warn and move on. */
function isPermissionFailure(f) {
    if (f.status === 403)
        return !/rate limit/i.test(f.message);
    if (f.status === 404)
        return true;
    return false;
}
/** Code scanning is unavailable (not enabled, no GitHub Code Security on a private repository). */
function isCodeScanningDisabled(f) {
    return ((f.status === 403 || f.status === 404) &&
        /(advanced security|code security|code scanning is not enabled|code scanning is disabled|not enabled for this repository)/i.test(f.message));
}
const FEATURE_TEXT = {
    'sarif-upload': 'Uploading SARIF to code scanning',
    'sarif-processing': 'Checking the SARIF upload',
    comment: 'Updating the pull-request comment',
    'first-seen': 'Reading code-scanning alerts for first-seen dates',
    'base-alerts': "Reading the base branch's code-scanning alerts"
};
/**
 * One warning for a failed call. Permission failures name `permission`; a fork pull request says
 * why the permission cannot be granted; anything else reports the status and message.
 */
function warningFor(feature, error, permission, opts = {}) {
    const f = httpFailure(error);
    const what = FEATURE_TEXT[feature];
    if (isCodeScanningDisabled(f)) {
        return {
            feature,
            message: `${what} was skipped: code scanning is not enabled for this repository (${f.message}).`
        };
    }
    if (isPermissionFailure(f)) {
        const why = opts.fromFork
            ? 'pull requests from forks get a read-only token'
            : `the token lacks \`${permission}\` (add it to the workflow's \`permissions:\`)`;
        return {
            feature,
            permission,
            message: `${what} was skipped: ${why}. GitHub said: ${f.status} ${f.message}`
        };
    }
    return { feature, message: `${what} failed: ${f.status ?? 'network error'} ${f.message}` };
}


/***/ }),

/***/ 16288:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   c: () => (/* binding */ codePointLabel),
/* harmony export */   h: () => (/* binding */ revealInvisible)
/* harmony export */ });
/**
 * Characters that change how the text around them reads without being seen themselves: the Unicode
 * bidi controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) make a package name read
 * backwards ("Trojan Source", CVE-2021-42574), zero-width characters (U+200B–U+200D, U+2060, U+FEFF)
 * make two different names look the same, and the other format and default-ignorable characters
 * (soft hyphen, tag characters, variation selectors, line and paragraph separators) hide text the
 * same way. In untrusted text every one of them is replaced by a visible `<U+202E>`, so a reviewer
 * sees that something was there: nothing is dropped silently.
 *
 * The log boundary (src/log.ts), the summary and comment cells (src/report/markdown/escape.ts)
 * and the SARIF texts all use this one function.
 */
/** Format (Cf) and default-ignorable code points, and the Unicode line and paragraph separators. */
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}\p{Zl}\p{Zp}]/u;
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'gu');
/** `<U+202E>`: how a hidden character is shown (upper-case hex, at least four digits). */
function codePointLabel(char) {
    return `<U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}>`;
}
/** The text with every invisible or reordering character shown as `<U+XXXX>`. */
function revealInvisible(text) {
    // Most text has none: test first so the common case allocates nothing.
    return INVISIBLE.test(text) ? text.replace(INVISIBLE_ALL, codePointLabel) : text;
}


/***/ }),

/***/ 51695:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   MK: () => (/* binding */ decodeManifest),
/* harmony export */   cy: () => (/* binding */ readKubeDocuments),
/* harmony export */   s$: () => (/* binding */ jsonText)
/* harmony export */ });
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(38815);
/* harmony import */ var _yaml11_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(15232);
/**
 * Manifest files read as kubectl reads them (`kubectl apply -f`), keeping every value's line:
 *
 * - documents are split where kubectl splits them: a line starting with `---` followed by nothing
 *   but spaces or a comment (k8s.io/apimachinery's YAML reader; `--- text` is an error there);
 * - each document is converted as sigs.k8s.io/yaml converts it with go-yaml v2: YAML 1.1 scalars
 *   (yaml11.ts), merge keys (`<<`) applied in document order (a merge written after a key overrides
 *   it, as go-yaml v2 does), duplicate keys resolved to the last value and reported, keys turned
 *   into JSON names, aliases expanded within go-yaml's aliasing budget.
 *
 * The syntax itself is parsed by the `yaml` package in YAML 1.1 mode; what it cannot parse (or
 * nests too deeply for it) is an error, never a silent pass. __tests__/k8s/oracle.test.ts compares
 * the result with kubectl's own reading of a corpus of real manifests.
 */


/** Go's unicode.IsSpace, which strings.TrimSpace uses on the text after `---`. */
const GO_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*/;
/** What follows `---` on a separator line: '' or a comment for a separator, else the offending text. */
function separatorRest(line) {
    if (!line.startsWith('---'))
        return undefined;
    const rest = line.slice(3).replace(GO_SPACE, '').trimEnd();
    return rest === '' || rest.startsWith('#') ? '' : rest;
}
/** kubectl's document split (line based, `\r\n` read as `\n`). */
function chunks(text) {
    const lines = text.split('\n');
    if (lines.length > 1 && lines[lines.length - 1] === '')
        lines.pop();
    const out = [];
    let current = [];
    let start = 1;
    let bad;
    const flush = (next) => {
        if (current.length > 0)
            out.push({ text: `${current.join('\n')}\n`, startLine: start, endLine: next - 1, badSeparator: bad });
        current = [];
        bad = undefined;
        start = next + 1;
    };
    lines.forEach((raw, i) => {
        const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
        const rest = separatorRest(line);
        if (rest === '')
            return flush(i + 1);
        if (rest !== undefined) {
            // kubectl stops here ("invalid Yaml document separator"); the rest is still judged, as
            // other tools (kustomize, Helm) read a document start with content.
            flush(i + 1);
            start = i + 1;
            bad = rest;
        }
        current.push(line);
    });
    flush(lines.length + 1);
    return out;
}
/** go-yaml v2's limit on alias expansion (decode operations coming from aliases). */
function aliasBudgetExceeded(decodes, fromAliases) {
    if (fromAliases <= 100 || decodes <= 1000)
        return false;
    const low = 400_000;
    const high = 4_000_000;
    const ratio = decodes <= low ? 0.99 : decodes >= high ? 0.1 : 0.99 - (0.89 * (decodes - low)) / (high - low);
    return fromAliases / decodes > ratio;
}
class ReadError extends Error {
    node;
    constructor(message, node) {
        super(message);
        this.node = node;
    }
}
/** Converts one parsed document to KNodes with go-yaml v2's semantics. */
class Converter {
    doc;
    lineOf;
    decodes = 0;
    fromAliases = 0;
    aliasDepth = 0;
    expanding = new Set();
    duplicates = new Map();
    constructor(doc, lineOf) {
        this.doc = doc;
        this.lineOf = lineOf;
    }
    lines(node, fallback) {
        const range = node?.range;
        if (!range)
            return fallback ?? { line: this.lineOf(0), endLine: this.lineOf(0) };
        return { line: this.lineOf(range[0]), endLine: this.lineOf(Math.max(range[0], range[1] - 1)) };
    }
    count() {
        this.decodes++;
        if (this.aliasDepth > 0)
            this.fromAliases++;
        if (aliasBudgetExceeded(this.decodes, this.fromAliases))
            throw new ReadError('document contains excessive aliasing');
    }
    /** Follows an alias as go-yaml does (a new copy each time, counted against the budget). */
    expand(alias, use) {
        const target = alias.resolve(this.doc);
        const name = alias.source;
        if (target === undefined)
            throw new ReadError(`unknown anchor '${name}' referenced`, alias);
        if (this.expanding.has(target))
            throw new ReadError(`anchor '${name}' value contains itself`, alias);
        this.expanding.add(target);
        this.aliasDepth++;
        try {
            return use(target);
        }
        finally {
            this.aliasDepth--;
            this.expanding.delete(target);
        }
    }
    /** The document's root (go-yaml counts the document itself as one decode). */
    document(root) {
        this.count();
        return this.node(root);
    }
    node(n, parent) {
        this.count();
        if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isAlias */ .Vj)(n))
            return this.expand(n, target => this.node(target, parent));
        if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(n))
            return this.map(n, { kind: 'map', fields: new Map(), ...this.lines(n, parent) });
        if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isSeq */ .oP)(n)) {
            const lines = this.lines(n, parent);
            return { kind: 'seq', items: n.items.map(item => this.node(item, lines)), ...lines };
        }
        if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(n)) {
            const value = this.scalar(n);
            // sigs.k8s.io/yaml cannot write these as JSON: kubectl refuses the whole document.
            if (typeof value === 'number' && !Number.isFinite(value))
                throw new ReadError(`json: unsupported value: ${value}`, n);
            return { kind: 'scalar', value, ...this.lines(n, parent) };
        }
        return { kind: 'scalar', value: null, ...(parent ?? this.lines(n)) };
    }
    scalar(n) {
        const s = n;
        const text = typeof s.source === 'string' ? s.source : String(s.value ?? '');
        try {
            return (0,_yaml11_js__WEBPACK_IMPORTED_MODULE_1__/* .resolveScalar */ .T)(text, s.type === 'PLAIN', s.tag);
        }
        catch (error) {
            throw new ReadError(error.message, n);
        }
    }
    key(n) {
        this.count();
        const key = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isAlias */ .Vj)(n) ? this.expand(n, target => (this.count(), target)) : n;
        if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(key) || (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isSeq */ .oP)(key))
            throw new ReadError('invalid map key: a mapping or sequence', n);
        try {
            return (0,_yaml11_js__WEBPACK_IMPORTED_MODULE_1__/* .jsonKey */ .ck)((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(key) ? this.scalar(key) : null);
        }
        catch (error) {
            throw new ReadError(error.message, n);
        }
    }
    /** A mapping, written into `out` (a merge writes into the mapping that merges). */
    map(n, out) {
        const written = new Map();
        for (const pair of n.items) {
            const k = pair.key;
            if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(k) && (0,_yaml11_js__WEBPACK_IMPORTED_MODULE_1__/* .isMergeKey */ .yJ)(String(k.source ?? k.value), k.type === 'PLAIN', k.tag)) {
                this.merge(pair.value, out);
                continue;
            }
            const name = this.key(k);
            const keyLine = this.lines(k, out).line;
            const node = this.node(pair.value, { line: keyLine, endLine: keyLine });
            const first = written.get(name);
            if (first !== undefined)
                this.duplicates.set(`${keyLine}:${name}`, {
                    key: name,
                    line: keyLine,
                    valueLine: node.line,
                    firstLine: first
                });
            written.set(name, keyLine);
            out.fields.set(name, { keyLine, node });
        }
        return out;
    }
    merge(value, out) {
        const wantMap = () => new ReadError('map merge requires map or sequence of maps as the value', value);
        const mergeOne = (item) => {
            this.count();
            if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isAlias */ .Vj)(item)) {
                this.expand(item, target => {
                    if (!(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(target))
                        throw wantMap();
                    this.count();
                    this.map(target, out);
                });
            }
            else if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(item))
                this.map(item, out);
            else
                throw wantMap();
        };
        if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isSeq */ .oP)(value)) {
            // Earlier mappings take precedence: go-yaml merges them last.
            for (const item of [...value.items].reverse())
                mergeOne(item);
        }
        else
            mergeOne(value);
    }
    errorLine(error) {
        return this.lines(error.node).line;
    }
}
function readChunk(chunk) {
    const counter = new yaml__WEBPACK_IMPORTED_MODULE_0__/* .LineCounter */ .HN();
    const lineOf = (offset) => chunk.startLine + counter.linePos(offset).line - 1;
    const parsed = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .parseAllDocuments */ .hR)(chunk.text, {
        lineCounter: counter,
        version: '1.1',
        schema: 'failsafe',
        merge: false,
        uniqueKeys: false
    });
    const docs = (Array.isArray(parsed) ? parsed : []);
    const out = [];
    for (const doc of docs) {
        const [start, , end] = doc.range;
        const document = {
            startLine: lineOf(start),
            endLine: lineOf(Math.max(start, end - 1)),
            duplicates: []
        };
        out.push(document);
        const [error] = doc.errors;
        if (error) {
            const deep = /Maximum call stack size exceeded/.test(error.message);
            document.error = {
                // a syntax error found at the end of input is reported on the document's last line
                line: Math.min(lineOf(error.pos[0]), chunk.endLine),
                message: deep ? 'nested too deeply to read' : error.message.split('\n')[0]
            };
            continue;
        }
        if (doc.contents === null)
            continue;
        const converter = new Converter(doc, lineOf);
        try {
            document.root = converter.document(doc.contents);
        }
        catch (error) {
            if (error instanceof RangeError)
                document.error = { line: document.startLine, message: 'nested too deeply to read' };
            else if (error instanceof ReadError)
                document.error = { line: converter.errorLine(error), message: error.message };
            else
                throw error;
        }
        document.duplicates = [...converter.duplicates.values()];
    }
    if (chunk.badSeparator !== undefined) {
        const first = out[0] ?? { startLine: chunk.startLine, endLine: chunk.endLine, duplicates: [] };
        if (!out[0])
            out.push(first);
        first.error ??= {
            line: chunk.startLine,
            message: `kubectl refuses a document separator followed by text: "--- ${chunk.badSeparator}"`
        };
    }
    return out;
}
/**
 * Every document of a manifest file as kubectl reads it. `text` is the file decoded as kubectl
 * decodes it (see decodeManifest). Never throws on bad input: a document that cannot be read has
 * `error` set and the other documents are still read.
 */
function readKubeDocuments(text) {
    return chunks(text).flatMap(readChunk);
}
/**
 * A file's bytes as kubectl reads them: UTF-8, a UTF-8 byte-order mark dropped, UTF-16 with a
 * byte-order mark converted (kubectl's file reader does both).
 */
function decodeManifest(bytes) {
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
        return bytes.subarray(3).toString('utf8');
    if (bytes[0] === 0xff && bytes[1] === 0xfe)
        return bytes.subarray(2).toString('utf16le');
    if (bytes[0] === 0xfe && bytes[1] === 0xff) {
        const swapped = Buffer.from(bytes.subarray(2, bytes.length - (bytes.length % 2)));
        swapped.swap16();
        return swapped.toString('utf16le');
    }
    return bytes.toString('utf8');
}
/** JSON text of a node, as kubectl sends it (numbers exact). */
function jsonText(node) {
    if (node.kind === 'map')
        return `{${[...node.fields].map(([k, f]) => `${JSON.stringify(k)}:${jsonText(f.node)}`).join(',')}}`;
    if (node.kind === 'seq')
        return `[${node.items.map(jsonText).join(',')}]`;
    const v = node.value;
    if (typeof v === 'bigint')
        return v.toString();
    if (typeof v === 'number')
        return Number.isFinite(v) ? (Object.is(v, -0) ? '-0' : String(v)) : 'null';
    return JSON.stringify(v);
}


/***/ }),

/***/ 49509:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   g: () => (/* binding */ documentObjects),
/* harmony export */   k: () => (/* binding */ objectJson)
/* harmony export */ });
/* harmony import */ var _documents_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51695);
/**
 * The Kubernetes objects of a document, found the way kubectl finds them (k8s.io/cli-runtime's
 * resource builder and k8s.io/apimachinery's unstructured decoding):
 *
 * - a document whose top level has an `items` key is a list, whatever its kind: kubectl creates
 *   the items, never the document itself (`items: null` creates nothing);
 * - items written without apiVersion and kind take them from the list (`kind: PodList` makes its
 *   items Pods, with the list's apiVersion);
 * - items that are lists themselves are expanded too (after the plain items, as kubectl orders them);
 * - anything without a kind is not a Kubernetes object; an object (not a list) also needs an
 *   apiVersion, or no cluster accepts it.
 */

/** A field's value when it is a string ('' otherwise), as unstructured.GetKind and friends read it. */
function stringField(node, key) {
    if (node?.kind !== 'map')
        return '';
    const value = node.fields.get(key)?.node;
    return value?.kind === 'scalar' && typeof value.value === 'string' ? value.value : '';
}
function toObject(node, inferred) {
    const metadata = node.fields.get('metadata')?.node;
    return {
        apiVersion: inferred?.apiVersion ?? stringField(node, 'apiVersion'),
        kind: inferred?.kind ?? stringField(node, 'kind'),
        namespace: stringField(metadata, 'namespace'),
        name: stringField(metadata, 'name'),
        node,
        ...(inferred ? { inferred: true } : {})
    };
}
/** A list's items as mappings, or the error kubectl gives for them. */
function listItems(items, what) {
    if (items.kind === 'scalar' && items.value === null)
        return [];
    if (items.kind !== 'seq')
        return { line: items.line, message: `${what} is not a list` };
    const bad = items.items.find(i => i.kind !== 'map');
    if (bad)
        return { line: bad.line, message: `an entry of ${what} is not an object` };
    return items.items;
}
/** The objects kubectl would create from a document's root. */
function documentObjects(root) {
    const kind = stringField(root, 'kind');
    if (root?.kind !== 'map' || kind === '')
        return { isObject: false, objects: [] };
    const items = root.fields.get('items')?.node;
    if (!items) {
        const object = toObject(root);
        return object.apiVersion ? { isObject: true, objects: [object] } : { isObject: false, objects: [] };
    }
    const first = listItems(items, 'items');
    if (!Array.isArray(first))
        return { isObject: true, objects: [], error: first };
    const apiVersion = stringField(root, 'apiVersion');
    const itemKind = kind.endsWith('List') ? kind.slice(0, -'List'.length) : kind;
    const queue = first.map(node => stringField(node, 'kind') === '' && stringField(node, 'apiVersion') === ''
        ? { node, inferred: { apiVersion, kind: itemKind } }
        : { node });
    const objects = [];
    for (let i = 0; i < queue.length; i++) {
        const { node, inferred } = queue[i];
        const nested = node.fields.get('items')?.node;
        if (nested?.kind === 'seq') {
            const more = listItems(nested, 'a nested list');
            if (!Array.isArray(more))
                return { isObject: true, objects: [], error: more };
            queue.push(...more.map(n => ({ node: n })));
            continue;
        }
        const object = toObject(node, inferred);
        // kubectl refuses an item without apiVersion or kind; nothing is created from it.
        if (object.apiVersion && object.kind)
            objects.push(object);
    }
    return { isObject: true, objects };
}
/** The object as kubectl sends it: JSON, with the apiVersion and kind a typed list gave it. */
function objectJson(object) {
    const json = (0,_documents_js__WEBPACK_IMPORTED_MODULE_0__/* .jsonText */ .s$)(object.node);
    if (!object.inferred)
        return json;
    const fields = [...object.node.fields.keys()].filter(k => k !== 'apiVersion' && k !== 'kind');
    const rest = fields.map(k => `${JSON.stringify(k)}:${(0,_documents_js__WEBPACK_IMPORTED_MODULE_0__/* .jsonText */ .s$)(object.node.fields.get(k).node)}`);
    return `{${[`"apiVersion":${JSON.stringify(object.apiVersion)}`, `"kind":${JSON.stringify(object.kind)}`, ...rest].join(',')}}`;
}


/***/ }),

/***/ 15232:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T: () => (/* binding */ resolveScalar),
/* harmony export */   ck: () => (/* binding */ jsonKey),
/* harmony export */   tt: () => (/* binding */ jsonFloat),
/* harmony export */   yJ: () => (/* binding */ isMergeKey)
/* harmony export */ });
/**
 * Scalars resolved the way Kubernetes resolves them. kubectl converts YAML to JSON with
 * sigs.k8s.io/yaml, which decodes with go-yaml v2 (go.yaml.in/yaml/v2): YAML 1.1 booleans (yes, on,
 * y...), Go's integer syntax (0x1F, 0o17, 017 octal, 0b101, underscores ignored), floats without a
 * dot (129e6), no sexagesimal numbers, timestamps kept as strings. The differential tests
 * (__tests__/k8s/oracle.test.ts) hold this module to kubectl's own answers.
 */
/** A scalar go-yaml v2 refuses (a tag its text does not fit, bad base64): kubectl cannot read it. */
class ScalarError extends Error {
}
const TAG = 'tag:yaml.org,2002:';
const TAGS = {
    str: `${TAG}str`,
    bool: `${TAG}bool`,
    int: `${TAG}int`,
    float: `${TAG}float`,
    null: `${TAG}null`,
    timestamp: `${TAG}timestamp`,
    binary: `${TAG}binary`,
    merge: `${TAG}merge`
};
const RESOLVABLE = new Set(['', TAGS.str, TAGS.bool, TAGS.int, TAGS.float, TAGS.null, TAGS.timestamp]);
/** Words go-yaml v2 resolves by table, and the tag each resolves to. */
const WORDS = new Map();
const words = (tag, value, list) => {
    for (const w of list.split(' '))
        WORDS.set(w, { tag, value });
};
words(TAGS.bool, true, 'y Y yes Yes YES true True TRUE on On ON');
words(TAGS.bool, false, 'n N no No NO false False FALSE off Off OFF');
words(TAGS.null, null, '~ null Null NULL');
WORDS.set('', { tag: TAGS.null, value: null });
words(TAGS.float, NaN, '.nan .NaN .NAN');
words(TAGS.float, Infinity, '.inf .Inf .INF +.inf +.Inf +.INF');
words(TAGS.float, -Infinity, '-.inf -.Inf -.INF');
WORDS.set('<<', { tag: TAGS.merge, value: '<<' });
/** go-yaml's first-character hint: which resolutions are worth trying. */
function hint(text) {
    if (text === '')
        return 'word';
    const c = text[0];
    if (c === '+' || c === '-' || (c >= '0' && c <= '9'))
        return 'number';
    if ('yYnNtTfFoO~'.includes(c))
        return 'word';
    if (c === '.')
        return 'dot';
    return undefined;
}
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;
const DIGITS = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-fA-F]+$/ };
/** Go's strconv.ParseUint(s, 0, 64) or ParseInt(s, 0, 64) (signed): base prefixes 0x, 0o, 0b, 0. */
function goParseInt(s, signed) {
    let sign = 1n;
    let rest = s;
    if (signed && (rest[0] === '+' || rest[0] === '-')) {
        if (rest[0] === '-')
            sign = -1n;
        rest = rest.slice(1);
    }
    if (rest === '')
        return undefined;
    let base = 10;
    if (rest[0] === '0') {
        const p = rest[1]?.toLowerCase();
        if (rest.length >= 3 && (p === 'b' || p === 'o' || p === 'x')) {
            base = p === 'b' ? 2 : p === 'o' ? 8 : 16;
            rest = rest.slice(2);
        }
        else {
            base = 8;
            rest = rest.slice(1);
            if (rest === '')
                return 0n;
        }
    }
    if (!DIGITS[base].test(rest))
        return undefined;
    const prefix = base === 2 ? '0b' : base === 8 ? '0o' : base === 16 ? '0x' : '';
    const n = sign * BigInt(prefix + rest);
    if (signed ? n < INT64_MIN || n > INT64_MAX : n > UINT64_MAX)
        return undefined;
    return n;
}
/** Go's strconv.ParseFloat(s, 64) for the decimal forms go-yaml lets through; undefined on
 * overflow (Go reports ErrRange and go-yaml then keeps the text as a string). */
function goParseFloat(s) {
    if (!/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(s))
        return undefined;
    const n = Number(s);
    return Number.isFinite(n) ? n : undefined;
}
/** The date forms go-yaml v2 recognizes (YYYY-M-D, optionally with a time); kept as strings. */
const TIMESTAMP = /^\d{4}-\d{1,2}-\d{1,2}(?:(?:[Tt]| )\d{1,2}:\d{1,2}:\d{1,2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})?)?$/;
function resolvePlain(tag, text) {
    const h = hint(text);
    if (h === undefined || tag === TAGS.str)
        return { tag: TAGS.str, value: text };
    const word = WORDS.get(text);
    if (word)
        return word;
    if (h === 'dot') {
        const f = goParseFloat(text);
        if (f !== undefined)
            return { tag: TAGS.float, value: f };
    }
    else if (h === 'number') {
        if ((tag === '' || tag === TAGS.timestamp) && TIMESTAMP.test(text))
            return { tag: TAGS.timestamp, value: text };
        const plain = text.replace(/_/g, '');
        const int = goParseInt(plain, true) ?? goParseInt(plain, false);
        if (int !== undefined)
            return { tag: TAGS.int, value: int };
        const f = goParseFloat(plain);
        if (f !== undefined)
            return { tag: TAGS.float, value: f };
        const binary = /^(-?)0b([01]+)$/.exec(plain);
        if (binary) {
            const n = BigInt(`0b${binary[2]}`) * (binary[1] ? -1n : 1n);
            if (n >= INT64_MIN && n <= UINT64_MAX)
                return { tag: TAGS.int, value: n };
        }
    }
    return { tag: TAGS.str, value: text };
}
const short = (tag) => (tag.startsWith(TAG) ? `!!${tag.slice(TAG.length)}` : tag);
/**
 * What go-yaml v2 makes of a scalar: `text` is its value (quotes and escapes already resolved),
 * `plain` whether it was written without quotes or block indicators, `tag` its explicit tag (long
 * form, `tag:yaml.org,2002:int`) if any. Throws ScalarError where go-yaml fails.
 */
function resolveScalar(text, plain, tag) {
    if (!tag && !plain)
        return text;
    const given = tag ?? '';
    if (given === TAGS.binary) {
        const clean = text.replace(/\s/g, '');
        if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(clean))
            throw new ScalarError('!!binary value contains invalid base64 data');
        return Buffer.from(clean, 'base64').toString('latin1');
    }
    if (!RESOLVABLE.has(given))
        return text;
    const resolved = resolvePlain(given, text);
    if (given === '' || given === resolved.tag || given === TAGS.str)
        return resolved.value;
    if (given === TAGS.float && resolved.tag === TAGS.int)
        return Number(resolved.value);
    throw new ScalarError(`cannot decode ${short(resolved.tag)} \`${text}\` as a ${short(given)}`);
}
/** Whether a mapping key is go-yaml's merge key (`<<` written plain, or tagged !!merge). */
function isMergeKey(text, plain, tag) {
    return text === '<<' && ((plain && !tag) || tag === TAGS.merge);
}
/** A float as Go's encoding/json prints it (shortest form; exponent below 1e-6 and from 1e21). */
function jsonFloat(f) {
    if (!Number.isFinite(f))
        throw new ScalarError(`json: unsupported value: ${f}`);
    return Object.is(f, -0) ? '-0' : String(f);
}
/**
 * A resolved scalar used as a mapping key, as sigs.k8s.io/yaml names it in JSON: booleans and
 * numbers become their text (floats in Go's float32 %g form). Null keys are refused there.
 */
function jsonKey(value) {
    if (value === null)
        throw new ScalarError('unsupported map key of type: <nil>');
    if (typeof value === 'string')
        return value;
    if (typeof value === 'boolean' || typeof value === 'bigint')
        return String(value);
    if (Number.isNaN(value))
        return '.nan';
    if (!Number.isFinite(value))
        return value > 0 ? '.inf' : '-.inf';
    return float32G(value);
}
/** strconv.FormatFloat(f, 'g', -1, 32): the shortest digits that read back as the same float32. */
function float32G(f) {
    const f32 = Math.fround(f);
    if (f32 === 0)
        return Object.is(f32, -0) ? '-0' : '0';
    let digits = '';
    let exp = 0;
    for (let p = 1; p <= 9; p++) {
        const e = f32.toExponential(p - 1);
        if (Math.fround(Number(e)) === f32) {
            const [m, x] = e.split('e');
            digits = m.replace('-', '').replace('.', '');
            exp = Number(x);
            break;
        }
    }
    const sign = f32 < 0 ? '-' : '';
    // %g with the shortest precision switches to an exponent below 1e-4 and from 1e6.
    if (exp < -4 || exp >= 6) {
        const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
        const e = Math.abs(exp);
        return `${sign}${mant}e${exp < 0 ? '-' : '+'}${e < 10 ? `0${e}` : e}`;
    }
    if (exp < 0)
        return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
    if (digits.length <= exp + 1)
        return `${sign}${digits}${'0'.repeat(exp + 1 - digits.length)}`;
    return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}


/***/ }),

/***/ 25625:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Rm: () => (/* binding */ log),
/* harmony export */   V9: () => (/* binding */ escapeCommandData),
/* harmony export */   a3: () => (/* binding */ formatDuration),
/* harmony export */   ml: () => (/* binding */ systemClock)
/* harmony export */ });
/* unused harmony export escapeLogLine */
/* harmony import */ var _workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(16137);
/* harmony import */ var _invisible_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(16288);
/**
 * The workflow log: the one module that writes to it. Every line the action prints can carry text
 * from outside (file names, tool output, finding text, policy values, URLs, GitHub's messages), and
 * the runner reads the step's output for workflow commands:
 *
 * - a line that starts with `::name::` (after leading whitespace) is a command: `::stop-commands::`
 *   silences every later command, `::add-mask::` hides text, `::error::` forges an annotation;
 * - the older form `##[name]data` is recognised anywhere in a line, not only at its start;
 * - the runner splits lines on `\n` and on a lone `\r`.
 *
 * So outside text must never add a line, start a line or contain `##[`. Plain lines (info) are
 * escaped here exactly as @actions/core escapes command data (`%` → `%25`, `\r` → `%0D`,
 * `\n` → `%0A`); command messages (debug, notice, warning, error) are escaped by
 * workflow-commands.ts (as @actions/core does), so here they keep their line breaks and only lose
 * what is dangerous in every line. In both, a `:` that would begin a line is shown as `<U+003A>`,
 * `##[` as `#<U+0023>[`, control characters and invisible ones (bidi controls, zero-width; see
 * invisible.ts) as `<U+XXXX>`.
 *
 * eslint keeps the logging functions of workflow-commands.ts (and of @actions/core) out of every
 * other module (eslint.config.js).
 */


/** C0 and C1 controls except tab, LF and CR (handled apart): ESC starts the ANSI sequences the log
 * viewer renders, NEL (U+0085) and the rest have no business in a log line. */
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
/** The runner's legacy command prefix, found anywhere in a line (ActionCommand.TryParse). */
const LEGACY_PREFIX = /##\[/g;
/** A `:` after only whitespace (.NET's String.TrimStart also skips U+0085) begins a command. */
const COMMAND_START = /^([\s\u0085]*):/;
function visible(raw) {
    const text = typeof raw === 'string' ? raw : raw === undefined || raw === null ? '' : String(raw);
    return (0,_invisible_js__WEBPACK_IMPORTED_MODULE_1__/* .revealInvisible */ .h)(text).replace(CONTROLS, _invisible_js__WEBPACK_IMPORTED_MODULE_1__/* .codePointLabel */ .c);
}
/** One line made inert: no legacy command anywhere, no `::` command at its start. */
function inertLine(line) {
    return line.replace(LEGACY_PREFIX, '#<U+0023>[').replace(COMMAND_START, '$1<U+003A>');
}
/**
 * Text for a plain log line (core.info): exactly one line, which the runner reads as no command.
 * `%`, `\r` and `\n` are escaped as @actions/core's escapeData does, so `%0A` in the log always
 * means a line break that was in the text, and `%25` a percent sign.
 */
function escapeLogLine(raw) {
    const escaped = visible(raw).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
    return inertLine(escaped);
}
/**
 * Text for a command's message (debug, notice, warning, error, setFailed). workflow-commands.ts
 * escapes `%`, `\r` and `\n` in it, so line breaks are kept (a failure can show a tool's last
 * lines); every line is made inert for the reader who sees the decoded message in the log.
 */
function escapeCommandData(raw) {
    return visible(raw)
        .split(/\r\n|\r|\n/)
        .map(inertLine)
        .join('\n');
}
function properties(place) {
    if (!place)
        return {};
    return {
        ...(place.title !== undefined ? { title: escapeCommandData(place.title).replace(/\n/g, ' ') } : {}),
        ...(place.file !== undefined ? { file: place.file } : {}),
        ...(place.startLine !== undefined ? { startLine: place.startLine } : {}),
        ...(place.endLine !== undefined ? { endLine: place.endLine } : {})
    };
}
const systemClock = {
    now: () => performance.now(),
    every: (ms, tick) => {
        const timer = setInterval(tick, ms);
        // A progress line must never keep the process alive on its own.
        timer.unref();
        return () => clearInterval(timer);
    }
};
/** "0.4 s", "12.3 s", "2 min 05 s": how long something took, as the log and the verdict say it. */
function formatDuration(ms) {
    const seconds = Math.max(0, ms) / 1000;
    if (seconds < 60)
        return `${seconds.toFixed(1)} s`;
    const whole = Math.round(seconds);
    return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
}
/** Whether a group is open: the runner cannot nest them, so an inner one becomes a plain line. */
let groupOpen = false;
/**
 * Runs `work` inside a collapsible group of the log (core.group). The title is outside text like any
 * other (an image reference, a file name): escaped as a command's message, on one line. Groups do
 * not nest in the runner's log, so a group asked for inside another is a plain line instead.
 */
async function group(title, work) {
    const line = escapeCommandData(title).replace(/\n/g, ' ');
    if (groupOpen) {
        _workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(escapeLogLine(title));
        return work();
    }
    groupOpen = true;
    _workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .startGroup */ .Oh(line);
    try {
        return await work();
    }
    finally {
        _workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .endGroup */ .N4();
        groupOpen = false;
    }
}
/**
 * One stage of the step in its own group: `work` logs what it does, and the group's last line says
 * what came of it (`done`, e.g. "3 Dockerfiles, 1 manifest") and how long it took.
 */
async function stage(title, work, options = {}) {
    const clock = options.clock ?? systemClock;
    return group(title, async () => {
        const started = clock.now();
        const result = await work();
        const what = options.done?.(result);
        _workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(escapeLogLine(`${what ? `${what}; ` : ''}done in ${formatDuration(clock.now() - started)}.`));
        return result;
    });
}
/** The log, for every module: the one Logger the action runs with. */
const log = {
    debug: (message) => _workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz(escapeCommandData(message)),
    info: (message) => _workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(escapeLogLine(message)),
    notice: (message, place) => _workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .notice */ .lm(escapeCommandData(message), properties(place)),
    warning: (message, place) => _workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(escapeCommandData(message), properties(place)),
    error: (message, place) => _workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .error */ .z3(escapeCommandData(message), properties(place)),
    /** Masks a secret in everything printed after this (core.setSecret). */
    mask: (secret) => _workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(secret),
    group,
    stage
};


/***/ }),

/***/ 89079:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   dA: () => (/* binding */ utcDay),
/* harmony export */   ec: () => (/* binding */ MS_PER_DAY),
/* harmony export */   kh: () => (/* binding */ isoDay),
/* harmony export */   s6: () => (/* binding */ isIsoDate)
/* harmony export */ });
/**
 * Whole UTC days, the unit of every date the policy works with: grace periods, ignore expiries
 * (an entry applies through its whole `expires` day), dates written in policy files.
 */
const MS_PER_DAY = 86_400_000;
/** Midnight UTC of the day `date` falls on, as epoch milliseconds. */
function utcDay(date) {
    return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
}
/** YYYY-MM-DD of an epoch-milliseconds time, in UTC. */
function isoDay(ms) {
    return new Date(ms).toISOString().slice(0, 10);
}
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** True for a real calendar date written YYYY-MM-DD (2024-02-30 is not one). */
function isIsoDate(text) {
    const m = DATE.exec(text);
    if (!m)
        return false;
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    return d.toISOString().slice(0, 10) === text;
}


/***/ }),

/***/ 66794:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   G4: () => (/* binding */ defaultPolicy),
/* harmony export */   iu: () => (/* binding */ applyOverrides),
/* harmony export */   tf: () => (/* binding */ kindLabel)
/* harmony export */ });
/* harmony import */ var _findings_model_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(99971);
/* harmony import */ var _findings_severity_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(65131);
/**
 * The built-in policy (the design document's tiers) and the action inputs that override a policy.
 */


/** The grace period the design document gives HIGH findings before they block. */
const DEFAULT_GRACE_DAYS = 30;
/** Vulnerabilities and secrets: CRITICAL blocks, HIGH blocks after 30 days, MEDIUM and UNKNOWN are
 * recorded, LOW is ignored. UNKNOWN is recorded rather than ignored because "the scanner could not
 * rate it" is not evidence that it is harmless. */
function vulnTiers() {
    return {
        CRITICAL: { action: 'block' },
        HIGH: { action: 'block', afterDays: DEFAULT_GRACE_DAYS },
        MEDIUM: { action: 'record' },
        LOW: { action: 'ignore' },
        UNKNOWN: { action: 'record' }
    };
}
/** Misconfigurations get the same table: Trivy rates a privileged container CRITICAL/HIGH, and the
 * design document's admission stage denies exactly those. */
function misconfigTiers() {
    return vulnTiers();
}
/** hadolint has no CRITICAL; its parser maps error → HIGH, warning → MEDIUM, info/style → LOW.
 * Lint never blocks by default: hadolint's "error" level mostly means "this will not build the way
 * you think" (DL3000-series style rules), which the build itself reveals, and the design document
 * only asks that the Dockerfile is linted and reported. A team that wants lint to gate sets
 * `lint: { HIGH: block }` or the `fail-on` input. */
function lintTiers() {
    return {
        CRITICAL: { action: 'block' },
        HIGH: { action: 'warn' },
        MEDIUM: { action: 'record' },
        LOW: { action: 'ignore' },
        UNKNOWN: { action: 'record' }
    };
}
/** Files and documents in scope that could not be judged (CG-NOT-CHECKED, always CRITICAL): they
 * block, because an unchecked manifest may hide exactly what the other rules deny. A policy can
 * lower the tier, e.g. `coverage: { CRITICAL: warn }`. */
function coverageTiers() {
    return vulnTiers();
}
/** Signature findings (CG-SIGNATURE-*, always CRITICAL): a signature the policy requires is
 * missing, made by someone else, or could not be verified, and each blocks like the other rules
 * the policy requires. A policy can lower the tier, e.g. `signatures: { CRITICAL: warn }`. */
function signatureTiers() {
    return vulnTiers();
}
/** The policy in force when the repository has no policy file. A fresh value on every call, so a
 * caller may not accidentally mutate the defaults another caller sees. */
function defaultPolicy() {
    return {
        source: 'built-in defaults',
        tiers: {
            vuln: vulnTiers(),
            secret: vulnTiers(),
            misconfig: misconfigTiers(),
            lint: lintTiers(),
            coverage: coverageTiers(),
            signature: signatureTiers()
        },
        ignoreUnfixed: true,
        ignores: [],
        baseImages: { allow: [], requireDigest: false },
        admission: {
            denyPrivileged: true,
            requireLimits: ['cpu', 'memory'],
            requireReadOnlyRootFilesystem: false,
            requireNetworkPolicy: false,
            exemptImages: []
        },
        signatures: [],
        monitor: { failOnRebuild: false }
    };
}
/**
 * Applies the `fail-on` and `ignore-unfixed` inputs. `fail-on: X` is a blunt threshold, so for every
 * finding kind: severities at or above X block at once (no grace), severities below X that used to
 * block are only recorded, and warn/record/ignore tiers below X stay as the policy wrote them.
 * Returns a new policy; the argument is not modified.
 */
function applyOverrides(policy, overrides) {
    const { failOn, ignoreUnfixed } = overrides;
    const tiers = { ...policy.tiers };
    if (failOn !== undefined) {
        for (const kind of _findings_model_js__WEBPACK_IMPORTED_MODULE_0__/* .FINDING_KINDS */ .mH)
            tiers[kind] = thresholdTable(policy.tiers[kind], failOn);
    }
    const sources = [
        failOn !== undefined ? `fail-on=${failOn}` : '',
        ignoreUnfixed !== undefined ? `ignore-unfixed=${ignoreUnfixed}` : ''
    ]
        .filter(Boolean)
        .join(', ');
    return {
        ...policy,
        source: sources ? `${policy.source} (overridden by input ${sources})` : policy.source,
        tiers,
        ignoreUnfixed: ignoreUnfixed ?? policy.ignoreUnfixed
    };
}
function thresholdTable(table, failOn) {
    const out = {};
    for (const severity of _findings_severity_js__WEBPACK_IMPORTED_MODULE_1__/* .SEVERITIES */ .oC) {
        const tier = table[severity];
        let next;
        if ((0,_findings_severity_js__WEBPACK_IMPORTED_MODULE_1__/* .isAtLeastAsSevere */ .TP)(severity, failOn))
            next = { action: 'block' };
        else if (tier.action === 'block')
            next = { action: 'record' };
        else
            next = { ...tier };
        out[severity] = next;
    }
    return out;
}
/** Plural noun for a kind, used in decision rules ("CRITICAL vulnerabilities block"). */
function kindLabel(kind) {
    switch (kind) {
        case 'vuln':
            return 'vulnerabilities';
        case 'misconfig':
            return 'misconfigurations';
        case 'lint':
            return 'Dockerfile lint findings';
        case 'secret':
            return 'secrets';
        case 'coverage':
            return 'unchecked files';
        case 'signature':
            return 'signature findings';
    }
}


/***/ }),

/***/ 9997:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  _3: () => (/* binding */ evaluate),
  vW: () => (/* binding */ triggersRebuild)
});

// UNUSED EXPORTS: deadlineFor

// EXTERNAL MODULE: ./src/findings/model.ts
var model = __webpack_require__(99971);
// EXTERNAL MODULE: ./src/findings/severity.ts
var severity = __webpack_require__(65131);
// EXTERNAL MODULE: ./src/policy/defaults.ts
var defaults = __webpack_require__(66794);
// EXTERNAL MODULE: ./node_modules/minimatch/dist/esm/index.js + 6 modules
var esm = __webpack_require__(15273);
// EXTERNAL MODULE: ./src/findings/rule-id.ts
var rule_id = __webpack_require__(90046);
// EXTERNAL MODULE: ./src/policy/days.ts
var days = __webpack_require__(89079);
;// CONCATENATED MODULE: ./src/policy/ignores.ts
/**
 * Explicit ignores: which entries are still in force at `now`, and whether one covers a finding.
 * The same matching applies to findings from scans and from imported reports.
 */



/** An entry applies through the whole of its `expires` day (UTC) and stops at the next midnight. */
function isExpired(rule, now) {
    if (!rule.expires)
        return false;
    const end = Date.parse(`${rule.expires}T00:00:00Z`) + days/* MS_PER_DAY */.ec;
    return !(now.getTime() < end);
}
/** Splits the entries into those in force and those whose expiry has passed. */
function partitionIgnores(rules, now) {
    const active = [];
    const expired = [];
    for (const rule of rules)
        (isExpired(rule, now) ? expired : active).push(rule);
    return { active, expired };
}
const GLOB = { dot: true, nocomment: true, nonegate: true };
function globOrEqual(pattern, value) {
    if (value === undefined)
        return false;
    return value === pattern || (0,esm/* minimatch */.xF)(value, pattern, GLOB);
}
/** Whether a purl scope covers a package purl; a scope without `@version` covers every version, and
 * qualifiers (`?arch=…`) are ignored on both sides because Trivy prints them inconsistently. */
function purlMatches(scope, purl) {
    if (!purl)
        return false;
    const strip = (p) => p.split(/[?#]/)[0];
    const s = strip(scope);
    const p = strip(purl);
    if (s === p)
        return true;
    return !s.includes('@') && p.split('@')[0] === s;
}
/** True when `rule` covers `finding`: the ID (or one of its aliases) matches and every scope the
 * entry gives matches too. Path, image and target scopes accept globs (`*` stays within one `/`
 * segment, `**` crosses them). */
function ignoreMatches(rule, finding) {
    const id = (0,rule_id/* canonicalId */.iS)(rule.id);
    if (![finding.ruleId, ...finding.aliases].some(a => (0,rule_id/* canonicalId */.iS)(a) === id))
        return false;
    if (rule.kinds && !rule.kinds.includes(finding.kind))
        return false;
    if (rule.package !== undefined) {
        const pkg = finding.package;
        if (!pkg || !(pkg.name === rule.package || purlMatches(rule.package, pkg.purl)))
            return false;
    }
    if (rule.purl !== undefined && !purlMatches(rule.purl, finding.package?.purl))
        return false;
    if (rule.path !== undefined &&
        !(globOrEqual(rule.path, finding.file) || globOrEqual(rule.path, finding.target)))
        return false;
    if (rule.image !== undefined &&
        !(globOrEqual(rule.image, finding.image) || globOrEqual(rule.image, finding.subject)))
        return false;
    if (rule.target !== undefined && !globOrEqual(rule.target, finding.target))
        return false;
    return true;
}

;// CONCATENATED MODULE: ./src/policy/evaluate.ts
/**
 * The one decision point: every finding, the policy and the clock in, one Verdict out. Pure — the
 * same arguments always give the same verdict — so the gate, the SARIF levels, the summary and the
 * comment can never disagree.
 */





/** How many blocking findings the one-line reason names before "and N more". */
const REASON_LIMIT = 5;
/** When this repository first saw the finding (a date), if the reporter knows. */
function firstSeenOf(map, finding) {
    const value = map?.get((0,model/* findingKey */.fl)(finding));
    return value && !Number.isNaN(Date.parse(value)) ? value : undefined;
}
/**
 * When a finding with a grace period starts to block. The clock starts at the first time this
 * repository saw the finding when known (its code-scanning alert), else when the advisory was
 * published, else today — the earliest fact that says "you could have known". Days are whole UTC
 * days: a finding first seen on 2024-01-01 with 30 days of grace blocks from 2024-01-31.
 */
function deadlineFor(finding, afterDays, context, now) {
    const firstSeen = firstSeenOf(context.firstSeen, finding);
    const published = finding.publishedDate && !Number.isNaN(Date.parse(finding.publishedDate))
        ? finding.publishedDate
        : undefined;
    let clock;
    let start;
    if (firstSeen)
        [clock, start] = ['first-seen', new Date(firstSeen)];
    else if (published)
        [clock, start] = ['published', new Date(published)];
    else
        [clock, start] = ['now', now];
    const blocksOnMs = (0,days/* utcDay */.dA)(start) + afterDays * days/* MS_PER_DAY */.ec;
    return {
        clock,
        clockDate: (0,days/* isoDay */.kh)((0,days/* utcDay */.dA)(start)),
        blocksOn: (0,days/* isoDay */.kh)(blocksOnMs),
        daysLeft: Math.round((blocksOnMs - (0,days/* utcDay */.dA)(now)) / days/* MS_PER_DAY */.ec)
    };
}
const CLOCK_WORDS = {
    'first-seen': 'first seen',
    published: 'published',
    now: 'first seen today'
};
function describeClock(d) {
    return d.clock === 'now' ? CLOCK_WORDS.now : `${CLOCK_WORDS[d.clock]} ${d.clockDate}`;
}
function decideByTier(finding, tier, context, now) {
    const what = `${finding.severity} ${(0,defaults/* kindLabel */.tf)(finding.kind)}`;
    switch (tier.action) {
        case 'block': {
            if (!tier.afterDays)
                return { action: 'block', rule: `${what} block` };
            const deadline = deadlineFor(finding, tier.afterDays, context, now);
            if (deadline.daysLeft > 0) {
                const days = deadline.daysLeft === 1 ? '1 day' : `${deadline.daysLeft} days`;
                return {
                    action: 'warn',
                    rule: `${what} block after ${tier.afterDays} days: ${days} left (${describeClock(deadline)}, blocks on ${deadline.blocksOn})`,
                    deadline
                };
            }
            return {
                action: 'block',
                rule: `${finding.severity} past its ${tier.afterDays}-day deadline (${describeClock(deadline)}, blocking since ${deadline.blocksOn})`,
                deadline
            };
        }
        case 'warn':
            return { action: 'warn', rule: `${what} warn` };
        case 'record':
            return { action: 'record', rule: `${what} are recorded` };
        case 'ignore':
            return { action: 'ignore', rule: `${what} are ignored` };
    }
}
function suppression(finding, policy, active) {
    const rule = active.find(r => ignoreMatches(r, finding));
    if (rule)
        return { source: rule.source, reason: rule.reason, ...(rule.expires ? { expires: rule.expires } : {}) };
    if (policy.ignoreUnfixed && finding.kind === 'vuln' && !(0,model/* hasFix */.EQ)(finding)) {
        return { source: 'ignore-unfixed', reason: 'no fixed version is available yet' };
    }
    return undefined;
}
/** Decides one finding. */
function decide(finding, policy, context, now, activeIgnores = partitionIgnores(policy.ignores, now).active) {
    const suppressedBy = suppression(finding, policy, activeIgnores);
    if (suppressedBy) {
        const rule = suppressedBy.source === 'ignore-unfixed'
            ? 'unfixed, ignored (ignore-unfixed)'
            : `ignored by ${suppressedBy.source}: ${suppressedBy.reason}`;
        return { finding, action: 'ignore', rule, suppressedBy };
    }
    return { finding, ...decideByTier(finding, policy.tiers[finding.kind][finding.severity], context, now) };
}
/** True when a decision means "rebuild the image": a base (OS) package with a fixable CRITICAL
 * vulnerability that the policy does not ignore. HIGH and MEDIUM are batched, never triggering. */
function triggersRebuild(d) {
    const f = d.finding;
    return (d.action !== 'ignore' &&
        f.kind === 'vuln' &&
        f.severity === 'CRITICAL' &&
        f.package?.class === 'os-pkgs' &&
        (0,model/* hasFix */.EQ)(f));
}
function label(d) {
    const f = d.finding;
    const where = f.package
        ? ` in ${f.package.name}`
        : f.file
            ? ` in ${f.file}${f.startLine ? `:${f.startLine}` : ''}`
            : '';
    return `${f.ruleId}${where} (${d.rule})`;
}
function listed(decisions) {
    const shown = decisions.slice(0, REASON_LIMIT).map(label).join(', ');
    const more = decisions.length - REASON_LIMIT;
    return more > 0 ? `${shown} and ${more} more` : shown;
}
function countsText(counts) {
    return severity/* SEVERITIES */.oC.map(s => `${counts[s]} ${s}`).join(', ');
}
function plural(n, word) {
    return `${n} ${word}${n === 1 ? '' : 's'}`;
}
/** Most severe first, then by rule ID, so reasons and reports are stable across runs. */
function severityThenRuleId(a, b) {
    return ((0,severity/* compareSeverity */.zK)(a.finding.severity, b.finding.severity) ||
        a.finding.ruleId.localeCompare(b.finding.ruleId));
}
/**
 * Decides every finding. In `gate` mode the outcome fails when any finding blocks; in `monitor` mode
 * (scheduled runs on published images) blocking findings are still reported, but the outcome fails
 * only when the policy's `monitor.failOnRebuild` is set and a rebuild is required.
 */
function evaluate(findings, policy, context, now) {
    const { active, expired } = partitionIgnores(policy.ignores, now);
    const decisions = findings.map(f => decide(f, policy, context, now, active));
    const blocking = decisions.filter(d => d.action === 'block').sort(severityThenRuleId);
    const warnings = decisions.filter(d => d.action === 'warn').sort(severityThenRuleId);
    const counts = (0,severity/* zeroSeverityCounts */.cb)();
    for (const d of decisions)
        if (!d.suppressedBy)
            counts[d.finding.severity]++;
    const rebuilds = decisions.filter(triggersRebuild).sort(severityThenRuleId);
    const rebuildRequired = rebuilds.length > 0;
    const ignored = decisions.filter(d => d.action === 'ignore').length;
    const tail = `${countsText(counts)}; ${plural(warnings.length, 'warning')}, ${ignored} ignored`;
    let outcome;
    let reason;
    if (context.mode === 'monitor') {
        outcome = policy.monitor.failOnRebuild && rebuildRequired ? 'fail' : 'pass';
        reason = rebuildRequired
            ? `Rebuild required: ${rebuilds.length} fixable CRITICAL ${rebuilds.length === 1 ? 'vulnerability' : 'vulnerabilities'} in base OS packages: ${listed(rebuilds)}`
            : `No rebuild required (no fixable CRITICAL in base OS packages; ${tail})`;
    }
    else {
        outcome = blocking.length > 0 ? 'fail' : 'pass';
        reason =
            blocking.length > 0
                ? `${plural(blocking.length, 'finding')} ${blocking.length === 1 ? 'blocks' : 'block'}: ${listed(blocking)}`
                : `No finding blocks (${tail})`;
    }
    return {
        outcome,
        reason,
        decisions,
        blocking,
        warnings,
        counts,
        expiredIgnores: expired,
        rebuildRequired,
        mode: context.mode
    };
}


/***/ }),

/***/ 54231:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   W: () => (/* binding */ COMMENT_LIMIT),
/* harmony export */   w: () => (/* binding */ renderComment)
/* harmony export */ });
/* harmony import */ var _findings_severity_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(65131);
/* harmony import */ var _markdown_links_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83331);
/* harmony import */ var _markdown_assemble_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(95516);
/* harmony import */ var _markdown_blocks_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(53294);
/* harmony import */ var _headline_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(14512);
/* harmony import */ var _markdown_cells_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(92815);
/* harmony import */ var _markdown_signing_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(44241);
/* harmony import */ var _markdown_escape_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(19587);








/** GitHub refuses comment bodies over 65,536 characters: the one place that says so (github/
 * comment.ts cuts anything longer as a last guard). */
const COMMENT_LIMIT = 65_536;
/** A link we built from the run's own context (server URL, owner, repo): the rule of markdown/links.ts. */
function trustedLink(label, url) {
    return (0,_markdown_links_js__WEBPACK_IMPORTED_MODULE_0__/* .markdownLink */ .iQ)(label, url, _markdown_links_js__WEBPACK_IMPORTED_MODULE_0__/* .CONTEXT_LINK */ .nh);
}
function addedBlock(diff, base) {
    const list = [...diff.added].sort(_markdown_cells_js__WEBPACK_IMPORTED_MODULE_3__/* .compareDecisions */ .nU);
    const action = { block: '❌ blocks', warn: '⚠️ warns', record: 'recorded', ignore: 'ignored' };
    return {
        head: `\n#### New compared with ${base} (${list.length})\n\n` +
            (diff.notCompared > 0
                ? `_${diff.notCompared === 1 ? '1 finding is' : `${diff.notCompared} findings are`} in categories ${base} has no analysis for yet, so ${diff.notCompared === 1 ? 'it is' : 'they are'} not compared._\n\n`
                : '') +
            (diff.unread > 0
                ? `_${base} has more code-scanning alerts than were read, so the comparison is partial: ${diff.unread === 1 ? '1 finding matches' : `${diff.unread} findings match`} none of those read and ${diff.unread === 1 ? 'is' : 'are'} not counted as new._\n\n`
                : '') +
            (list.length === 0
                ? '_Nothing new._\n'
                : `| Severity | ${(0,_markdown_cells_js__WEBPACK_IMPORTED_MODULE_3__/* .ruleHeader */ .oS)(list.map(d => d.finding.ruleId))} | Where | Package | Installed → fixed | Decision |\n|---|---|---|---|---|---|\n`),
        rows: (0,_markdown_assemble_js__WEBPACK_IMPORTED_MODULE_6__/* .rowsOf */ .RO)(list, d => (0,_markdown_cells_js__WEBPACK_IMPORTED_MODULE_3__/* .findingRow */ .ex)(d, action[d.action])),
        moreLabel: n => `${n} more new findings`
    };
}
function fixedBlock(fixed, base, serverUrl) {
    const alertLink = (a) => serverUrl && a.htmlUrl.startsWith(serverUrl.replace(/\/+$/, '') + '/')
        ? trustedLink(`#${a.number}`, a.htmlUrl)
        : `#${a.number}`;
    return {
        head: `\n#### Fixed compared with ${base} (${fixed.length})\n\n` +
            (fixed.length === 0
                ? '_Nothing fixed._\n'
                : `| Severity | ${(0,_markdown_cells_js__WEBPACK_IMPORTED_MODULE_3__/* .ruleHeader */ .oS)(fixed.map(a => a.ruleId))} | Where | Alert |\n|---|---|---|---|\n`),
        rows: (0,_markdown_assemble_js__WEBPACK_IMPORTED_MODULE_6__/* .rowsOf */ .RO)(fixed, a => {
            const sev = a.severity ? (0,_markdown_cells_js__WEBPACK_IMPORTED_MODULE_3__/* .severityCell */ .kY)((0,_findings_severity_js__WEBPACK_IMPORTED_MODULE_7__/* .normalizeSeverity */ .lv)(a.severity)) : '—';
            return `| ${sev} | ${(0,_markdown_escape_js__WEBPACK_IMPORTED_MODULE_5__/* .escapeCell */ .kq)(a.ruleId)} | ${(0,_markdown_escape_js__WEBPACK_IMPORTED_MODULE_5__/* .escapeCell */ .kq)(a.path)} | ${alertLink(a)} |`;
        }),
        moreLabel: n => `${n} more fixed alerts`
    };
}
/** Renders the comment body (marker first), at most `limit` characters. */
function renderComment(verdict, meta) {
    const base = (0,_markdown_escape_js__WEBPACK_IMPORTED_MODULE_5__/* .escapeInline */ .VV)(meta.baseRef || 'the base branch', 100);
    const links = [];
    if (meta.codeScanningUrl)
        links.push(trustedLink('Code-scanning alerts for this pull request', meta.codeScanningUrl));
    if (meta.runUrl)
        links.push(trustedLink('workflow run and full job summary', meta.runUrl));
    if (meta.artifactUrl)
        links.push(trustedLink('SARIF and JSON report (artifact)', meta.artifactUrl));
    const footer = (0,_markdown_assemble_js__WEBPACK_IMPORTED_MODULE_6__/* .textBlock */ .fI)(`\n<sub>${[meta.commit ? `Commit ${(0,_markdown_escape_js__WEBPACK_IMPORTED_MODULE_5__/* .escapeInline */ .VV)(meta.commit, 40)}` : '', ...links].filter(Boolean).join(' · ')}</sub>\n`);
    const shortened = `This comment was shortened to fit GitHub's 65,536-character limit. The complete list is in ${meta.runUrl ? trustedLink("the run's job summary", meta.runUrl) : "the run's job summary"} and in code scanning.`;
    const parts = [
        (0,_markdown_assemble_js__WEBPACK_IMPORTED_MODULE_6__/* .textBlock */ .fI)(meta.marker + '\n'),
        _markdown_blocks_js__WEBPACK_IMPORTED_MODULE_1__/* .verdictBlock */ .be(verdict, (0,_headline_js__WEBPACK_IMPORTED_MODULE_2__/* .headline */ .Pl)(verdict)),
        footer,
        _markdown_blocks_js__WEBPACK_IMPORTED_MODULE_1__/* .severityTableBlock */ .XK(verdict, meta.subjects),
        _markdown_blocks_js__WEBPACK_IMPORTED_MODULE_1__/* .notesBlock */ .bY(meta.notes),
        (0,_markdown_signing_js__WEBPACK_IMPORTED_MODULE_4__/* .signingBlock */ .l)(meta.signing),
        ..._markdown_blocks_js__WEBPACK_IMPORTED_MODULE_1__/* .actionBlocks */ .Lj(verdict),
        meta.diff ? addedBlock(meta.diff, base) : undefined,
        meta.diff ? fixedBlock(meta.diff.fixed, base, meta.serverUrl) : undefined,
        ..._markdown_blocks_js__WEBPACK_IMPORTED_MODULE_1__/* .setAsideBlocks */ .vo(verdict)
    ];
    return (0,_markdown_assemble_js__WEBPACK_IMPORTED_MODULE_6__/* .assemble */ .fT)(parts, Math.min(meta.limit ?? COMMENT_LIMIT, COMMENT_LIMIT), shortened);
}


/***/ }),

/***/ 14512:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Pl: () => (/* binding */ headline),
/* harmony export */   Uq: () => (/* binding */ shortImage),
/* harmony export */   nf: () => (/* binding */ shortenPath)
/* harmony export */ });
/* unused harmony export describeGroups */
/* harmony import */ var _checks_admission_rules_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(86012);
/* harmony import */ var _findings_model_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(99971);
/* harmony import */ var _findings_severity_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(65131);
/* harmony import */ var _policy_evaluate_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9997);
/* harmony import */ var _markdown_escape_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(19587);
/**
 * The headline: one sentence a person takes in at once, the same in the job summary, the
 * pull-request comment, the log's verdict block and the step's error. It counts what blocks by kind
 * and says why and where ("4 findings block: 3 admission-rule violations in
 * examples/k8s/deployment.yaml, 1 fixable CRITICAL vulnerability in debian-vuln:1"); the tables list
 * every finding. Pure, and plain text: each reporter escapes it for where it goes. No finding ID is
 * named, so nothing is ever cut in the middle of one; places are shortened whole-segment first.
 */





/** Longest place (file path, image) the headline names; longer ones keep their last segments. */
const PLACE_MAX = 60;
/** Places a group names one by one; more become "in 3 files". */
const PLACES_NAMED = 2;
const plural = (n, why) => `${n} ${n === 1 ? why.one : why.many}`;
/** Why a blocking finding blocks, as a noun phrase for its kind of problem. */
function whyItBlocks(d) {
    const f = d.finding;
    const sev = f.severity;
    if (d.deadline) {
        const what = whyByKind(f);
        return { one: `${what.one} past its deadline`, many: `${what.many} past their deadline` };
    }
    if (f.kind === 'vuln') {
        return (0,_findings_model_js__WEBPACK_IMPORTED_MODULE_3__/* .hasFix */ .EQ)(f)
            ? { one: `fixable ${sev} vulnerability`, many: `fixable ${sev} vulnerabilities` }
            : { one: `${sev} vulnerability without a fix`, many: `${sev} vulnerabilities without a fix` };
    }
    return whyByKind(f);
}
function whyByKind(f) {
    const sev = f.severity;
    if (f.kind === 'coverage')
        return { one: 'unchecked file', many: 'unchecked files' };
    if (f.ruleId === 'CG-BASE-IMAGE-UNRESOLVED')
        return { one: 'base image that cannot be resolved', many: 'base images that cannot be resolved' };
    if (f.ruleId.startsWith('CG-BASE-IMAGE'))
        return { one: 'base-image rule violation', many: 'base-image rule violations' };
    if (f.subject === _checks_admission_rules_js__WEBPACK_IMPORTED_MODULE_0__/* .ADMISSION_SUBJECT */ .pk)
        return { one: 'admission-rule violation', many: 'admission-rule violations' };
    if (f.tool === 'gator')
        return { one: 'Gatekeeper constraint violation', many: 'Gatekeeper constraint violations' };
    switch (f.kind) {
        case 'vuln':
            return { one: `${sev} vulnerability`, many: `${sev} vulnerabilities` };
        case 'secret':
            return { one: `${sev} secret`, many: `${sev} secrets` };
        case 'lint':
            return { one: `${sev} Dockerfile lint finding`, many: `${sev} Dockerfile lint findings` };
        default:
            return { one: `${sev} misconfiguration`, many: `${sev} misconfigurations` };
    }
}
/** A path no longer than PLACE_MAX: whole trailing segments behind "…/", else cut in the middle. */
function shortenPath(path) {
    return (0,_markdown_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .shortenRun */ .HO)(path, PLACE_MAX);
}
/** An image by its last path segment ("debian-vuln:1"), a digest shown by its first 12 hex digits. */
function shortImage(ref) {
    const name = ref.slice(ref.lastIndexOf('/') + 1);
    return shortenPath(name.replace(/@sha256:([0-9a-f]{12})[0-9a-f]{52}$/, '@sha256:$1…'));
}
/** Where a finding is, in a few words: its repository file, else the image (or path) scanned. */
function placeOf(f, long) {
    if (f.file)
        return { text: shortenPath(f.file), isFile: true };
    const subject = f.image ?? f.subject;
    const looksLikeImage = f.kind === 'vuln' || f.kind === 'secret' || f.image !== undefined;
    return {
        text: looksLikeImage && !long ? shortImage(subject) : shortenPath(subject),
        isFile: !looksLikeImage
    };
}
/** "in a.yaml", "in a.yaml and b.yaml", "in 3 files" (images, places). */
function where(places) {
    const unique = [...new Map(places.map(p => [p.text, p])).values()].sort((a, b) => a.text < b.text ? -1 : a.text > b.text ? 1 : 0);
    if (unique.length <= PLACES_NAMED)
        return `in ${unique.map(p => p.text).join(' and ')}`;
    const noun = unique.every(p => p.isFile) ? 'files' : unique.every(p => !p.isFile) ? 'images' : 'places';
    return `in ${unique.length} ${noun}`;
}
/** Blocking decisions grouped by why they block, most severe first, then the largest group. */
function groupByWhy(decisions) {
    const groups = new Map();
    for (const d of decisions) {
        const why = whyItBlocks(d);
        const group = groups.get(why.one) ?? { why, decisions: [], severity: d.finding.severity };
        group.decisions.push(d);
        if ((0,_findings_severity_js__WEBPACK_IMPORTED_MODULE_4__/* .compareSeverity */ .zK)(d.finding.severity, group.severity) < 0)
            group.severity = d.finding.severity;
        groups.set(why.one, group);
    }
    return [...groups.values()].sort((a, b) => (0,_findings_severity_js__WEBPACK_IMPORTED_MODULE_4__/* .severityRank */ .qs)(a.severity) - (0,_findings_severity_js__WEBPACK_IMPORTED_MODULE_4__/* .severityRank */ .qs)(b.severity) ||
        b.decisions.length - a.decisions.length ||
        (a.why.one < b.why.one ? -1 : 1));
}
/**
 * "3 admission-rule violations in examples/k8s/deployment.yaml, 1 fixable CRITICAL vulnerability in
 * debian-vuln:1". Two images whose short names collide are named in full.
 */
function describeGroups(decisions) {
    const shortNames = new Map();
    for (const d of decisions) {
        const f = d.finding;
        if (f.file)
            continue;
        const short = shortImage(f.image ?? f.subject);
        shortNames.set(short, (shortNames.get(short) ?? new Set()).add(f.image ?? f.subject));
    }
    const ambiguous = (f) => (shortNames.get(shortImage(f.image ?? f.subject))?.size ?? 0) > 1;
    return groupByWhy(decisions)
        .map(g => `${plural(g.decisions.length, g.why)} ${where(g.decisions.map(d => placeOf(d.finding, ambiguous(d.finding))))}`)
        .join(', ');
}
const FINDING = { one: 'finding', many: 'findings' };
function passHeadline(verdict) {
    const parts = [];
    const warnings = verdict.warnings;
    if (warnings.length > 0) {
        const deadlines = warnings.flatMap(w => (w.deadline ? [w.deadline.blocksOn] : [])).sort();
        const first = deadlines[0];
        const when = first
            ? `the first blocks on ${first}`
            : warnings.length === 1
                ? 'no deadline — warns only'
                : 'no deadline — they warn only';
        parts.push(`${plural(warnings.length, { one: 'warning', many: 'warnings' })} (${when})`);
    }
    const recorded = verdict.decisions.filter(d => d.action === 'record').length;
    const ignored = verdict.decisions.filter(d => d.action === 'ignore').length;
    if (recorded > 0)
        parts.push(`${recorded} recorded`);
    if (ignored > 0)
        parts.push(`${ignored} ignored`);
    if (verdict.decisions.length === 0)
        return 'No finding blocks: nothing was found';
    return `No finding blocks: ${parts.join(', ')}`;
}
function monitorHeadline(verdict) {
    const rebuilds = verdict.decisions.filter(_policy_evaluate_js__WEBPACK_IMPORTED_MODULE_1__/* .triggersRebuild */ .vW);
    if (rebuilds.length === 0) {
        const counts = _findings_severity_js__WEBPACK_IMPORTED_MODULE_4__/* .SEVERITIES */ .oC.filter(s => verdict.counts[s] > 0).map(s => `${verdict.counts[s]} ${s}`);
        return `No rebuild required: no base (OS) package has a fixable CRITICAL vulnerability${counts.length ? ` (found: ${counts.join(', ')})` : ''}`;
    }
    return `Rebuild required: ${describeGroups(rebuilds).replace(/ in /, ' in the base (OS) packages of ')}`;
}
/** The one sentence for a verdict (plain text; the caller escapes it for markdown or the log). */
function headline(verdict) {
    if (verdict.mode === 'monitor')
        return monitorHeadline(verdict);
    const blocking = verdict.blocking;
    if (blocking.length === 0)
        return passHeadline(verdict);
    const verb = blocking.length === 1 ? 'blocks' : 'block';
    return `${plural(blocking.length, FINDING)} ${verb}: ${describeGroups(blocking)}`;
}


/***/ }),

/***/ 4225:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   N8: () => (/* binding */ JSON_REPORT_TOOL),
/* harmony export */   Xn: () => (/* binding */ JSON_REPORT_VERSION),
/* harmony export */   co: () => (/* binding */ JSON_REPORT_STREAMED),
/* harmony export */   kI: () => (/* binding */ jsonReportValue),
/* harmony export */   vZ: () => (/* binding */ describeRun)
/* harmony export */ });
/* unused harmony exports legName, renderJsonReport */
/**
 * The report format's version. 2 added `leg` and `baseImages`, which a fleet aggregate reads; an
 * aggregate reads only the version it was built with (the legs and the aggregate are one release).
 */
const JSON_REPORT_VERSION = 2;
/** What marks the file as container-gate's own report (a fleet aggregate refuses anything else). */
const JSON_REPORT_TOOL = 'container-gate';
/**
 * The name this run goes by in a fleet: the `leg-name` input, else the matrix entry's `name` (what
 * `mode: plan` writes), else the job's id followed by the matrix values.
 */
function legName(github, job = '') {
    if (github.legName !== '')
        return github.legName;
    let matrix;
    try {
        matrix = JSON.parse(github.matrix);
    }
    catch {
        matrix = null;
    }
    if (matrix === null || typeof matrix !== 'object' || Array.isArray(matrix))
        return job || 'default';
    const values = matrix;
    if (typeof values.name === 'string' && values.name !== '')
        return values.name;
    const parts = Object.keys(values)
        .sort()
        .map(k => (typeof values[k] === 'string' ? values[k] : JSON.stringify(values[k])));
    return [job, ...parts].filter(Boolean).join(' ') || 'default';
}
/** The inputs as the report states them: Maps as objects or lists, no token, no build-arg values. */
function describeRun(inputs) {
    const { tools } = inputs;
    return {
        images: inputs.images,
        imageInputs: inputs.imageInputs,
        dockerfiles: inputs.dockerfiles,
        hadolint: inputs.hadolint,
        platforms: inputs.platforms,
        buildArgs: [...inputs.buildArgs.keys()],
        configPaths: inputs.configPaths,
        manifests: inputs.manifests,
        gatekeeperPolicies: inputs.gatekeeperPolicies,
        reports: inputs.reports,
        failOn: inputs.failOn,
        ignoreUnfixed: inputs.ignoreUnfixed,
        mode: inputs.mode,
        fail: inputs.fail,
        summary: inputs.summary,
        github: inputs.github,
        policyPath: inputs.policyPath,
        tools: {
            versions: tools.versions,
            mirror: tools.mirror,
            cacheDb: tools.cacheDb,
            trivyDbRepositories: tools.trivyDbRepositories,
            trivyJavaDbRepositories: tools.trivyJavaDbRepositories,
            digests: Object.fromEntries(tools.digests),
            trustPathTools: tools.trustPathTools
        },
        warnings: inputs.warnings,
        notes: inputs.notes
    };
}
/**
 * The report as a value: what `renderJsonReport` writes. Its `findings` are made one at a time as
 * they are written (a generator), so writing them streamed (writeJsonFile in src/deliver.ts, with the path
 * JSON_REPORT_STREAMED) never holds a second copy of every finding.
 */
function jsonReportValue(run, verdict, meta) {
    return {
        tool: JSON_REPORT_TOOL,
        version: JSON_REPORT_VERSION,
        leg: legName(run.github, meta.job),
        generatedAt: meta.generatedAt.toISOString(),
        inputs: run,
        policy: meta.policySource,
        tools: meta.toolVersions,
        scans: meta.scans,
        imported: meta.imported,
        sarifFile: meta.sarifFile,
        baseImages: meta.baseImages ?? [],
        verdict: {
            outcome: verdict.outcome,
            reason: verdict.reason,
            counts: verdict.counts,
            rebuildRequired: verdict.rebuildRequired,
            blocking: verdict.blocking.length,
            warnings: verdict.warnings.length,
            expiredIgnores: verdict.expiredIgnores
        },
        findings: reportedFindings(verdict.decisions)
    };
}
/** Where the report's one large array is: written element by element. */
const JSON_REPORT_STREAMED = [['findings']];
function* reportedFindings(decisions) {
    for (const d of decisions) {
        yield {
            ...d.finding,
            decision: {
                action: d.action,
                rule: d.rule,
                ...(d.deadline ? { deadline: d.deadline } : {}),
                ...(d.suppressedBy ? { suppressedBy: d.suppressedBy } : {})
            }
        };
    }
}
/** The report as one text (`JSON.stringify(…, null, 2)`), for tests and small reports. */
function renderJsonReport(run, verdict, meta) {
    const value = jsonReportValue(run, verdict, meta);
    return JSON.stringify({ ...value, findings: [...value.findings] }, null, 2);
}


/***/ }),

/***/ 95516:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A3: () => (/* binding */ fixedRows),
/* harmony export */   RO: () => (/* binding */ rowsOf),
/* harmony export */   fI: () => (/* binding */ textBlock),
/* harmony export */   fT: () => (/* binding */ assemble)
/* harmony export */ });
/* unused harmony export sizeOf */
/**
 * Fitting markdown into a size limit (GitHub's 1 MiB job summary, 65,536-character comment): the
 * output is a list of blocks of table rows, rendered whole when it fits and shortened row by row,
 * with a visible note, when it does not. Rows are rendered on demand.
 */
function rowsOf(items, render) {
    return { length: items.length, get: index => render(items[index]) };
}
function fixedRows(rows) {
    return rowsOf(rows, row => row);
}
function textBlock(text) {
    return { head: text, rows: fixedRows([]) };
}
/** Size of a string as GitHub counts it; bytes are an upper bound for UTF-16 characters too. */
function sizeOf(text) {
    return Buffer.byteLength(text, 'utf8');
}
/**
 * Joins blocks in order within `limit` bytes. When a block does not fit, as many of its rows as fit
 * are kept and a line says how many were left out; later blocks are reduced to that line. A final
 * visible note says the output was shortened and where the rest is.
 */
function assemble(blocks, limit, shortenedNote) {
    const present = blocks.filter((b) => b !== undefined);
    const full = renderWhole(present, limit);
    if (full !== undefined)
        return full;
    const note = `\n> [!WARNING]\n> ${shortenedNote}\n`;
    // Room for the note and for one "N more" line per block, so the skeleton always fits.
    const moreLine = (b, n) => `| _… ${b.moreLabel ? b.moreLabel(n) : `${n} more`} not shown_ |\n`;
    let budget = limit - sizeOf(note) - present.reduce((sum, b) => sum + sizeOf(moreLine(b, 9_999_999)), 0);
    let out = '';
    let exhausted = false;
    for (const b of present) {
        const tail = b.tail ?? '';
        const headSize = sizeOf(b.head) + sizeOf(tail);
        if (exhausted || headSize > budget) {
            exhausted = true;
            if (b.rows.length > 0 && b.moreLabel)
                out += `\n_${b.moreLabel(b.rows.length)} not shown._\n`;
            continue;
        }
        budget -= headSize;
        out += b.head;
        let kept = 0;
        for (let i = 0; i < b.rows.length; i++) {
            const row = b.rows.get(i);
            const size = sizeOf(row) + 1;
            if (size > budget)
                break;
            out += row + '\n';
            budget -= size;
            kept++;
        }
        if (kept < b.rows.length) {
            out += moreLine(b, b.rows.length - kept);
            exhausted = true;
        }
        out += tail;
    }
    return out + note;
}
/** Every block in full, or undefined as soon as the text passes `limit` (rows beyond are never built). */
function renderWhole(blocks, limit) {
    const parts = [];
    let size = 0;
    const add = (text) => {
        parts.push(text);
        size += sizeOf(text);
        return size <= limit;
    };
    for (const b of blocks) {
        if (!add(b.head))
            return undefined;
        for (let i = 0; i < b.rows.length; i++)
            if (!add(b.rows.get(i) + '\n'))
                return undefined;
        if (!add(b.tail ?? ''))
            return undefined;
    }
    return parts.join('');
}


/***/ }),

/***/ 53294:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Lj: () => (/* binding */ actionBlocks),
/* harmony export */   XK: () => (/* binding */ severityTableBlock),
/* harmony export */   bY: () => (/* binding */ notesBlock),
/* harmony export */   be: () => (/* binding */ verdictBlock),
/* harmony export */   vo: () => (/* binding */ setAsideBlocks)
/* harmony export */ });
/* harmony import */ var _findings_severity_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(65131);
/* harmony import */ var _assemble_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(95516);
/* harmony import */ var _cells_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(92815);
/* harmony import */ var _escape_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(19587);




function table(columns) {
    return `| ${columns.join(' | ')} |\n|${columns.map(() => '---').join('|')}|\n`;
}
/** The first line: outcome, the headline (report/headline.ts) and, in monitor mode, whether a rebuild is due. */
function verdictBlock(verdict, headline) {
    const icon = verdict.outcome === 'fail' ? '❌' : verdict.warnings.length > 0 ? '⚠️' : '✅';
    // The headline is short by construction and never cut: a cut would land in the middle of a name.
    const lines = [`### ${icon} container-gate: ${verdict.outcome}`, '', (0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeInline */ .VV)(headline, 10_000)];
    if (verdict.rebuildRequired) {
        lines.push('', '🔁 **Rebuild required**: a base (OS) package has a CRITICAL vulnerability with a fix.');
    }
    return (0,_assemble_js__WEBPACK_IMPORTED_MODULE_2__/* .textBlock */ .fI)(lines.join('\n') + '\n');
}
/** Counts by severity per tool and subject over findings that were not suppressed. */
function severityTableBlock(verdict, subjects = []) {
    const rows = new Map();
    const rowFor = (tool, subject) => {
        const key = `${tool}\u0000${subject}`;
        let row = rows.get(key);
        if (!row) {
            row = { tool, subject, counts: (0,_findings_severity_js__WEBPACK_IMPORTED_MODULE_3__/* .zeroSeverityCounts */ .cb)() };
            rows.set(key, row);
        }
        return row;
    };
    for (const s of subjects)
        rowFor(s.tool, s.subject);
    for (const d of verdict.decisions) {
        if (!(0,_cells_js__WEBPACK_IMPORTED_MODULE_0__/* .isSuppressed */ .Bx)(d))
            rowFor(d.finding.tool, d.finding.subject).counts[d.finding.severity]++;
    }
    const sorted = [...rows.values()].sort((a, b) => (0,_cells_js__WEBPACK_IMPORTED_MODULE_0__/* .compareStrings */ .Kt)(a.tool, b.tool) || (0,_cells_js__WEBPACK_IMPORTED_MODULE_0__/* .compareStrings */ .Kt)(a.subject, b.subject));
    const head = table(['Tool', 'Subject', ..._findings_severity_js__WEBPACK_IMPORTED_MODULE_3__/* .SEVERITIES */ .oC.map(s => s.charAt(0) + s.slice(1).toLowerCase())]);
    const body = sorted.map(r => `| ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeCell */ .kq)(r.tool)} | ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeCell */ .kq)(r.subject)} | ${_findings_severity_js__WEBPACK_IMPORTED_MODULE_3__/* .SEVERITIES */ .oC.map(s => r.counts[s]).join(' | ')} |`);
    const total = `| **Total** | | ${_findings_severity_js__WEBPACK_IMPORTED_MODULE_3__/* .SEVERITIES */ .oC.map(s => `**${verdict.counts[s]}**`).join(' | ')} |`;
    return {
        head: '\n' + head,
        rows: (0,_assemble_js__WEBPACK_IMPORTED_MODULE_2__/* .fixedRows */ .A3)(sorted.length === 0 ? ['| _nothing scanned_ | | 0 | 0 | 0 | 0 | 0 |', total] : [...body, total]),
        moreLabel: n => `${n} more subjects`
    };
}
function decisionsOf(list) {
    return [...list].sort(_cells_js__WEBPACK_IMPORTED_MODULE_0__/* .compareDecisions */ .nU);
}
function blockingBlock(verdict) {
    if (verdict.blocking.length === 0)
        return undefined;
    const list = decisionsOf(verdict.blocking);
    return {
        head: `\n#### Blocking (${list.length})\n\n` +
            table([
                'Severity',
                (0,_cells_js__WEBPACK_IMPORTED_MODULE_0__/* .ruleHeader */ .oS)(list.map(d => d.finding.ruleId)),
                'Where',
                'Package',
                'Installed → fixed',
                'Why it blocks'
            ]),
        rows: (0,_assemble_js__WEBPACK_IMPORTED_MODULE_2__/* .rowsOf */ .RO)(list, d => (0,_cells_js__WEBPACK_IMPORTED_MODULE_0__/* .findingRow */ .ex)(d, (0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeCell */ .kq)(d.rule))),
        moreLabel: n => `${n} more blocking findings`
    };
}
function warningsBlock(verdict) {
    if (verdict.warnings.length === 0)
        return undefined;
    const list = [...verdict.warnings].sort((a, b) => (a.deadline?.daysLeft ?? Infinity) - (b.deadline?.daysLeft ?? Infinity) || (0,_cells_js__WEBPACK_IMPORTED_MODULE_0__/* .compareDecisions */ .nU)(a, b));
    return {
        head: `\n#### Warnings (${list.length})\n\n` +
            table([
                'Severity',
                (0,_cells_js__WEBPACK_IMPORTED_MODULE_0__/* .ruleHeader */ .oS)(list.map(d => d.finding.ruleId)),
                'Where',
                'Package',
                'Installed → fixed',
                'Deadline'
            ]),
        rows: (0,_assemble_js__WEBPACK_IMPORTED_MODULE_2__/* .rowsOf */ .RO)(list, d => (0,_cells_js__WEBPACK_IMPORTED_MODULE_0__/* .findingRow */ .ex)(d, (0,_cells_js__WEBPACK_IMPORTED_MODULE_0__/* .deadlineText */ ._z)(d))),
        moreLabel: n => `${n} more warnings`
    };
}
function ignoredBlock(verdict) {
    const list = decisionsOf(verdict.decisions.filter(_cells_js__WEBPACK_IMPORTED_MODULE_0__/* .isSuppressed */ .Bx));
    if (list.length === 0)
        return undefined;
    return {
        head: `\n#### Ignored (${list.length})\n\n` +
            table([
                'Severity',
                (0,_cells_js__WEBPACK_IMPORTED_MODULE_0__/* .ruleHeader */ .oS)(list.map(d => d.finding.ruleId)),
                'Where',
                'Package',
                'Reason',
                'Ignored by',
                'Expires'
            ]),
        rows: (0,_assemble_js__WEBPACK_IMPORTED_MODULE_2__/* .rowsOf */ .RO)(list, d => {
            const s = d.suppressedBy;
            return `| ${(0,_cells_js__WEBPACK_IMPORTED_MODULE_0__/* .severityCell */ .kY)(d.finding.severity)} | ${(0,_cells_js__WEBPACK_IMPORTED_MODULE_0__/* .ruleCell */ .VD)(d.finding)} | ${(0,_cells_js__WEBPACK_IMPORTED_MODULE_0__/* .whereCell */ .G6)(d.finding)} | ${(0,_cells_js__WEBPACK_IMPORTED_MODULE_0__/* .packageCell */ .Jt)(d.finding)} | ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeCell */ .kq)(s.reason)} | ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeCell */ .kq)(s.source, 80)} | ${s.expires ? (0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeInline */ .VV)(s.expires, 10) : '—'} |`;
        }),
        moreLabel: n => `${n} more ignored findings`
    };
}
function expiredIgnoresBlock(expired) {
    if (expired.length === 0)
        return undefined;
    return {
        head: `\n#### Expired ignores (${expired.length})\n\nThese entries no longer apply; renew them with a reason or remove them.\n\n` +
            table([(0,_cells_js__WEBPACK_IMPORTED_MODULE_0__/* .ruleHeader */ .oS)(expired.map(r => r.id)), 'Expired', 'Reason', 'Written in']),
        rows: (0,_assemble_js__WEBPACK_IMPORTED_MODULE_2__/* .rowsOf */ .RO)(expired, r => `| ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeCell */ .kq)(r.id)} | ${r.expires ? (0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeInline */ .VV)(r.expires, 10) : '—'} | ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeCell */ .kq)(r.reason)} | ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeCell */ .kq)(r.source, 80)} |`),
        moreLabel: n => `${n} more expired ignores`
    };
}
/** Findings folded away in a <details>: those the policy records, and those its tiers ignore. */
function foldedBlock(verdict, action, words) {
    const list = decisionsOf(verdict.decisions.filter(d => !(0,_cells_js__WEBPACK_IMPORTED_MODULE_0__/* .isSuppressed */ .Bx)(d) && d.action === action));
    if (list.length === 0)
        return undefined;
    return {
        head: `\n<details><summary>${words.title} (${list.length})</summary>\n\n${words.intro}` +
            table([
                'Severity',
                (0,_cells_js__WEBPACK_IMPORTED_MODULE_0__/* .ruleHeader */ .oS)(list.map(d => d.finding.ruleId)),
                'Where',
                'Package',
                'Installed → fixed',
                'Title'
            ]),
        rows: (0,_assemble_js__WEBPACK_IMPORTED_MODULE_2__/* .rowsOf */ .RO)(list, d => (0,_cells_js__WEBPACK_IMPORTED_MODULE_0__/* .findingRow */ .ex)(d, (0,_cells_js__WEBPACK_IMPORTED_MODULE_0__/* .titleOf */ .Gg)(d.finding))),
        tail: '\n</details>\n',
        moreLabel: n => `${n} more ${words.more}`
    };
}
function recordedBlock(verdict) {
    return foldedBlock(verdict, 'record', {
        title: 'Recorded, not blocking',
        intro: '',
        more: 'recorded findings'
    });
}
/** Severities the policy's tiers set to `ignore` (LOW by default): listed, never warning or blocking. */
function tierIgnoredBlock(verdict) {
    return foldedBlock(verdict, 'ignore', {
        title: "Ignored by the policy's tiers",
        intro: "_The policy's tiers ignore these severities: they are listed and counted, never warn or block._\n\n",
        more: 'findings ignored by tier'
    });
}
/** Notes from publishing; before the long tables so truncation never hides them. */
function notesBlock(notes) {
    if (!notes || notes.length === 0)
        return undefined;
    return (0,_assemble_js__WEBPACK_IMPORTED_MODULE_2__/* .textBlock */ .fI)('\n' + notes.map(n => `> [!NOTE]\n> ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeInline */ .VV)(n, 500)}\n`).join('\n'));
}
/** What needs action, in the order both reports show it: the blocking findings, then the warnings. */
function actionBlocks(verdict) {
    return [blockingBlock(verdict), warningsBlock(verdict)];
}
/** What was set aside, after everything else: expired ignores, ignored and recorded findings. */
function setAsideBlocks(verdict) {
    return [
        expiredIgnoresBlock(verdict.expiredIgnores),
        ignoredBlock(verdict),
        recordedBlock(verdict),
        tierIgnoredBlock(verdict)
    ];
}


/***/ }),

/***/ 92815:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bx: () => (/* binding */ isSuppressed),
/* harmony export */   G6: () => (/* binding */ whereCell),
/* harmony export */   Gg: () => (/* binding */ titleOf),
/* harmony export */   Jt: () => (/* binding */ packageCell),
/* harmony export */   Kt: () => (/* binding */ compareStrings),
/* harmony export */   VD: () => (/* binding */ ruleCell),
/* harmony export */   _z: () => (/* binding */ deadlineText),
/* harmony export */   ex: () => (/* binding */ findingRow),
/* harmony export */   kY: () => (/* binding */ severityCell),
/* harmony export */   nU: () => (/* binding */ compareDecisions),
/* harmony export */   oS: () => (/* binding */ ruleHeader)
/* harmony export */ });
/* harmony import */ var _findings_severity_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(65131);
/* harmony import */ var _escape_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(19587);
/* harmony import */ var _origin_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6802);



const SEVERITY_ICON = {
    CRITICAL: '🟥',
    HIGH: '🟧',
    MEDIUM: '🟨',
    LOW: '🟦',
    UNKNOWN: '⬜'
};
/** The icon and the word joined by a no-break space: "🟥 CRITICAL" never splits over two lines. */
function severityCell(severity) {
    return `${SEVERITY_ICON[severity]}&nbsp;${severity}`;
}
/** Most severe first, then by rule, package and place, so output is stable from run to run. */
function compareDecisions(a, b) {
    const fa = a.finding;
    const fb = b.finding;
    return ((0,_findings_severity_js__WEBPACK_IMPORTED_MODULE_2__/* .compareSeverity */ .zK)(fa.severity, fb.severity) ||
        compareStrings(fa.ruleId, fb.ruleId) ||
        compareStrings(fa.package?.name ?? '', fb.package?.name ?? '') ||
        compareStrings(fa.subject, fb.subject) ||
        compareStrings(fa.file ?? '', fb.file ?? '') ||
        (fa.startLine ?? 0) - (fb.startLine ?? 0));
}
/** Code-unit order of two strings, for stable sorts. */
function compareStrings(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
/** Whether a decision was suppressed by an explicit ignore or by ignore-unfixed. */
function isSuppressed(d) {
    return d.suppressedBy !== undefined;
}
function packageCell(f) {
    return f.package ? (0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeCell */ .kq)(f.package.name) : '—';
}
function versionCell(f) {
    if (!f.package)
        return '—';
    const installed = (0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeCell */ .kq)(f.package.installedVersion ?? '?', 60);
    const fixed = f.package.fixedVersion ? (0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeCell */ .kq)(f.package.fixedVersion, 60) : '_no fix_';
    return `${installed} → ${fixed}`;
}
/** Where the finding is: file and line for repository files, otherwise the scanned subject. */
function whereCell(f) {
    // An image finding on the Dockerfile line that brought it in: the line and its instruction.
    if (f.origin)
        return (0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeCell */ .kq)((0,_origin_js__WEBPACK_IMPORTED_MODULE_1__/* .originWhere */ .i)({ ...f, origin: f.origin }));
    if (f.file)
        return (0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeCell */ .kq)(f.startLine ? `${f.file}:${f.startLine}` : f.file);
    // Trivy's target usually extends the subject ("alpine:3.9 (alpine 3.9.4)"): show it alone then.
    if (!f.target || f.target === f.subject)
        return (0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeCell */ .kq)(f.subject);
    return (0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeCell */ .kq)(f.target.startsWith(f.subject) ? f.target : `${f.subject} (${f.target})`);
}
/**
 * The rule ID, linked to its advisory when the host is known. Written exactly as the tool reports
 * it, never with look-alike characters that would keep it on one line: people copy it from here
 * into the policy's ignores, where a non-breaking hyphen would silently match nothing.
 */
function ruleCell(f) {
    return (0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .safeLink */ .o3)(f.ruleId, f.primaryUrl);
}
/** Rule IDs longer than this may wrap: a wider column would push the table off-screen. */
const RULE_WIDTH_CAP = 32;
/** A figure space (U+2007): a digit's width and, unlike a space, never a place to break a line. */
const FIGURE_SPACE = '&#8199;';
/**
 * The "Rule" column's header, widened with figure spaces to the longest rule ID in the table. A
 * browser never makes a column narrower than its widest unbreakable cell, so the header holds
 * the column open and "CVE-2019-1822" stays on one line, while the IDs themselves stay exactly as
 * the tool wrote them (see ruleCell). Rule IDs are capitals, digits and hyphens, a little wider
 * than a digit (measured in Chromium with GitHub's stylesheet: a quarter more keeps an all-capitals
 * "CG-BASE-IMAGE-NOT-ALLOWED" on one line); the header's own four letters are subtracted.
 */
function ruleHeader(ruleIds) {
    let longest = 0;
    for (const id of ruleIds)
        longest = Math.max(longest, Math.min(id.length, RULE_WIDTH_CAP));
    const pad = Math.max(0, Math.ceil(longest * 1.25) - 4);
    // Half before and half after: GitHub centres header text, so the word stays centred.
    const before = FIGURE_SPACE.repeat(Math.floor(pad / 2));
    return `${before}Rule${FIGURE_SPACE.repeat(pad - Math.floor(pad / 2))}`;
}
function titleOf(f) {
    return (0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeCell */ .kq)(f.message && f.message !== f.title ? f.message : f.title || f.description, 120);
}
/** What a deadline's clock counted from, in words. */
const CLOCK_WORDS = {
    'first-seen': date => `counted from ${date}, when code scanning first saw it`,
    published: date => `counted from ${date}, when the advisory was published`,
    now: () => 'counted from today: no earlier date is known'
};
/** "blocks on 2026-05-01 (12 days left, counted from 2026-04-01, when code scanning first saw it)". */
function deadlineText(d) {
    if (!d.deadline)
        return 'no deadline — warns only';
    const { blocksOn, daysLeft, clock, clockDate } = d.deadline;
    const left = daysLeft > 1 ? `${daysLeft} days left` : daysLeft === 1 ? '1 day left' : 'blocks from today';
    return `blocks on ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeInline */ .VV)(blocksOn, 10)} (**${left}**, ${CLOCK_WORDS[clock]((0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeInline */ .VV)(clockDate.slice(0, 10), 10))})`;
}
/** A table row of a finding's usual cells (severity, rule, place, package, versions) and a last one: the
 * place comes right after the rule, so a comment narrower than the table still shows where. */
function findingRow(d, last) {
    const f = d.finding;
    return `| ${severityCell(f.severity)} | ${ruleCell(f)} | ${whereCell(f)} | ${packageCell(f)} | ${versionCell(f)} | ${last} |`;
}


/***/ }),

/***/ 19587:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HO: () => (/* binding */ shortenRun),
/* harmony export */   VV: () => (/* binding */ escapeInline),
/* harmony export */   jz: () => (/* binding */ escapeParagraphs),
/* harmony export */   kq: () => (/* binding */ escapeCell),
/* harmony export */   o3: () => (/* binding */ safeLink)
/* harmony export */ });
/* harmony import */ var _invisible_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(16288);
/* harmony import */ var _links_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83331);
/**
 * Untrusted text as inert markdown, for the job summary, the pull-request comment and SARIF's
 * help.markdown. Every piece of text that came from a scanner, an image or a policy file is
 * untrusted: a package name, an advisory title or a hadolint message can contain markdown, HTML,
 * `@mentions`, issue references or URLs, and bidi or zero-width characters that make it read as
 * something else. `escapeInline` turns such text into one inert line; nothing untrusted is ever
 * placed in an HTML attribute or a code span, and a URL becomes a link target only through
 * links.ts.
 */


/** Longest run of untrusted text kept in one table cell; the rest is elided with an ellipsis. */
const CELL_MAX = 160;
const ZWSP = '&#8203;';
const NEEDS_ESCAPE = /[&<>"@#\\`*_[\]|~$]|:\/\/|gh-|www\.|^[-+=]|^\d+[.)]/i;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
/**
 * Renders untrusted text as inert inline markdown: one line, HTML escaped, markdown punctuation
 * escaped, bidi controls and zero-width characters shown as `<U+202E>` (invisible.ts), and the
 * auto-linkers of GitHub defeated (a zero-width space after `@`, inside `://`, `www.`, `#123` and
 * `GH-123`, which GitHub would otherwise turn into mentions and links).
 */
function escapeInline(raw, max = CELL_MAX) {
    let text = typeof raw === 'string' ? raw : raw === undefined || raw === null ? '' : String(raw);
    // Shown, not obeyed: a reviewer must see that a name carries a direction override or a hidden
    // character. Control characters and line breaks would end a table row or start a new block.
    text = (0,_invisible_js__WEBPACK_IMPORTED_MODULE_0__/* .revealInvisible */ .h)(text).replace(CONTROL, ' ').replace(/ {2,}/g, ' ').trim();
    if (text.length > max) {
        const chars = Array.from(text);
        if (chars.length > max)
            text = chars.slice(0, max - 1).join('') + '…';
    }
    // Most cells (versions, package names, dates) contain nothing to escape: skip the slow path.
    if (!NEEDS_ESCAPE.test(text))
        return text;
    let out = '';
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        const rest = text.slice(i + 1, i + 4);
        switch (c) {
            case '&':
                out += '&amp;';
                break;
            case '<':
                out += '&lt;';
                break;
            case '>':
                out += '&gt;';
                break;
            case '"':
                out += '&quot;';
                break;
            case '@':
                out += '@' + ZWSP;
                break;
            case ':':
                out += rest.startsWith('//') ? ':' + ZWSP : ':';
                break;
            case '#':
                out += /^\d/.test(rest) ? '#' + ZWSP : '\\#';
                break;
            case '-':
                out += /gh$/i.test(text.slice(Math.max(0, i - 2), i)) && /^\d/.test(rest) ? '-' + ZWSP : '-';
                break;
            case '.':
                out += /(^|[^a-z0-9])www$/i.test(text.slice(Math.max(0, i - 4), i)) ? ZWSP + '.' : '.';
                break;
            case '\\':
            case '`':
            case '*':
            case '_':
            case '[':
            case ']':
            case '|':
            case '~':
            case '$':
                out += '\\' + c;
                break;
            default:
                out += c;
        }
    }
    // A leading list, heading or setext marker would change the block when the text starts a line.
    return out.replace(/^([+=-])/, '\\$1').replace(/^(\d+)([.)])(?=\s|$)/, '$1\\$2');
}
/** Longest run of characters without a space a table cell keeps: longer ones push columns off-screen. */
const TOKEN_MAX = 48;
const LONG_TOKEN = new RegExp(`\\S{${TOKEN_MAX + 1},}`, 'gu');
/**
 * Text no longer than `max` characters: a path keeps its last whole segments
 * ("…/templates/deployment.yaml"), anything else (or a path whose last segment alone is too long)
 * its start and end around an ellipsis.
 */
function shortenRun(text, max) {
    const chars = Array.from(text);
    if (chars.length <= max)
        return text;
    const segments = text.split('/');
    let tail = segments.pop() ?? '';
    while (segments.length > 0 && Array.from(`…/${segments.at(-1)}/${tail}`).length <= max)
        tail = `${segments.pop()}/${tail}`;
    const tailLength = Array.from(tail).length;
    if (tail !== text && tailLength + 2 <= max && tailLength >= max / 3)
        return `…/${tail}`;
    const head = Math.floor((max - 1) / 2);
    return `${chars.slice(0, head).join('')}…${chars.slice(chars.length - (max - 1 - head)).join('')}`;
}
/**
 * Untrusted text for a table cell: as escapeInline, with every unbreakable run longer than 48
 * characters shortened first (shortenRun), so no cell forces the table wider than the page. The full
 * text stays in the SARIF and the JSON report.
 */
function escapeCell(raw, max = CELL_MAX) {
    const text = typeof raw === 'string' ? raw : raw === undefined || raw === null ? '' : String(raw);
    return escapeInline(text.replace(LONG_TOKEN, token => shortenRun(token, TOKEN_MAX)), max);
}
/**
 * Untrusted text of several paragraphs (an advisory's description) as inert markdown: each paragraph
 * escaped like a cell, blank lines between them kept.
 */
function escapeParagraphs(raw, max) {
    const text = typeof raw === 'string' ? raw : '';
    return text
        .split(/\r?\n[ \t]*\r?\n/)
        .map(paragraph => escapeInline(paragraph, max))
        .filter(paragraph => paragraph !== '')
        .join('\n\n');
}
/** A link only for https URLs on known advisory hosts (links.ts); anything else is shown as plain text. */
function safeLink(label, url) {
    return (0,_links_js__WEBPACK_IMPORTED_MODULE_1__/* .markdownLink */ .iQ)(escapeInline(label), url, _links_js__WEBPACK_IMPORTED_MODULE_1__/* .ADVISORY_LINK */ .jc);
}


/***/ }),

/***/ 83331:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Cm: () => (/* binding */ linkTarget),
/* harmony export */   iQ: () => (/* binding */ markdownLink),
/* harmony export */   jc: () => (/* binding */ ADVISORY_LINK),
/* harmony export */   nh: () => (/* binding */ CONTEXT_LINK)
/* harmony export */ });
/**
 * The one rule for link targets in everything the action renders: the job summary, the pull-request
 * comment and the SARIF (`helpUri`, links in `help.markdown`). A report's `PrimaryURL` is whatever
 * the report says, so a URL becomes a link only when
 *
 * - it parses (WHATWG URL) and its scheme is https (http too for links built from the run's own
 *   context): no `javascript:`, `data:`, `file:` or anything else;
 * - it carries no user name or password (a link must not hand out credentials);
 * - for advisory links, its host is a known advisory site (or a subdomain of one);
 *
 * and it is returned percent-encoded so that no character of it can end a markdown link destination
 * (`)`, `(`, whitespace, `<`, `>`), start or end a link text or image (`[`, `]`), split a table cell
 * (`|`) or escape (`\`). Anything else is shown as text, never linked.
 */
/** Advisory sites reports link to. */
const ADVISORY_HOSTS = [
    'avd.aquasec.com',
    'nvd.nist.gov',
    'github.com',
    'cve.mitre.org',
    'www.cve.org',
    'security-tracker.debian.org',
    'access.redhat.com',
    'ubuntu.com',
    'gitlab.alpinelinux.org',
    'secdb.alpinelinux.org'
];
/** The advisory rule: https, no credentials, a known advisory host. */
const ADVISORY_LINK = { hosts: ADVISORY_HOSTS };
/** Links the action builds from the run's context (server URL, repository, run id). */
const CONTEXT_LINK = { allowHttp: true };
/** Characters of a parsed URL that markdown could still read as syntax. */
const MARKDOWN_HAZARDS = /[()[\]<>|\\`"'\s]/g;
/** The URL as a safe link target, or undefined when it must be shown as text. */
function linkTarget(url, rule) {
    if (typeof url !== 'string' || url === '')
        return undefined;
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        return undefined;
    }
    if (parsed.protocol !== 'https:' && !(rule.allowHttp && parsed.protocol === 'http:'))
        return undefined;
    if (parsed.username !== '' || parsed.password !== '')
        return undefined;
    const host = parsed.hostname.toLowerCase();
    if (rule.hosts && !rule.hosts.some(h => host === h || host.endsWith(`.${h}`)))
        return undefined;
    return parsed.href.replace(MARKDOWN_HAZARDS, ch => '%' + ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
}
/** `[label](target)` when the URL passes the rule, else the label alone. `label` must be escaped markdown. */
function markdownLink(label, url, rule) {
    const target = linkTarget(url, rule);
    return target ? `[${label}](${target})` : label;
}


/***/ }),

/***/ 6802:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   i: () => (/* binding */ originWhere),
/* harmony export */   y: () => (/* binding */ originSentence)
/* harmony export */ });
/* harmony import */ var _policy_evaluate_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9997);

/** Long RUN lines are shortened: the line number is what leads to the text. */
const INSTRUCTION_CHARS = 60;
function shorten(text, max) {
    return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
/** `services/app/Dockerfile:7 (RUN apt-get update && apt-get install -y …)`. */
function originWhere(f) {
    return `${f.origin.dockerfile}:${f.startLine ?? 1} (${shorten(f.origin.instruction, INSTRUCTION_CHARS)})`;
}
/** What the line has to do with the finding, and what fixes it; undefined for findings not placed. */
function originSentence(d, mode) {
    const f = d.finding;
    const o = f.origin;
    if (!o)
        return undefined;
    const line = `line ${f.startLine ?? 1} of ${o.dockerfile}`;
    if (o.how === 'fallback')
        return `Shown on the FROM line (${line}): which line brought it in is not known, because ${o.reason ?? 'the image’s history does not say'}.`;
    if (o.how === 'base') {
        const rebuild = mode === 'monitor' && (0,_policy_evaluate_js__WEBPACK_IMPORTED_MODULE_0__/* .triggersRebuild */ .vW)(d) ? ' Rebuild on a newer base image: that is the fix.' : '';
        return `Comes with the base image ${o.baseImage} (FROM, ${line}).${rebuild}`;
    }
    const command = o.instruction.split(' ')[0];
    if (command === 'RUN' && f.kind === 'vuln')
        return `Installed by ${line} (${shorten(o.instruction, INSTRUCTION_CHARS)}): that line is the fix (install a fixed version there).`;
    return `Brought in by ${line} (${shorten(o.instruction, INSTRUCTION_CHARS)}).`;
}


/***/ }),

/***/ 44241:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   l: () => (/* binding */ signingBlock)
/* harmony export */ });
/* harmony import */ var _assemble_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(95516);
/* harmony import */ var _escape_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(19587);


const TYPE_NAMES = {
    'https://cosign.sigstore.dev/attestation/vuln/v1': 'vuln',
    'https://cyclonedx.org/bom': 'sbom (CycloneDX)'
};
function attestationsCell(types) {
    return types.length === 0 ? '—' : types.map(t => (0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeInline */ .VV)(TYPE_NAMES[t] ?? t, 100)).join(', ');
}
/** The signing block, or undefined when `sign` was off. */
function signingBlock(report) {
    if (!report)
        return undefined;
    if (report.withheld)
        return (0,_assemble_js__WEBPACK_IMPORTED_MODULE_1__/* .textBlock */ .fI)(`\n#### Signatures\n\n🚫 **Not signed**: ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeInline */ .VV)(report.withheld, 300)}. Images that fail the gate carry no signature${report.attest.length ? ' and no attestation' : ''}, so the registry and admission policies that require one refuse them.\n`);
    const failed = report.images.filter(i => i.error).length;
    const head = `\n#### Signatures\n\n${failed === 0 ? '✅ Every scanned image is signed by the digest that was scanned.' : `❌ **Signing did not complete for ${failed} image${failed === 1 ? '' : 's'}**: the step fails.`}\n\n` +
        '| Image | Signed digest | Attestations | Result |\n|---|---|---|---|\n';
    return {
        head,
        rows: (0,_assemble_js__WEBPACK_IMPORTED_MODULE_1__/* .rowsOf */ .RO)(report.images, i => {
            const result = i.error ? `❌ ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeInline */ .VV)(i.error, 300)}` : '✅ signed';
            return `| ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeInline */ .VV)(i.reference, 200)} | ${i.pinned && i.signed ? (0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeInline */ .VV)(i.pinned, 300) : '—'} | ${attestationsCell(i.attestations)} | ${result} |`;
        }),
        moreLabel: n => `${n} more images`
    };
}


/***/ }),

/***/ 57994:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B: () => (/* binding */ renderSummary),
/* harmony export */   J: () => (/* binding */ SUMMARY_LIMIT)
/* harmony export */ });
/* harmony import */ var _markdown_assemble_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(95516);
/* harmony import */ var _markdown_blocks_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(53294);
/* harmony import */ var _headline_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(14512);
/* harmony import */ var _markdown_escape_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(19587);
/* harmony import */ var _markdown_signing_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(44241);
/* harmony import */ var _markdown_links_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(83331);






/** GitHub rejects a step summary larger than 1 MiB. */
const SUMMARY_LIMIT = 1024 * 1024;
/** Renders the job summary markdown for a verdict. */
function renderSummary(verdict, meta = {}) {
    const everything = meta.artifactUrl
        ? `the ${(0,_markdown_links_js__WEBPACK_IMPORTED_MODULE_4__/* .markdownLink */ .iQ)('workflow artifact', meta.artifactUrl, _markdown_links_js__WEBPACK_IMPORTED_MODULE_4__/* .CONTEXT_LINK */ .nh)} (the SARIF and the JSON report)`
        : `${meta.sarifFile ? `the SARIF file (${(0,_markdown_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeInline */ .VV)(meta.sarifFile)})` : 'the SARIF file'}${meta.reportFile ? ` and the JSON report (${(0,_markdown_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeInline */ .VV)(meta.reportFile)})` : ''}`;
    const shortened = meta.truncatedNote ??
        `This summary was shortened to fit GitHub's 1 MiB limit. Every finding is in ${everything} and in code scanning.`;
    const parts = [
        _markdown_blocks_js__WEBPACK_IMPORTED_MODULE_0__/* .verdictBlock */ .be(verdict, (0,_headline_js__WEBPACK_IMPORTED_MODULE_1__/* .headline */ .Pl)(verdict)),
        _markdown_blocks_js__WEBPACK_IMPORTED_MODULE_0__/* .severityTableBlock */ .XK(verdict, meta.subjects),
        _markdown_blocks_js__WEBPACK_IMPORTED_MODULE_0__/* .notesBlock */ .bY(meta.notes),
        (0,_markdown_signing_js__WEBPACK_IMPORTED_MODULE_3__/* .signingBlock */ .l)(meta.signing),
        ..._markdown_blocks_js__WEBPACK_IMPORTED_MODULE_0__/* .actionBlocks */ .Lj(verdict),
        ..._markdown_blocks_js__WEBPACK_IMPORTED_MODULE_0__/* .setAsideBlocks */ .vo(verdict),
        filesBlock(meta)
    ];
    return (0,_markdown_assemble_js__WEBPACK_IMPORTED_MODULE_5__/* .assemble */ .fT)(parts, meta.limit ?? SUMMARY_LIMIT, shortened);
}
/** Where the complete results are: the artifact when there is one, else the files on the runner. */
function filesBlock(meta) {
    if (meta.artifactUrl)
        return (0,_markdown_assemble_js__WEBPACK_IMPORTED_MODULE_5__/* .textBlock */ .fI)(`\n<sub>Every finding with its decision: ${(0,_markdown_links_js__WEBPACK_IMPORTED_MODULE_4__/* .markdownLink */ .iQ)('the SARIF and the JSON report (workflow artifact)', meta.artifactUrl, _markdown_links_js__WEBPACK_IMPORTED_MODULE_4__/* .CONTEXT_LINK */ .nh)}</sub>\n`);
    const files = [];
    if (meta.sarifFile)
        files.push(`SARIF: ${(0,_markdown_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeInline */ .VV)(meta.sarifFile)}`);
    if (meta.reportFile)
        files.push(`JSON report: ${(0,_markdown_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeInline */ .VV)(meta.reportFile)}`);
    return files.length > 0
        ? (0,_markdown_assemble_js__WEBPACK_IMPORTED_MODULE_5__/* .textBlock */ .fI)(`\n<sub>${files.join(' · ')} (on the runner, gone when the job ends)</sub>\n`)
        : undefined;
}


/***/ }),

/***/ 39136:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Gv: () => (/* binding */ isObject),
/* harmony export */   JD: () => (/* binding */ objects),
/* harmony export */   P$: () => (/* binding */ strings),
/* harmony export */   WL: () => (/* binding */ obj),
/* harmony export */   bu: () => (/* binding */ num),
/* harmony export */   gx: () => (/* binding */ str),
/* harmony export */   n8: () => (/* binding */ line),
/* harmony export */   qF: () => (/* binding */ parseJson)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);
/**
 * Defensive access to untrusted JSON (tool output, imported reports). Reports are read field by
 * field with type checks so a hostile or truncated report yields a clear error or an absent field,
 * never a crash deep inside a renderer.
 */

function parseJson(text, file) {
    if (text.trim() === '')
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ToolError */ .v4(`${file} is empty: expected a JSON report.`);
    try {
        return JSON.parse(text);
    }
    catch (error) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ToolError */ .v4(`${file} is not valid JSON: ${whyNotJson(error, text)}.`);
    }
}
/**
 * Why JSON.parse refused a text, without quoting it: V8's message repeats the start of the input
 * ("Unexpected token 's', "secret..." is not valid JSON"), and a report path can lead anywhere the
 * workflow points, so the file's content must not reach the log.
 */
function whyNotJson(error, text) {
    const message = error instanceof Error ? error.message : '';
    if (/Unexpected end of JSON input|Unterminated string/i.test(message))
        return `it ends before the JSON is complete (${text.length} characters: truncated?)`;
    const first = text.trimStart()[0];
    if (first !== '{' && first !== '[')
        return 'it does not start with { or [, so it is not a JSON report';
    const position = /at position (\d+)/.exec(message)?.[1];
    return position === undefined ? 'it has a syntax error' : `it has a syntax error at character ${position}`;
}
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function str(obj, key) {
    const value = obj[key];
    return typeof value === 'string' ? value : undefined;
}
function num(obj, key) {
    const value = obj[key];
    return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
function obj(parent, key) {
    const value = parent[key];
    return isObject(value) ? value : undefined;
}
/** The objects of an array field; non-object entries are skipped rather than trusted. */
function objects(parent, key) {
    const value = parent[key];
    return Array.isArray(value) ? value.filter(isObject) : [];
}
function strings(parent, key) {
    const value = parent[key];
    return Array.isArray(value) ? value.filter((v) => typeof v === 'string') : [];
}
/** A positive integer line number, or undefined. */
function line(value) {
    return value !== undefined && Number.isInteger(value) && value > 0 ? value : undefined;
}


/***/ }),

/***/ 66234:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CS: () => (/* binding */ listFiles),
/* harmony export */   jv: () => (/* binding */ matchGlobs),
/* harmony export */   n5: () => (/* binding */ yamlFilesUnder),
/* harmony export */   pe: () => (/* reexport safe */ _inputs_values_js__WEBPACK_IMPORTED_MODULE_3__.pe),
/* harmony export */   rT: () => (/* binding */ globsWithoutMatch)
/* harmony export */ });
/* unused harmony export MAX_LISTED_FILES */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var minimatch__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(15273);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(83916);
/* harmony import */ var _inputs_values_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(18463);
/**
 * Finding files in the repository: Dockerfiles by glob, Kubernetes manifests under config paths.
 * Walks the tree itself (no shell globbing) and never descends into .git or node_modules.
 */




/** The `dockerfile` input's default in action.yml: discovery mode, where no match is no error. */

const SKIPPED_DIRS = new Set(['.git', 'node_modules']);
/** Whether a symbolic link is listed as a file: anything but a link to a directory. */
async function listedLink(full) {
    try {
        return !(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.stat)(full)).isDirectory();
    }
    catch {
        return true; // leads nowhere: listed, so reading it says so
    }
}
/** Far more files than any repository the action is meant for; a walk past it would cost the runner's
 * memory, and stopping short would leave Dockerfiles and manifests unchecked without a word. */
const MAX_LISTED_FILES = 1_000_000;
/**
 * Every file under `root`, as sorted repository-relative POSIX paths. Symbolic links to files are
 * listed too, wherever they lead: `docker build` and `kubectl apply` follow them, so skipping one
 * would let a pull request hide a Dockerfile or manifest behind a link. Reading goes through
 * safe-read.ts, which refuses (visibly) a link out of the workspace. Links to directories are
 * not walked (loops, and trees outside the repository).
 */
async function listFiles(root, limit = MAX_LISTED_FILES) {
    const found = [];
    async function walk(dir) {
        const entries = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readdir)(dir, { withFileTypes: true });
        for (const entry of entries) {
            const full = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, entry.name);
            if (entry.isDirectory()) {
                if (!SKIPPED_DIRS.has(entry.name))
                    await walk(full);
            }
            else if (entry.isFile() || (entry.isSymbolicLink() && (await listedLink(full)))) {
                if (found.length >= limit)
                    throw tooManyFiles(limit);
                found.push((0,node_path__WEBPACK_IMPORTED_MODULE_1__.relative)(root, full).split(node_path__WEBPACK_IMPORTED_MODULE_1__.sep).join('/'));
            }
        }
    }
    await walk(root);
    return found.sort();
}
function tooManyFiles(limit) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ConfigurationError */ .j1(`The workspace holds more than ${limit.toLocaleString('en-US')} files outside .git and node_modules, more than container-gate lists to find Dockerfiles and manifests; it stops rather than leave some unchecked. Check out only what the gate should see (actions/checkout's sparse-checkout), or run the step in a folder that holds less.`);
}
/** Files matching any of the globs (matched against repository-relative paths; dotfiles included). */
function matchGlobs(files, globs) {
    return files.filter(file => globs.some(glob => (0,minimatch__WEBPACK_IMPORTED_MODULE_2__/* .minimatch */ .xF)(file, glob.replace(/^\.\//, ''), { dot: true })));
}
/** Files that match no glob, per glob: used to say which explicit glob matched nothing. */
function globsWithoutMatch(files, globs) {
    return globs.filter(glob => matchGlobs(files, [glob]).length === 0);
}
/** YAML files under the given repository-relative paths (for the admission rules). */
function yamlFilesUnder(files, paths) {
    const prefixes = paths.map(p => p.replace(/^\.\/?/, '').replace(/\/$/, ''));
    return files.filter(file => /\.ya?ml$/i.test(file) && prefixes.some(p => p === '' || file === p || file.startsWith(`${p}/`)));
}


/***/ }),

/***/ 95209:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   o: () => (/* binding */ workspaceRoot),
/* harmony export */   v: () => (/* binding */ prepareRunPaths)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(48161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/**
 * Where the run works: the workspace (the checked-out repository every repository path is relative
 * to) and this run's private folder for reports and scanner caches, under RUNNER_TEMP.
 */



/** The workspace: GITHUB_WORKSPACE on a runner, the current directory elsewhere; absolute. */
function workspaceRoot(env = process.env) {
    return (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(env.GITHUB_WORKSPACE || process.cwd());
}
/** Makes this run's folder (a fresh one per run) under RUNNER_TEMP. */
async function prepareRunPaths() {
    const workspace = workspaceRoot();
    const temp = process.env.RUNNER_TEMP || (0,node_os__WEBPACK_IMPORTED_MODULE_1__.tmpdir)();
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdir)(temp, { recursive: true });
    const outDir = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdtemp)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(temp, 'container-gate-'));
    const emptyIgnoreFile = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(outDir, 'empty.trivyignore');
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.writeFile)(emptyIgnoreFile, '');
    const trivyConfigFile = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(outDir, 'trivy.yaml');
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.writeFile)(trivyConfigFile, '');
    // An empty secret config is a decode error for Trivy; an empty mapping means its built-in rules.
    const trivySecretConfigFile = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(outDir, 'trivy-secret.yaml');
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.writeFile)(trivySecretConfigFile, '{}\n');
    return {
        workspace,
        outDir,
        trivyCacheDir: (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(temp, 'container-gate-trivy-cache'),
        emptyIgnoreFile,
        trivyConfigFile,
        trivySecretConfigFile
    };
}


/***/ }),

/***/ 34905:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Cl: () => (/* binding */ READ_LIMITS),
/* harmony export */   DC: () => (/* binding */ refusedRead),
/* harmony export */   RH: () => (/* binding */ readFileChunksSafely),
/* harmony export */   fJ: () => (/* binding */ readFileSafely),
/* harmony export */   mZ: () => (/* binding */ checkToolPath),
/* harmony export */   z3: () => (/* binding */ formatBytes)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(83916);
/**
 * The one way the action reads a file it did not write: the policy file, Trivy's ignore files,
 * Dockerfiles, manifests, Gatekeeper policies and imported reports. A pull request decides what
 * those paths hold, so a path may be a symbolic link to a runner secret, a FIFO that never ends, or
 * /dev/zero. Every read here:
 *
 * - resolves the real path (links followed) and, for a repository file, refuses it unless it is
 *   inside the workspace's real path;
 * - opens that path without following a link again (O_NOFOLLOW) and without blocking on a FIFO
 *   (O_NONBLOCK), then checks the opened file itself (fstat): only a regular file is read;
 * - reads at most the limit (plus one byte, to tell "exactly the limit" from "more"), whatever size
 *   the file claims: /proc files say 0 and are not.
 *
 * The outcome is data: what to do with a missing or too-large file is the caller's to decide (a
 * default, a CG-NOT-CHECKED finding, an error naming the input).
 */



const MiB = 1024 * 1024;
/** Size limits by what a file is; each is far above anything written by hand. */
const READ_LIMITS = {
    /** The policy file and Trivy's ignore files. */
    config: 1 * MiB,
    /** Dockerfiles, Kubernetes manifests, Gatekeeper policies, files fingerprinted for SARIF. */
    source: 5 * MiB,
    /** Imported Trivy and hadolint JSON reports: a large image's report runs to hundreds of MiB (the
     * benchmarks parse 234 MiB), and a JavaScript string cannot hold much more than 512 MiB. */
    report: 500 * MiB
};
const CHUNK = MiB;
function isInside(file, root) {
    const rel = node_path__WEBPACK_IMPORTED_MODULE_1___default().relative(root, file);
    return rel === '' || (!rel.startsWith('..') && !node_path__WEBPACK_IMPORTED_MODULE_1___default().isAbsolute(rel));
}
function errnoOf(error) {
    return error?.code;
}
function kindOf(stats) {
    if (stats.isDirectory())
        return 'a directory';
    if (stats.isFIFO())
        return 'a named pipe (FIFO)';
    if (stats.isCharacterDevice() || stats.isBlockDevice())
        return 'a device';
    if (stats.isSocket())
        return 'a socket';
    return 'not a regular file';
}
function formatBytes(bytes) {
    if (bytes >= MiB)
        return `${Number((bytes / MiB).toFixed(1))} MiB`;
    if (bytes >= 1024)
        return `${Number((bytes / 1024).toFixed(1))} KiB`;
    return `${bytes} bytes`;
}
/** A read that failed for a reason the file system gave (permission denied, I/O error). */
function unreadable(error, realPath) {
    const detail = `cannot be read (${errnoOf(error) ?? 'error'})`;
    return realPath === undefined
        ? { ok: false, problem: 'unreadable', detail }
        : { ok: false, problem: 'unreadable', detail, realPath };
}
function tooLarge(limit, realPath, size) {
    const shown = size === undefined ? undefined : formatBytes(size);
    const measured = shown !== undefined && shown !== formatBytes(limit) ? `${shown}, ` : '';
    return {
        ok: false,
        problem: 'too-large',
        detail: `is larger than the ${formatBytes(limit)} limit (${measured}not read)`,
        realPath
    };
}
/** Resolves where a path really leads, refusing what lies outside the workspace when it must. */
function resolveReal(file, options) {
    const workspace = node_path__WEBPACK_IMPORTED_MODULE_1___default().resolve(options.workspace);
    const absolute = node_path__WEBPACK_IMPORTED_MODULE_1___default().resolve(workspace, file);
    const confined = options.scope === 'workspace' || !node_path__WEBPACK_IMPORTED_MODULE_1___default().isAbsolute(file) || isInside(absolute, workspace);
    if (confined && !isInside(absolute, workspace))
        return { ok: false, problem: 'outside', detail: 'is outside the workspace' };
    try {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(absolute);
    }
    catch (error) {
        const code = errnoOf(error);
        if (code === 'ENOENT' || code === 'ENOTDIR')
            return { ok: false, problem: 'missing', detail: 'does not exist' };
        return unreadable(error);
    }
    let realPath;
    try {
        realPath = node_fs__WEBPACK_IMPORTED_MODULE_0__.realpathSync.native(absolute);
    }
    catch (error) {
        const code = errnoOf(error);
        if (code === 'ENOENT' || code === 'ELOOP' || code === 'ENOTDIR')
            return { ok: false, problem: 'broken-link', detail: 'is a symbolic link that leads nowhere' };
        return unreadable(error);
    }
    if (confined && !isInside(realPath, node_fs__WEBPACK_IMPORTED_MODULE_0__.realpathSync.native(workspace))) {
        return {
            ok: false,
            problem: 'outside',
            detail: 'is a symbolic link (or lies under one) that leads outside the workspace'
        };
    }
    return { realPath };
}
/** Reads at most `limit + 1` bytes from an open regular file. */
function readBounded(fd, limit) {
    const chunks = [];
    let total = 0;
    for (;;) {
        const chunk = Buffer.allocUnsafe(Math.min(CHUNK, limit + 1 - total));
        const n = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readSync)(fd, chunk, 0, chunk.length, null);
        if (n === 0)
            break;
        chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
        total += n;
        if (total > limit)
            break;
    }
    return Buffer.concat(chunks, total);
}
/** Resolves and opens a file the way every read here does; the caller closes the descriptor. */
function openChecked(file, options) {
    const resolved = resolveReal(file, options);
    if ('ok' in resolved)
        return resolved;
    const { realPath } = resolved;
    let fd;
    try {
        // O_NOFOLLOW: the real path has no links left; one swapped in since is refused, not followed.
        fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(realPath, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_RDONLY | (node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NOFOLLOW ?? 0) | (node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NONBLOCK ?? 0));
    }
    catch (error) {
        const code = errnoOf(error);
        if (code === 'ELOOP')
            return {
                ok: false,
                problem: 'outside',
                detail: 'changed into a symbolic link while being read',
                realPath
            };
        if (code === 'EISDIR')
            return { ok: false, problem: 'not-regular', detail: 'is a directory, not a file', realPath };
        return unreadable(error, realPath);
    }
    try {
        const stats = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fstatSync)(fd);
        const refused = !stats.isFile()
            ? { ok: false, problem: 'not-regular', detail: `is ${kindOf(stats)}, not a file`, realPath }
            : stats.size > options.maxBytes
                ? tooLarge(options.maxBytes, realPath, stats.size)
                : undefined;
        if (refused) {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
            return refused;
        }
    }
    catch (error) {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
        return unreadable(error, realPath);
    }
    return { fd, realPath };
}
/** Reads a text file the action was pointed at; see the module comment for what is refused. */
function readFileSafely(file, options) {
    const opened = openChecked(file, options);
    if ('ok' in opened)
        return opened;
    const { fd, realPath } = opened;
    try {
        const bytes = readBounded(fd, options.maxBytes);
        if (bytes.length > options.maxBytes)
            return tooLarge(options.maxBytes, realPath);
        return {
            ok: true,
            text: options.decode ? options.decode(bytes) : bytes.toString('utf8'),
            realPath,
            bytes: bytes.length
        };
    }
    catch (error) {
        return unreadable(error, realPath);
    }
    finally {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
    }
}
/**
 * Reads a file as readFileSafely does, refusing the same things, but hands it over in chunks of at
 * most 1 MiB instead of as one text, for reports too large to hold twice; a chunk is only valid
 * during the call (the next read reuses its memory). `start` is told the real
 * path before any byte is read and returns what takes the chunks, or undefined to skip the file (a
 * file already read under another name). A file that grows past the limit while it is read ends as
 * 'too-large' after the chunks up to the limit were given.
 */
function readFileChunksSafely(file, options, start) {
    const opened = openChecked(file, options);
    if ('ok' in opened)
        return opened;
    const { fd, realPath } = opened;
    try {
        const consume = start(realPath);
        if (!consume)
            return { ok: true, realPath, bytes: 0, skipped: true };
        let total = 0;
        // One buffer for every chunk: `consume` must not keep it.
        const chunk = Buffer.allocUnsafe(Math.min(CHUNK, options.maxBytes + 1));
        for (;;) {
            let n;
            try {
                n = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readSync)(fd, chunk, 0, Math.min(chunk.length, options.maxBytes + 1 - total), null);
            }
            catch (error) {
                return unreadable(error, realPath);
            }
            if (n === 0)
                break;
            total += n;
            if (total > options.maxBytes)
                return tooLarge(options.maxBytes, realPath);
            // What the consumer throws (a report that is not valid JSON) is the caller's to explain.
            consume(chunk.subarray(0, n));
        }
        return { ok: true, realPath, bytes: total, skipped: false };
    }
    finally {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
    }
}
/**
 * Checks a path a tool will open itself (an `image-input` tarball or OCI layout directory) the way
 * readFileSafely would before reading: where it really leads, and that it is a regular file or a
 * directory (a link to /dev/zero would keep Trivy reading until its timeout).
 */
function checkToolPath(file, options) {
    const resolved = resolveReal(file, { ...options, maxBytes: 0 });
    if ('ok' in resolved)
        return resolved;
    const { realPath } = resolved;
    try {
        const stats = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(realPath);
        if (stats.isFile() || stats.isDirectory())
            return { ok: true, realPath };
        return {
            ok: false,
            problem: 'not-regular',
            detail: `is ${kindOf(stats)}, not a file or directory`,
            realPath
        };
    }
    catch (error) {
        return unreadable(error, realPath);
    }
}
/**
 * The error for a refused read, naming what the user wrote: `label` is the input and value
 * (`Input 'report': "r.json"`) or the repository file (`.trivyignore`).
 */
function refusedRead(label, result, accepted) {
    const why = result.problem === 'outside'
        ? ' container-gate reads repository files only inside the workspace, so a pull request cannot make it read the runner’s files.'
        : '';
    return new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`${label} ${result.detail}.${why} ${accepted}`.trim());
}


/***/ })

};
