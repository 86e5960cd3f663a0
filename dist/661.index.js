export const id = 661;
export const ids = [661];
export const modules = {

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

/***/ 86661:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   post: () => (/* binding */ post)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(83916);
/* harmony import */ var _log_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(25625);
/* harmony import */ var _tools_trivy_db_handoff_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1865);
/**
 * The action's post step (action.yml `runs.post`, `post-if: always()`): the runner runs it after
 * the job's steps, with the state main saved, also when the gate failed, the job was cancelled or
 * the step timed out. It keeps Trivy's DB for the next run. It never fails the job: whatever goes
 * wrong here is a warning.
 */



async function post() {
    try {
        await (0,_tools_trivy_db_handoff_js__WEBPACK_IMPORTED_MODULE_1__/* .saveDbAfterJob */ .P0)();
    }
    catch (error) {
        _log_js__WEBPACK_IMPORTED_MODULE_0__/* .log */ .Rm.warning(`Trivy DB cache: not saved (${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .messageOf */ .bD)(error)}).`);
    }
}


/***/ }),

/***/ 83166:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CJ: () => (/* binding */ isTrivyDbCurrent),
/* harmony export */   JF: () => (/* binding */ trivyDbCachePaths),
/* harmony export */   R_: () => (/* binding */ downloadedAt),
/* harmony export */   SE: () => (/* binding */ readTrivyDbMetadata),
/* harmony export */   r$: () => (/* binding */ hasCachedTrivyDb),
/* harmony export */   xo: () => (/* binding */ describeTrivyDbAge)
/* harmony export */ });
/* unused harmony export parseTrivyDbMetadata */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/**
 * Trivy's databases on disk, under its cache dir: which directories hold them (what is cached
 * between runs), whether a complete DB is there, and when Trivy downloaded it.
 */


/** Directories of Trivy's cache dir that hold the databases (not the scan cache). */
function trivyDbCachePaths(cacheDir) {
    return [(0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(cacheDir, 'db'), (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(cacheDir, 'java-db')];
}
/** Whether a usable vulnerability DB is present (what --skip-db-update needs). */
function hasCachedTrivyDb(cacheDir) {
    return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(cacheDir, 'db', 'trivy.db')) && (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(cacheDir, 'db', 'metadata.json'));
}
/** Reads Trivy's `db/metadata.json` (for messages such as "DB updated at ..."); tolerant of junk. */
function parseTrivyDbMetadata(text) {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch {
        return {};
    }
    if (typeof value !== 'object' || value === null)
        return {};
    const record = value;
    const str = (key) => (typeof record[key] === 'string' ? record[key] : undefined);
    return {
        ...(typeof record.Version === 'number' ? { version: record.Version } : {}),
        ...(str('UpdatedAt') ? { updatedAt: str('UpdatedAt') } : {}),
        ...(str('NextUpdate') ? { nextUpdate: str('NextUpdate') } : {}),
        ...(str('DownloadedAt') ? { downloadedAt: str('DownloadedAt') } : {})
    };
}
/** The DB's `DownloadedAt`, or undefined when there is no complete DB. */
function downloadedAt(cacheDir) {
    return readTrivyDbMetadata(cacheDir)?.downloadedAt;
}
/** The DB's metadata on disk, or undefined when there is no complete DB. */
function readTrivyDbMetadata(cacheDir) {
    if (!hasCachedTrivyDb(cacheDir))
        return undefined;
    try {
        return parseTrivyDbMetadata((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(cacheDir, 'db', 'metadata.json'), 'utf8'));
    }
    catch {
        return undefined;
    }
}
/** "built 2026-11-30 06:12 UTC, 5 h old": how fresh the advisories are that a scan is judged on. */
function describeTrivyDbAge(meta, now) {
    const built = meta.updatedAt ? Date.parse(meta.updatedAt) : NaN;
    if (Number.isNaN(built))
        return 'of unknown age (its metadata has no UpdatedAt)';
    const hours = (now.getTime() - built) / 3_600_000;
    const age = hours < 1
        ? 'less than an hour old'
        : hours < 48
            ? `${Math.floor(hours)} h old`
            : `${Math.floor(hours / 24)} days old`;
    return `built ${new Date(built).toISOString().slice(0, 16).replace('T', ' ')} UTC, ${age}`;
}
/** The two databases Trivy keeps in its cache dir, with the schema version this Trivy reads and how
 * long after a download it leaves the DB alone (trivy 0.74 pkg/db and pkg/javadb: 1 h and 24 h). */
const DATABASES = {
    vulnerability: { dir: 'db', file: 'trivy.db', schema: 2, graceMs: 3_600_000 },
    java: { dir: 'java-db', file: 'trivy-java.db', schema: 1, graceMs: 86_400_000 }
};
/**
 * Whether Trivy would leave this DB as it is at `now` (what it decides before a scan: present, its
 * schema, `NextUpdate` not reached or downloaded within the grace period). Only then may a scan be
 * told `--skip-db-update` / `--skip-java-db-update` without changing what it is judged on.
 */
function isTrivyDbCurrent(cacheDir, which, now) {
    const db = DATABASES[which];
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(cacheDir, db.dir, db.file)))
        return false;
    let meta;
    try {
        meta = parseTrivyDbMetadata((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(cacheDir, db.dir, 'metadata.json'), 'utf8'));
    }
    catch {
        return false;
    }
    if (meta.version !== db.schema)
        return false;
    const next = Date.parse(meta.nextUpdate ?? '');
    const downloaded = Date.parse(meta.downloadedAt ?? '');
    // A zero DownloadedAt is Trivy's sign of a copied or half-written DB: it downloads again.
    if (Number.isNaN(downloaded) || downloaded <= 0)
        return false;
    return now.getTime() < next || now.getTime() < downloaded + db.graceMs;
}


/***/ }),

/***/ 1865:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  XU: () => (/* binding */ restoreDb),
  P0: () => (/* binding */ saveDbAfterJob)
});

// UNUSED EXPORTS: TRIVY_DB_STATE, parseTrivyDbCacheState

// EXTERNAL MODULE: ./src/log.ts
var log = __webpack_require__(25625);
// EXTERNAL MODULE: ./src/runner-state.ts
var runner_state = __webpack_require__(99109);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/tools/trivy-db/files.ts
var files = __webpack_require__(83166);
;// CONCATENATED MODULE: ./src/tools/trivy-db/cache.ts
/**
 * Trivy's databases between workflow runs: the DB directories under Trivy's cache dir are saved
 * with @actions/cache under a key per OS and UTC day, and restored by prefix, so the first run of a
 * day starts from yesterday's DB and most runs never touch ghcr.io (whose TOOMANYREQUESTS limits
 * break CI). The save runs in the action's post step (handoff.ts, src/post.ts, action.yml
 * `runs.post`), which the runner runs after the job's steps even when the gate failed, the job was
 * cancelled or the step timed out.
 */


function cacheOs(platform) {
    if (platform === 'darwin')
        return 'macos';
    if (platform === 'win32')
        return 'windows';
    return platform;
}
/** The cache key for `now` and the prefix that restores the most recent earlier one. */
function trivyDbCacheKey(now, platform = process.platform) {
    const restorePrefix = `container-gate-trivy-db-${cacheOs(platform)}-`;
    return { key: `${restorePrefix}${now.toISOString().slice(0, 10)}`, restorePrefix };
}
// @actions/cache brings the Azure Storage SDK (over a third of the bundle): it is loaded on the first
// call, so a run that never touches the cache (cache-db: false, no Trivy, a bad input) never
// compiles it.
const loadCache = () => Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(942), __webpack_require__.e(838), __webpack_require__.e(839), __webpack_require__.e(82), __webpack_require__.e(108)]).then(__webpack_require__.bind(__webpack_require__, 47108));
const actionsCache = {
    isFeatureAvailable: async () => (await loadCache()).isFeatureAvailable(),
    restoreCache: async (paths, key, restoreKeys) => (await loadCache()).restoreCache(paths, key, restoreKeys),
    saveCache: async (paths, key) => (await loadCache()).saveCache(paths, key)
};
async function restoreTrivyDb(options, deps) {
    const { key, restorePrefix } = trivyDbCacheKey(options.now, options.platform);
    const state = {
        enabled: options.enabled,
        cacheDir: options.cacheDir,
        key,
        paths: (0,files/* trivyDbCachePaths */.JF)(options.cacheDir)
    };
    if (!options.enabled)
        return state;
    if (!(await deps.cache.isFeatureAvailable())) {
        deps.logger.info('Trivy DB cache: the Actions cache service is not available here; Trivy will download its DB.');
        return state;
    }
    try {
        const restored = await deps.cache.restoreCache(state.paths, key, [restorePrefix]);
        if (restored) {
            state.restoredKey = restored;
            const at = (0,files/* downloadedAt */.R_)(options.cacheDir);
            if (at !== undefined)
                state.restoredDownloadedAt = at;
            deps.logger.info(`Trivy DB cache: restored ${restored}${restored === key ? '' : ` (Trivy refreshes it if stale)`}.`);
        }
        else {
            deps.logger.info(`Trivy DB cache: nothing cached under ${restorePrefix}*; Trivy will download its DB.`);
        }
    }
    catch (error) {
        // A broken cache must never fail the gate: Trivy can still download.
        deps.logger.warning(`Trivy DB cache: restore failed (${(0,errors/* messageOf */.bD)(error)}); Trivy will download its DB.`);
    }
    return state;
}
/**
 * Saves the DB for later runs. Never throws: it runs in the post step and must not turn a job's
 * outcome. "saved" is said only when @actions/cache says it stored the entry (an ID, not -1).
 */
async function saveTrivyDb(state, deps) {
    const skip = (reason) => {
        deps.logger.info(`Trivy DB cache: not saved, ${reason}.`);
        return { saved: false, reason };
    };
    if (!state.enabled)
        return skip('cache-db is false');
    if (state.restoredKey === state.key)
        return skip(`${state.key} was restored unchanged`);
    if (!(0,files/* hasCachedTrivyDb */.r$)(state.cacheDir))
        return skip('Trivy has no complete DB in its cache dir');
    const at = (0,files/* downloadedAt */.R_)(state.cacheDir);
    if (at === undefined)
        return skip('Trivy did not finish downloading its DB');
    if (at === state.restoredDownloadedAt)
        return skip(`the DB is still the one restored from ${state.restoredKey ?? 'the cache'}`);
    try {
        if (!(await deps.cache.isFeatureAvailable()))
            return skip('the Actions cache service is not available');
        const id = await deps.cache.saveCache(state.paths, state.key);
        if (!Number.isInteger(id) || id < 0)
            // The library has already logged why (another job saving the same key, a server error...).
            return skip(`the Actions cache did not store ${state.key} (its reason is logged above)`);
        deps.logger.info(`Trivy DB cache: saved ${state.key}.`);
        return { saved: true, reason: `saved ${state.key}` };
    }
    catch (error) {
        deps.logger.warning(`Trivy DB cache: save failed (${(0,errors/* messageOf */.bD)(error)}).`);
        return { saved: false, reason: (0,errors/* messageOf */.bD)(error) };
    }
}

;// CONCATENATED MODULE: ./src/tools/trivy-db/handoff.ts
/**
 * Handing the DB cache from the main step to the post step: main restores the DB and at once saves
 * what the post step must save in the runner's state (the job may be cancelled or time out while
 * Trivy runs, and the post step still runs then: action.yml `post-if: always()`); the post step
 * reads it back, checked field by field, and saves.
 */



/** The state key under which main hands the DB cache to the post step. */
const TRIVY_DB_STATE = 'trivy-db-cache';
/**
 * The state the post step gets back (core.saveState → STATE_*), checked field by field: it is
 * parsed in another process, and anything unexpected means "nothing to save".
 */
function parseTrivyDbCacheState(text) {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch {
        return undefined;
    }
    if (typeof value !== 'object' || value === null)
        return undefined;
    const v = value;
    const optional = (name) => v[name] === undefined || typeof v[name] === 'string';
    if (typeof v.enabled !== 'boolean' || typeof v.cacheDir !== 'string' || typeof v.key !== 'string')
        return undefined;
    if (!Array.isArray(v.paths) || !v.paths.every(p => typeof p === 'string'))
        return undefined;
    if (!optional('restoredKey') || !optional('restoredDownloadedAt'))
        return undefined;
    return {
        enabled: v.enabled,
        cacheDir: v.cacheDir,
        key: v.key,
        paths: v.paths,
        ...(typeof v.restoredKey === 'string' ? { restoredKey: v.restoredKey } : {}),
        ...(typeof v.restoredDownloadedAt === 'string' ? { restoredDownloadedAt: v.restoredDownloadedAt } : {})
    };
}
/**
 * Restores Trivy's DB and, at once, tells the post step what to save: the job may be cancelled or
 * time out while Trivy runs, and the post step still runs then (action.yml `post-if: always()`).
 */
async function restoreDb(cacheDir, settings, now, logger = log/* log */.Rm) {
    const state = await restoreTrivyDb({ cacheDir, enabled: settings.cacheDb, now }, { cache: actionsCache, logger });
    runner_state/* runnerState */.E.save(TRIVY_DB_STATE, JSON.stringify(state));
    return state;
}
/** The post step's work: save the DB main restored and Trivy refreshed, if any. Never throws. */
async function saveDbAfterJob() {
    const saved = runner_state/* runnerState */.E.get(TRIVY_DB_STATE);
    if (saved === '')
        return; // main scanned no image (or never got that far): no DB to keep
    const state = parseTrivyDbCacheState(saved);
    if (!state) {
        log/* log */.Rm.warning('Trivy DB cache: not saved, the state main left for this post step is unreadable.');
        return;
    }
    await saveTrivyDb(state, { cache: actionsCache, logger: log/* log */.Rm });
}


/***/ })

};
