export const id = 4;
export const ids = [4];
export const modules = {

/***/ 97004:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runFleet: () => (/* binding */ runFleet)
});

// EXTERNAL MODULE: ./src/workflow-commands.ts
var workflow_commands = __webpack_require__(16137);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/github/comment.ts
var comment = __webpack_require__(47318);
// EXTERNAL MODULE: ./src/github/context.ts
var context = __webpack_require__(19556);
// EXTERNAL MODULE: ./src/log.ts
var log = __webpack_require__(25625);
// EXTERNAL MODULE: ./src/workspace/files.ts
var workspace_files = __webpack_require__(66234);
// EXTERNAL MODULE: ./src/workspace/safe-read.ts
var safe_read = __webpack_require__(34905);
// EXTERNAL MODULE: ./src/findings/severity.ts
var severity = __webpack_require__(65131);
// EXTERNAL MODULE: ./src/policy/evaluate.ts + 1 modules
var evaluate = __webpack_require__(9997);
;// CONCATENATED MODULE: ./src/fleet/aggregate.ts
/**
 * The fleet's verdict from its legs' decisions, folded one leg at a time so only one entry per
 * distinct finding is kept (a fleet sharing bases repeats most findings in every image). Nothing is
 * decided again: a leg's outcome and each finding's action are the leg's, made by its policy. The
 * fleet fails when a leg failed, or when a leg did not report and that was not allowed. Pure.
 */



function newFleet() {
    return {
        legs: new Map(),
        findings: new Map(),
        imageBase: new Map(),
        images: new Set(),
        rebuild: new Map(),
        occurrences: 0
    };
}
const ACTION_RANK = { block: 0, warn: 1, record: 2, ignore: 3 };
/** Vulnerabilities are one row per rule, package and installed version; anything else per rule and place. */
function fleetKey(f) {
    if (f.kind === 'vuln' && f.package)
        return ['vuln', f.ruleId, f.package.name, f.package.installedVersion ?? ''].join('\u0000');
    return [f.kind, f.tool, f.ruleId, f.subject, f.file ?? '', f.startLine ?? ''].join('\u0000');
}
function foldFinding(state, f, where, base) {
    const key = fleetKey(f);
    let entry = state.findings.get(key);
    if (!entry) {
        entry = {
            ruleId: f.ruleId,
            kind: f.kind,
            severity: f.severity,
            title: f.title,
            ...(f.primaryUrl ? { primaryUrl: f.primaryUrl } : {}),
            ...(f.package ? { packageName: f.package.name } : {}),
            ...(f.package?.installedVersion ? { installedVersion: f.package.installedVersion } : {}),
            ...(f.package?.fixedVersion ? { fixedVersion: f.package.fixedVersion } : {}),
            osPackage: f.package?.class === 'os-pkgs',
            images: new Set(),
            blockingImages: new Set(),
            action: f.action,
            bases: new Set()
        };
        state.findings.set(key, entry);
    }
    if ((0,severity/* compareSeverity */.zK)(f.severity, entry.severity) < 0)
        entry.severity = f.severity;
    if (ACTION_RANK[f.action] < ACTION_RANK[entry.action])
        entry.action = f.action;
    entry.images.add(where);
    if (f.action === 'block')
        entry.blockingImages.add(where);
    if (base && entry.osPackage)
        entry.bases.add(base);
    return entry;
}
/** Folds one leg's report in; a second report from the same leg is an error naming both files. */
function addLeg(state, report) {
    const earlier = state.legs.get(report.leg);
    if (earlier)
        throw new errors/* ConfigurationError */.j1(`Input 'report': two reports from the leg ${JSON.stringify(report.leg)}: ${JSON.stringify(earlier.report)} and ${JSON.stringify(report.file)}. Each leg uploads one report (give each matrix job its own leg-name and artifact name).`);
    for (const image of report.images)
        state.images.add(image);
    for (const [image, base] of report.bases)
        state.imageBase.set(image, base);
    let blocking = 0;
    for (const f of report.findings) {
        const where = f.image ?? f.file ?? f.subject;
        const base = f.image ? report.bases.get(f.image) : undefined;
        if (f.image)
            state.images.add(f.image);
        foldFinding(state, f, where, base);
        state.occurrences++;
        if (f.action === 'block')
            blocking++;
        if (report.mode === 'monitor' &&
            f.image &&
            (0,evaluate/* triggersRebuild */.vW)({ finding: f, action: f.action, rule: '' })) {
            const entry = state.rebuild.get(f.image) ?? {
                image: f.image,
                leg: report.leg,
                ...(base ? { base } : {}),
                vulnerabilities: []
            };
            if (!entry.vulnerabilities.includes(f.ruleId))
                entry.vulnerabilities.push(f.ruleId);
            state.rebuild.set(f.image, entry);
        }
    }
    state.legs.set(report.leg, {
        leg: report.leg,
        outcome: report.outcome,
        mode: report.mode,
        policy: report.policy,
        blocking,
        counts: report.counts,
        rebuildRequired: report.rebuildRequired,
        images: report.images,
        report: report.file
    });
}
const compare = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
/** Blocking first, then the most severe, the most widespread, then by rule and package: stable. */
function compareFindings(a, b) {
    return (ACTION_RANK[a.action] - ACTION_RANK[b.action] ||
        (0,severity/* compareSeverity */.zK)(a.severity, b.severity) ||
        b.images.size - a.images.size ||
        compare(a.ruleId, b.ruleId) ||
        compare(a.packageName ?? '', b.packageName ?? '') ||
        compare(a.installedVersion ?? '', b.installedVersion ?? ''));
}
/** Bases by the blocking findings a rebuild on a fixed base clears: fixable OS-package findings of their images. */
function rankBases(state) {
    const ranks = new Map();
    for (const base of state.imageBase.values())
        if (!ranks.has(base))
            ranks.set(base, { base, clears: 0, distinct: 0, images: 0 });
    for (const base of state.imageBase.values())
        ranks.get(base).images++;
    for (const f of state.findings.values()) {
        if (!f.osPackage || !f.fixedVersion || f.blockingImages.size === 0)
            continue;
        const counted = new Set();
        for (const image of f.blockingImages) {
            const base = state.imageBase.get(image);
            if (!base)
                continue;
            ranks.get(base).clears++;
            if (!counted.has(base))
                ranks.get(base).distinct++;
            counted.add(base);
        }
    }
    return [...ranks.values()].sort((a, b) => b.clears - a.clears || b.distinct - a.distinct || compare(a.base, b.base));
}
function policyGroups(legs) {
    const groups = new Map();
    for (const l of legs) {
        if (l.outcome === 'missing')
            continue;
        const key = `${l.mode} mode, ${l.policy}`;
        groups.set(key, [...(groups.get(key) ?? []), l.leg]);
    }
    return groups.size > 1 ? [...groups].map(([policy, names]) => ({ policy, legs: names })) : [];
}
function fleetReason(failed, missing, allowMissing) {
    const names = (list) => `${list.slice(0, 10).join(', ')}${list.length > 10 ? `, and ${list.length - 10} more` : ''}`;
    const parts = [];
    if (failed.length > 0)
        parts.push(`${failed.length} leg${failed.length === 1 ? '' : 's'} failed (${names(failed.map(l => l.leg))})`);
    if (missing.length > 0)
        parts.push(`${missing.length} leg${missing.length === 1 ? '' : 's'} did not report (${names(missing)})${allowMissing ? ', allowed by allow-missing-legs' : ''}`);
    return parts.length > 0 ? parts.join('; ') : 'every leg passed';
}
/** The fleet's result once every report is folded in. */
function concludeFleet(state, expected, allowMissing) {
    const missing = expected.filter(name => !state.legs.has(name));
    const expectedSet = new Set(expected);
    const unexpected = [...state.legs.keys()].filter(name => !expectedSet.has(name)).sort(compare);
    const legs = [...state.legs.values(), ...missing.map(leg => ({ leg, outcome: 'missing' }))].sort((a, b) => compare(a.leg, b.leg));
    const failed = legs.filter(l => l.outcome === 'fail');
    const outcome = failed.length > 0 || (missing.length > 0 && !allowMissing) ? 'fail' : 'pass';
    const findings = [...state.findings.values()].sort(compareFindings);
    const blocking = findings.filter(f => f.blockingImages.size > 0);
    return {
        outcome,
        reason: fleetReason(failed, missing, allowMissing),
        legs,
        missing,
        unexpected,
        policies: policyGroups(legs),
        findings,
        bases: rankBases(state),
        rebuild: [...state.rebuild.values()].sort((a, b) => compare(a.image, b.image)),
        totals: {
            legs: {
                expected: expected.length,
                reported: state.legs.size,
                failed: failed.length,
                missing: missing.length
            },
            images: state.images.size,
            occurrences: state.occurrences,
            distinct: findings.length,
            blocking: {
                occurrences: blocking.reduce((n, f) => n + f.blockingImages.size, 0),
                distinct: blocking.length
            },
            counts: (0,severity/* countSeverities */.ng)(findings.filter(f => f.action !== 'ignore').map(f => f.severity))
        }
    };
}

// EXTERNAL MODULE: ./src/report/json-report.ts
var json_report = __webpack_require__(4225);
// EXTERNAL MODULE: ./src/scanners/json-input.ts
var json_input = __webpack_require__(39136);
;// CONCATENATED MODULE: ./src/fleet/legs.ts
/**
 * One leg's container-gate JSON report, read back for the fleet aggregate: what the leg decided
 * (its outcome, its policy, each finding's action), the images it scanned and the base each was
 * built FROM. Only the fields the aggregate uses are kept, so a 2,000-finding report costs what its
 * distinct findings cost, not its JSON. Pure: the text is read elsewhere (read-legs.ts).
 */




const ACTIONS = ['block', 'warn', 'record', 'ignore'];
function notOurs(file, why) {
    return new errors/* ConfigurationError */.j1(`Input 'report': ${JSON.stringify(file)} is not a container-gate JSON report (${why}). Expected the report-file of a container-gate leg (its output report-file, uploaded as an artifact).`);
}
function legFinding(raw) {
    const decision = (0,json_input/* obj */.WL)(raw, 'decision');
    const action = decision ? (0,json_input/* str */.gx)(decision, 'action') : undefined;
    const ruleId = (0,json_input/* str */.gx)(raw, 'ruleId');
    if (!ruleId || !action || !ACTIONS.includes(action))
        return undefined;
    const pkg = (0,json_input/* obj */.WL)(raw, 'package');
    const name = pkg ? (0,json_input/* str */.gx)(pkg, 'name') : undefined;
    const line = raw.startLine;
    return {
        kind: ((0,json_input/* str */.gx)(raw, 'kind') ?? 'vuln'),
        tool: (0,json_input/* str */.gx)(raw, 'tool') ?? '',
        ruleId,
        severity: (0,severity/* normalizeSeverity */.lv)(raw.severity),
        title: (0,json_input/* str */.gx)(raw, 'title') ?? '',
        ...((0,json_input/* str */.gx)(raw, 'primaryUrl') ? { primaryUrl: (0,json_input/* str */.gx)(raw, 'primaryUrl') } : {}),
        ...(pkg && name
            ? {
                package: {
                    name,
                    ...((0,json_input/* str */.gx)(pkg, 'installedVersion') ? { installedVersion: (0,json_input/* str */.gx)(pkg, 'installedVersion') } : {}),
                    ...((0,json_input/* str */.gx)(pkg, 'fixedVersion') ? { fixedVersion: (0,json_input/* str */.gx)(pkg, 'fixedVersion') } : {}),
                    ...((0,json_input/* str */.gx)(pkg, 'class') ? { class: (0,json_input/* str */.gx)(pkg, 'class') } : {})
                }
            }
            : {}),
        ...((0,json_input/* str */.gx)(raw, 'image') ? { image: (0,json_input/* str */.gx)(raw, 'image') } : {}),
        subject: (0,json_input/* str */.gx)(raw, 'subject') ?? '',
        ...((0,json_input/* str */.gx)(raw, 'file') ? { file: (0,json_input/* str */.gx)(raw, 'file') } : {}),
        ...(typeof line === 'number' ? { startLine: line } : {}),
        action: action
    };
}
/**
 * Which base each image was built FROM: every image, when the leg's Dockerfiles all resolve to one
 * base; image i from Dockerfile i, when the leg listed as many Dockerfiles as images (a plan's
 * group); otherwise none (the aggregate then cannot attribute that leg's findings to a base).
 */
function pairBases(inputs, images, report) {
    const recorded = (0,json_input/* objects */.JD)(report, 'baseImages');
    const byFile = new Map();
    for (const b of recorded) {
        const file = (0,json_input/* str */.gx)(b, 'dockerfile');
        const image = (0,json_input/* str */.gx)(b, 'image');
        // One platform's base stands for the file: platforms of one build share their base's tag.
        if (file && image && image !== 'scratch' && !byFile.has(file))
            byFile.set(file, image);
    }
    const distinct = [...new Set(byFile.values())];
    if (distinct.length === 1)
        return new Map(images.map(i => [i, distinct[0]]));
    const dockerfiles = (0,json_input/* strings */.P$)(inputs, 'dockerfiles');
    const pairs = new Map();
    if (dockerfiles.length !== images.length)
        return pairs;
    images.forEach((image, i) => {
        const base = byFile.get(dockerfiles[i]);
        if (base)
            pairs.set(image, base);
    });
    return pairs;
}
/** Reads one leg's report; anything that is not a container-gate report of this version is an error naming the file. */
function parseLegReport(text, file) {
    let json;
    try {
        json = (0,json_input/* parseJson */.qF)(text, JSON.stringify(file));
    }
    catch (error) {
        throw new errors/* ConfigurationError */.j1(`Input 'report': ${(0,errors/* messageOf */.bD)(error)}`);
    }
    if (!(0,json_input/* isObject */.Gv)(json))
        throw notOurs(file, 'it is not a JSON object');
    const version = json.version;
    const verdict = (0,json_input/* obj */.WL)(json, 'verdict');
    const inputs = (0,json_input/* obj */.WL)(json, 'inputs');
    if (typeof version !== 'number' || !verdict || !inputs || !Array.isArray(json.findings))
        throw notOurs(file, 'it has no version, inputs, verdict and findings');
    if (version !== json_report/* JSON_REPORT_VERSION */.Xn || json.tool !== json_report/* JSON_REPORT_TOOL */.N8)
        throw new errors/* ConfigurationError */.j1(`Input 'report': ${JSON.stringify(file)} is a container-gate report of version ${version}; this aggregate reads version ${json_report/* JSON_REPORT_VERSION */.Xn}. Run the legs and the aggregate with the same container-gate release.`);
    const outcome = (0,json_input/* str */.gx)(verdict, 'outcome');
    const leg = (0,json_input/* str */.gx)(json, 'leg');
    if ((outcome !== 'pass' && outcome !== 'fail') || !leg)
        throw notOurs(file, 'it has no leg name or outcome');
    const counts = (0,severity/* zeroSeverityCounts */.cb)();
    const rawCounts = (0,json_input/* obj */.WL)(verdict, 'counts');
    for (const s of Object.keys(counts)) {
        const n = rawCounts?.[s];
        if (typeof n === 'number')
            counts[s] = n;
    }
    const images = [...(0,json_input/* strings */.P$)(inputs, 'images'), ...(0,json_input/* strings */.P$)(inputs, 'imageInputs')];
    const mode = (0,json_input/* str */.gx)(inputs, 'mode') ?? 'gate';
    const findings = (0,json_input/* objects */.JD)(json, 'findings')
        .map(legFinding)
        .filter((f) => f !== undefined);
    // A gate-mode leg passes exactly when nothing blocks (policy/evaluate.ts): a report that says
    // otherwise was edited after the leg wrote it, and the fleet must not pass on its word.
    const blocking = findings.filter(f => f.action === 'block').length;
    if (mode !== 'monitor' && outcome === 'pass' && blocking > 0)
        throw new errors/* ConfigurationError */.j1(`Input 'report': ${JSON.stringify(file)} says the leg passed, yet ${blocking} of its findings block${blocking === 1 ? 's' : ''} (mode ${JSON.stringify(mode)}): a leg's report is not to be edited. Aggregate the reports the legs uploaded, as they wrote them.`);
    return {
        file,
        leg,
        mode,
        policy: (0,json_input/* str */.gx)(json, 'policy') ?? 'unknown',
        outcome,
        reason: (0,json_input/* str */.gx)(verdict, 'reason') ?? '',
        counts,
        rebuildRequired: verdict.rebuildRequired === true,
        images,
        bases: pairBases(inputs, images, json),
        findings
    };
}

// EXTERNAL MODULE: ./src/oci/image-ref.ts
var image_ref = __webpack_require__(2804);
// EXTERNAL MODULE: ./src/inputs/fleet.ts
var fleet = __webpack_require__(98405);
;// CONCATENATED MODULE: ./src/fleet/plan.ts
/**
 * `mode: plan`: the work of a fleet as a GitHub Actions matrix. Each Dockerfile (with its build
 * context and the image name the pattern gives it) or each image of the images file is one entry;
 * `group-size` puts several in one job. The order is the names' order, whatever order the files
 * were listed in, so two runs on one commit plan the same matrix. Pure.
 */



const plan_compare = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
/** A name safe in artifact names, job names and comment keys. */
function safeName(raw) {
    return raw.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'root';
}
function folderOf(path) {
    const at = path.lastIndexOf('/');
    return at < 0 ? '.' : path.slice(0, at);
}
/** services/api/Dockerfile -> services-api; services/api/Dockerfile.worker -> services-api-Dockerfile.worker. */
function dockerfileName(path) {
    const folder = folderOf(path);
    const file = path.slice(path.lastIndexOf('/') + 1);
    const stem = file === 'Dockerfile' ? folder : folder === '.' ? file : `${folder}/${file}`;
    return safeName(stem === '.' ? 'root' : stem);
}
/** An image path component from a repository path: lower case, only what a repository name allows. */
function imagePath(raw) {
    return raw
        .toLowerCase()
        .split('/')
        .map(part => part.replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+|[._-]+$/g, '') || 'root')
        .join('/');
}
function imageFor(pattern, entry, dockerfile) {
    const dir = entry.dir === '.' ? 'root' : entry.dir;
    const image = pattern
        .replaceAll('{dir}', imagePath(dir))
        .replaceAll('{folder}', imagePath(dir.slice(dir.lastIndexOf('/') + 1)))
        .replaceAll('{name}', imagePath(entry.name));
    if (!(0,image_ref/* isImageRef */.rK)((0,image_ref/* parseImageRef */.Q)(image)))
        throw (0,errors/* badInput */.AN)('image-pattern', pattern, `for ${dockerfile} it gives ${JSON.stringify(image)}, which is not an image reference; expected a pattern such as ghcr.io/acme/{dir}`);
    return image;
}
/** The images file: one reference per line; blank lines and '#' comments skipped; repeats once. */
function imagesFromFile(file) {
    const images = [];
    for (const [index, raw] of file.text.split(/\r?\n/).entries()) {
        const line = raw.replace(/(^|\s)#.*$/, '').trim();
        if (line === '')
            continue;
        if (/\s/.test(line) || line.startsWith('-') || !(0,image_ref/* isImageRef */.rK)((0,image_ref/* parseImageRef */.Q)(line)))
            throw (0,errors/* badInput */.AN)('images-file', `${file.path}:${index + 1}: ${line}`, 'expected one image reference per line (for example ghcr.io/acme/app:1.2), # for comments');
        if (!images.includes(line))
            images.push(line);
    }
    return images;
}
/** Names made unique in order: a second `a-b` becomes `a-b-2`. */
function uniqueNames(entries) {
    const used = new Map();
    return entries.map(e => {
        const n = (used.get(e.name) ?? 0) + 1;
        used.set(e.name, n);
        return n === 1 ? e : { ...e, name: `${e.name}-${n}` };
    });
}
function group(entries, size) {
    if (size === 1)
        return [...entries];
    const groups = [];
    const width = String(Math.ceil(entries.length / size)).length;
    for (let i = 0; i < entries.length; i += size) {
        const members = entries.slice(i, i + size);
        const joined = (key) => members.every(m => m[key] !== undefined) ? { [key]: members.map(m => m[key]).join('\n') } : {};
        groups.push({
            name: `group-${String(groups.length + 1).padStart(width, '0')}`,
            ...joined('dockerfile'),
            ...joined('context'),
            ...joined('image')
        });
    }
    return groups;
}
/** The matrix: Dockerfile entries, then the images file's, each kind in name order, then grouped. */
function planMatrix(request) {
    const fromDockerfiles = uniqueNames([...request.dockerfiles]
        .sort(plan_compare)
        .map(path => ({ name: dockerfileName(path), dir: folderOf(path), path }))).map(e => ({
        name: e.name,
        dockerfile: e.path,
        context: e.dir,
        ...(request.imagePattern ? { image: imageFor(request.imagePattern, e, e.path) } : {})
    }));
    const listed = request.imagesFile ? imagesFromFile(request.imagesFile) : [];
    const fromImages = uniqueNames([...listed].sort(plan_compare).map(image => ({ name: safeName(image), image })));
    fromDockerfiles.sort((a, b) => plan_compare(a.name, b.name));
    fromImages.sort((a, b) => plan_compare(a.name, b.name));
    const all = fromDockerfiles.length + fromImages.length;
    if (all === 0)
        throw new errors/* ConfigurationError */.j1("mode: plan found nothing to plan: no Dockerfile matches the globs of input 'dockerfile' and no images-file lists an image. Set dockerfile (for example services/*/Dockerfile) or images-file.");
    // Dockerfile entries and listed images are grouped apart: a group's lines pair one Dockerfile with one image.
    const include = [...group(fromDockerfiles, request.groupSize), ...group(fromImages, request.groupSize)];
    if (include.length > fleet/* MATRIX_LIMIT */.q8) {
        const jobs = (size) => Math.ceil(fromDockerfiles.length / size) + Math.ceil(fromImages.length / size);
        let needed = request.groupSize;
        while (jobs(needed) > fleet/* MATRIX_LIMIT */.q8)
            needed++;
        throw new errors/* ConfigurationError */.j1(`mode: plan: ${all} images make ${include.length} matrix jobs, above GitHub's limit of ${fleet/* MATRIX_LIMIT */.q8} jobs per matrix. Set group-size to ${needed} or more (group-size: ${request.groupSize} now) to scan several images per job.`);
    }
    if (request.groupSize > 1) {
        // Renumber across both kinds so every group name is unique.
        const width = String(include.length).length;
        include.forEach((e, i) => (e.name = `group-${String(i + 1).padStart(width, '0')}`));
    }
    return { include };
}

// EXTERNAL MODULE: ./src/report/markdown/cells.ts
var cells = __webpack_require__(92815);
// EXTERNAL MODULE: ./src/report/markdown/assemble.ts
var assemble = __webpack_require__(95516);
// EXTERNAL MODULE: ./src/report/markdown/escape.ts
var markdown_escape = __webpack_require__(19587);
// EXTERNAL MODULE: ./src/report/comment.ts
var report_comment = __webpack_require__(54231);
// EXTERNAL MODULE: ./src/report/markdown/links.ts
var links = __webpack_require__(83331);
// EXTERNAL MODULE: ./src/report/summary.ts
var summary = __webpack_require__(57994);
;// CONCATENATED MODULE: ./src/fleet/render.ts
/**
 * The fleet's job summary and pull-request comment: the verdict, the legs that did not report, what
 * to fix first (bases ranked by what a rebuild clears), the monitor-mode rebuild list, one row per
 * distinct finding with the images it is in, and every leg. Both fit GitHub's limits (1 MiB, 65,536
 * characters) by the same assembler as a single run's, which says what it left out. Pure; every
 * value from a leg's report is untrusted and goes through escape.ts.
 */






const plural = (n, one, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
/** At most `max` names escaped, then how many more. */
function listCell(names, max = 3) {
    const all = [...names];
    const shown = all.slice(0, max).map(n => (0,markdown_escape/* escapeCell */.kq)(n, 80));
    return shown.join(', ') + (all.length > max ? `, +${all.length - max} more` : '');
}
function verdictBlock(result) {
    const t = result.totals;
    const icon = result.outcome === 'pass' ? '✅' : '❌';
    const legs = `${plural(t.legs.reported, 'leg')} reported of ${plural(t.legs.expected, 'expected leg')}, ${plural(t.images, 'image')}`;
    const findings = `${plural(t.occurrences, 'finding')} in all, ${plural(t.distinct, 'distinct finding')}; ${plural(t.blocking.distinct, 'distinct blocking finding')} in ${plural(t.blocking.occurrences, 'place')}`;
    return (0,assemble/* textBlock */.fI)(`### ${icon} container-gate fleet: ${result.outcome}\n\n${(0,markdown_escape/* escapeInline */.VV)(result.reason, 2000)}.\n\n${legs}. ${findings}.\n`);
}
function missingBlock(result) {
    if (result.missing.length === 0)
        return undefined;
    return {
        head: `\n#### Legs that did not report (${result.missing.length})\n\nNo report was found for these legs (a cancelled or crashed job, or a missing artifact): the fleet cannot vouch for their images.\n\n| Leg |\n|---|\n`,
        rows: (0,assemble/* rowsOf */.RO)(result.missing, name => `| ${(0,markdown_escape/* escapeCell */.kq)(name)} |`),
        moreLabel: n => `${n} more missing legs`
    };
}
function notesBlock(result) {
    const notes = [];
    if (result.policies.length > 0)
        notes.push(`The legs did not all use the same policy; each leg's decisions are its own: ${result.policies.map(p => `${(0,markdown_escape/* escapeInline */.VV)(p.policy, 200)} (${listCell(p.legs, 5)})`).join('; ')}.`);
    if (result.unexpected.length > 0)
        notes.push(`Reports from legs that were not expected (counted all the same): ${listCell(result.unexpected, 10)}.`);
    return notes.length > 0 ? (0,assemble/* textBlock */.fI)(`\n${notes.map(n => `> [!NOTE]\n> ${n}\n`).join('\n')}`) : undefined;
}
function basesBlock(result) {
    const ranked = result.bases.filter(b => b.clears > 0);
    if (ranked.length === 0)
        return undefined;
    return {
        head: `\n#### What to fix first: base images\n\nRebuilding on a fixed base clears the blocking findings in OS packages that have a fix, in every image built FROM it.\n\n| Base image | Blocking findings cleared | Distinct | Images built FROM it |\n|---|---:|---:|---:|\n`,
        rows: (0,assemble/* rowsOf */.RO)(ranked, b => `| ${(0,markdown_escape/* escapeCell */.kq)(b.base)} | ${b.clears} | ${b.distinct} | ${b.images} |`),
        moreLabel: n => `${n} more base images`
    };
}
function rebuildBlock(result) {
    if (result.rebuild.length === 0)
        return undefined;
    return {
        head: `\n#### Rebuild required (${result.rebuild.length})\n\nMonitor mode: these images have a CRITICAL vulnerability with a fix in their OS packages (output rebuild-images).\n\n| Image | Leg | Base | Fixable CRITICAL |\n|---|---|---|---|\n`,
        rows: (0,assemble/* rowsOf */.RO)(result.rebuild, r => `| ${(0,markdown_escape/* escapeCell */.kq)(r.image)} | ${(0,markdown_escape/* escapeCell */.kq)(r.leg)} | ${r.base ? (0,markdown_escape/* escapeCell */.kq)(r.base) : '—'} | ${listCell(r.vulnerabilities, 5)} |`),
        moreLabel: n => `${n} more images to rebuild`
    };
}
const ACTION_CELL = { block: '❌ blocks', warn: '⚠️ warns', record: 'recorded', ignore: 'ignored' };
function findingRow(f) {
    const pkg = f.packageName ? `${(0,markdown_escape/* escapeCell */.kq)(f.packageName)} ${(0,markdown_escape/* escapeCell */.kq)(f.installedVersion ?? '')}` : '—';
    const fix = f.fixedVersion ? (0,markdown_escape/* escapeCell */.kq)(f.fixedVersion) : '—';
    const base = f.bases.size === 1 && f.images.size > 1
        ? `shared: ${(0,markdown_escape/* escapeCell */.kq)([...f.bases][0])}`
        : f.bases.size > 0
            ? listCell(f.bases, 2)
            : '—';
    return `| ${(0,cells/* severityCell */.kY)(f.severity)} | ${ACTION_CELL[f.action]} | ${(0,markdown_escape/* safeLink */.o3)(f.ruleId, f.primaryUrl)} | ${pkg} | ${fix} | ${f.images.size}: ${listCell(f.images)} | ${base} |`;
}
function findingsBlock(result) {
    return {
        head: `\n#### Findings across the fleet (${result.findings.length} distinct)\n\nOne row per vulnerability and package version, however many images have it; each decision is the legs' own.\n\n| Severity | Decision | Rule | Package | Fixed in | Images | From base |\n|---|---|---|---|---|---|---|\n`,
        rows: (0,assemble/* rowsOf */.RO)(result.findings, findingRow),
        moreLabel: n => `${n} more distinct findings`
    };
}
const OUTCOME_CELL = { pass: '✅ pass', fail: '❌ fail', missing: '⛔ did not report' };
function legRow(l) {
    return `| ${(0,markdown_escape/* escapeCell */.kq)(l.leg)} | ${OUTCOME_CELL[l.outcome]} | ${(0,markdown_escape/* escapeCell */.kq)(l.mode ?? '—')} | ${l.blocking ?? '—'} | ${l.images ? listCell(l.images, 2) : '—'} |`;
}
function legsBlock(result) {
    return {
        head: `\n<details><summary>Every leg (${result.legs.length})</summary>\n\n| Leg | Outcome | Mode | Blocking | Images |\n|---|---|---|---:|---|\n`,
        rows: (0,assemble/* rowsOf */.RO)(result.legs, legRow),
        tail: '\n</details>\n',
        moreLabel: n => `${n} more legs`
    };
}
function blocks(result) {
    return [
        verdictBlock(result),
        missingBlock(result),
        notesBlock(result),
        basesBlock(result),
        rebuildBlock(result),
        legsBlock(result),
        findingsBlock(result)
    ];
}
const WHERE_ELSE = "every leg's verdict is in the output leg-verdicts, the totals in fleet-totals, and every finding in the legs' JSON reports";
/** The job summary of the aggregate, within GitHub's 1 MiB. */
function renderFleetSummary(result, limit = summary/* SUMMARY_LIMIT */.J) {
    return (0,assemble/* assemble */.fT)(blocks(result), limit, `This summary was shortened to fit GitHub's 1 MiB limit: ${WHERE_ELSE}.`);
}
/** The fleet's one pull-request comment, marker first, within 65,536 characters. */
function renderFleetComment(result, marker, runUrl, limit = report_comment/* COMMENT_LIMIT */.W) {
    const head = `${marker}\n`;
    const foot = runUrl
        ? `\n<sub>The whole fleet's summary is on the ${(0,links/* markdownLink */.iQ)('workflow run', runUrl, links/* CONTEXT_LINK */.nh)}.</sub>\n`
        : '';
    const room = limit - head.length - foot.length;
    return (head +
        (0,assemble/* assemble */.fT)(blocks(result), room, `This comment was shortened to fit GitHub's 65,536-character limit: the job summary has more, and ${WHERE_ELSE}.`) +
        foot);
}

;// CONCATENATED MODULE: ./src/fleet/run.ts
/**
 * The fleet modes' side effects, kept to this one module: finding the Dockerfiles and reading the
 * images file (plan), reading the legs' reports one at a time through the workspace's safe read
 * (aggregate), and writing the fleet's one pull-request comment. Everything it decides comes from
 * plan.ts and aggregate.ts; the entry (fleet-main.ts) writes the outputs and alone fails the step.
 */










/** `mode: plan`: the Dockerfiles matching the globs (the default ones when none is given) and the images file. */
async function runPlan(inputs, workspace) {
    const wantDockerfiles = inputs.dockerfiles !== undefined || inputs.imagesFile === undefined;
    const globs = inputs.dockerfiles ?? workspace_files/* DEFAULT_DOCKERFILE_GLOBS */.pe;
    const files = wantDockerfiles ? await (0,workspace_files/* listFiles */.CS)(workspace) : [];
    const dockerfiles = wantDockerfiles ? (0,workspace_files/* matchGlobs */.jv)(files, globs) : [];
    if (inputs.dockerfiles && dockerfiles.length === 0)
        throw (0,errors/* badInput */.AN)('dockerfile', inputs.dockerfiles.join('\n'), 'globs that match at least one Dockerfile of the repository (for example services/*/Dockerfile)');
    let imagesFile;
    if (inputs.imagesFile) {
        const read = (0,safe_read/* readFileSafely */.fJ)(inputs.imagesFile, {
            workspace,
            maxBytes: safe_read/* READ_LIMITS */.Cl.config,
            scope: 'workspace'
        });
        if (!read.ok)
            throw (0,safe_read/* refusedRead */.DC)(`Input 'images-file': ${JSON.stringify(inputs.imagesFile)}`, read, 'Expected a file of the repository listing one image reference per line.');
        imagesFile = { path: inputs.imagesFile, text: read.text };
    }
    const matrix = planMatrix({
        dockerfiles,
        ...(imagesFile ? { imagesFile } : {}),
        ...(inputs.imagePattern ? { imagePattern: inputs.imagePattern } : {}),
        groupSize: inputs.groupSize
    });
    log/* log */.Rm.info(`Plan: ${matrix.include.length} matrix job${matrix.include.length === 1 ? '' : 's'} (${dockerfiles.length} Dockerfile${dockerfiles.length === 1 ? '' : 's'}${imagesFile ? ', the images of ' + inputs.imagesFile : ''}; group-size ${inputs.groupSize}).`);
    return matrix;
}
/** The report files the globs match, inside the workspace; a glob that matches nothing is an error. */
async function reportFiles(globs, workspace) {
    const files = await (0,workspace_files/* listFiles */.CS)(workspace);
    const unmatched = (0,workspace_files/* globsWithoutMatch */.rT)(files, globs);
    if (unmatched.length > 0)
        throw (0,errors/* badInput */.AN)('report', unmatched.join('\n'), "globs that each match a leg's JSON report inside the workspace (download the legs' artifacts there first, for example with actions/download-artifact and path: legs)");
    return (0,workspace_files/* matchGlobs */.jv)(files, globs);
}
/**
 * `mode: aggregate`: every leg's report, read and folded in one at a time, so memory holds one
 * report's text and the distinct findings, never every report at once.
 */
async function runAggregate(inputs, workspace) {
    const files = await reportFiles(inputs.reports, workspace);
    const state = newFleet();
    for (const file of files) {
        const read = (0,safe_read/* readFileSafely */.fJ)(file, { workspace, maxBytes: safe_read/* READ_LIMITS */.Cl.report, scope: 'workspace' });
        if (!read.ok)
            throw (0,safe_read/* refusedRead */.DC)(`Input 'report': ${JSON.stringify(file)}`, read, "Expected a leg's JSON report inside the workspace.");
        const leg = parseLegReport(read.text, file);
        addLeg(state, leg);
        log/* log */.Rm.info(`${file}: leg ${leg.leg}, ${leg.outcome}, ${leg.findings.length} findings.`);
    }
    const result = concludeFleet(state, inputs.expectedLegs, inputs.allowMissingLegs);
    if (result.totals.legs.reported === 0)
        throw new errors/* ConfigurationError */.j1("Input 'report': no leg report was read.");
    return result;
}
/** The fleet's one comment, keyed apart from every leg's: `<workflow>/fleet`, or the comment-key input. */
async function publishFleetComment(inputs, result, env = process.env) {
    if (inputs.comment === 'off' || !env.GITHUB_REPOSITORY || !inputs.githubToken)
        return {};
    const ctx = (0,context/* readRunContext */.$p)(env);
    if (!ctx.pullRequest)
        return {};
    // Loaded only here: the Octokit stack is a fifth of the bundle, and most runs never comment.
    const { createGitHubClient } = await Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(913), __webpack_require__.e(154)]).then(__webpack_require__.bind(__webpack_require__, 43154));
    const client = createGitHubClient({
        token: inputs.githubToken,
        apiUrl: ctx.apiUrl,
        logger: log/* log */.Rm,
        setSecret: log/* log */.Rm.mask
    });
    const key = (0,comment/* commentKey */.Td)({ workflow: ctx.workflow, job: 'fleet', override: inputs.commentKey });
    const runUrl = ctx.runId ? `${ctx.serverUrl}/${ctx.owner}/${ctx.repo}/actions/runs/${ctx.runId}` : undefined;
    const body = renderFleetComment(result, (0,comment/* commentMarker */.Ql)(key), runUrl);
    const upserted = await (0,comment/* upsertComment */.lB)({ client, ctx, key, body, mode: inputs.comment, logger: log/* log */.Rm });
    return {
        ...(upserted.url ? { url: upserted.url } : {}),
        ...(upserted.warnings[0] ? { warning: upserted.warnings[0].message } : {})
    };
}

// EXTERNAL MODULE: ./src/workspace/run-dirs.ts
var run_dirs = __webpack_require__(95209);
;// CONCATENATED MODULE: ./src/fleet-main.ts
/**
 * The fleet modes' step: `mode: plan` writes the matrix of scanning jobs, `mode: aggregate` reads
 * the legs' reports and gives the fleet one verdict, one summary and one comment. Like main.ts, this
 * entry writes the outputs and is the only place (for these modes) that fails the step.
 */







/** The aggregate's outputs: JSON a later job reads with fromJSON. */
function setAggregateOutputs(result, commentUrl) {
    workflow_commands/* setOutput */.uH('verdict', result.outcome);
    workflow_commands/* setOutput */.uH('leg-verdicts', JSON.stringify(result.legs));
    workflow_commands/* setOutput */.uH('fleet-totals', JSON.stringify({ outcome: result.outcome, ...result.totals }));
    workflow_commands/* setOutput */.uH('rebuild-images', JSON.stringify(result.rebuild));
    workflow_commands/* setOutput */.uH('rebuild-required', result.rebuild.length > 0);
    workflow_commands/* setOutput */.uH('blocking-count', result.totals.blocking.distinct);
    workflow_commands/* setOutput */.uH('comment-url', commentUrl ?? '');
}
async function aggregate(inputs, workspace) {
    const result = await log/* log */.Rm.stage("Fleet: the legs' reports", () => runAggregate(inputs, workspace));
    const published = await publishFleetComment(inputs, result);
    if (published.warning)
        log/* log */.Rm.warning(published.warning);
    if (inputs.summary && process.env.GITHUB_STEP_SUMMARY)
        await workflow_commands/* summary */.z.addRaw(renderFleetSummary(result)).write();
    setAggregateOutputs(result, published.url);
    const sentence = `container-gate fleet: ${result.outcome}: ${result.reason}.`;
    log/* log */.Rm.info(sentence);
    if (result.outcome === 'fail' && inputs.fail)
        workflow_commands/* setFailed */.C1((0,log/* escapeCommandData */.V9)(sentence));
}
async function runFleet() {
    try {
        const inputs = (0,fleet/* readFleetInputs */.OP)(name => workflow_commands/* getInput */.V4(name));
        if (inputs.mode === 'aggregate' && inputs.githubToken)
            log/* log */.Rm.mask(inputs.githubToken);
        const workspace = (0,run_dirs/* workspaceRoot */.o)();
        if (inputs.mode === 'plan') {
            const matrix = await runPlan(inputs, workspace);
            workflow_commands/* setOutput */.uH('matrix', JSON.stringify(matrix));
            log/* log */.Rm.info(`matrix: ${JSON.stringify(matrix)}`);
        }
        else {
            await aggregate(inputs, workspace);
        }
    }
    catch (error) {
        if (error instanceof Error && error.stack)
            log/* log */.Rm.debug(error.stack);
        workflow_commands/* setFailed */.C1((0,log/* escapeCommandData */.V9)((0,errors/* failureMessage */.oh)(error)));
    }
}


/***/ })

};
