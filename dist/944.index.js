export const id = 944;
export const ids = [944];
export const modules = {

/***/ 79944:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: ./src/workflow-commands.ts
var workflow_commands = __webpack_require__(16137);
;// CONCATENATED MODULE: ./src/oci/platform.ts
/**
 * Platforms as BuildKit reads them (github.com/containerd/platforms Parse + Normalize, which
 * buildx and the Dockerfile frontend both apply): `linux/arm64`, `linux/arm/v7`, `windows/amd64`.
 * They give the automatic platform ARGs (TARGETOS, TARGETARCH, …) their values.
 */
const OS_COMPONENT = /^([A-Za-z0-9_-]+)(?:\(([A-Za-z0-9_.%-]*)((?:\+[A-Za-z0-9_.%-]+)*)\))?$/;
const COMPONENT = /^[A-Za-z0-9_.-]+$/;
const KNOWN_OS = new Set('aix android darwin dragonfly freebsd hurd illumos ios js linux nacl netbsd openbsd plan9 solaris windows zos'.split(' '));
const KNOWN_ARCH = new Set('386 amd64 amd64p32 arm armbe arm64 arm64be ppc64 ppc64le loong64 mips mipsle mips64 mips64le mips64p32 mips64p32le ppc riscv riscv64 s390 s390x sparc sparc64 wasm'.split(' '));
function normalizeOs(os) {
    const lower = os.toLowerCase();
    return lower === 'macos' ? 'darwin' : lower;
}
/** containerd's normalizeArch: the canonical architecture and variant names. */
function normalizeArch(arch, variant) {
    const a = arch.toLowerCase();
    let v = variant.toLowerCase();
    switch (a) {
        case 'i386':
            return ['386', ''];
        case 'x86_64':
        case 'x86-64':
        case 'amd64':
            return ['amd64', v === 'v1' ? '' : v];
        case 'aarch64':
        case 'arm64':
            if (['8', 'v8', 'v8.0'].includes(v))
                v = '';
            else if (['9', '9.0', 'v9.0'].includes(v))
                v = 'v9';
            return ['arm64', v];
        case 'armhf':
            return ['arm', 'v7'];
        case 'armel':
            return ['arm', 'v6'];
        case 'arm':
            if (v === '' || v === '7')
                v = 'v7';
            else if (['5', '6', '8'].includes(v))
                v = `v${v}`;
            return ['arm', v];
    }
    return [a, v];
}
/** A platform specifier that says everything itself: `os/arch` or `os/arch/variant`, no OS version. */
function parsePlatform(specifier) {
    const parts = specifier.split('/');
    if (parts.length < 2 || parts.length > 3)
        return { error: 'expected os/arch or os/arch/variant' };
    if (specifier.includes('*'))
        return { error: 'wildcards are not platforms' };
    if (!/^[A-Za-z0-9_-]+$/.test(parts[0]))
        return {
            error: `'${parts[0]}' is not an operating system name (OS versions and features are not supported here)`
        };
    const bad = parts.slice(1).find(p => !COMPONENT.test(p));
    if (bad !== undefined)
        return { error: `'${bad}' is not an architecture or variant name` };
    let [architecture, variant] = normalizeArch(parts[1], parts[2] ?? '');
    // containerd's Parse, before Normalize: a 3-part arm64 without variant is v8 (then normalized away)
    if (parts.length === 2 && architecture === 'arm' && variant === 'v7')
        variant = '';
    [architecture, variant] = normalizeArch(architecture, variant);
    return { os: normalizeOs(parts[0]), architecture, variant };
}
function isPlatform(value) {
    return !('error' in value);
}
/** `os/arch[/variant]`, as TARGETPLATFORM and BUILDPLATFORM spell it. */
function formatPlatform(p) {
    return [p.os, p.architecture, p.variant].filter(s => s !== '').join('/');
}
/**
 * Whether BuildKit accepts a FROM's `--platform` value (containerd's Parse, every form it takes:
 * one component naming a known OS or architecture, an OS with version and features, up to three
 * components). BuildKit refuses the Dockerfile when it does not.
 */
function isPlatformSpecifier(specifier) {
    if (specifier.includes('*'))
        return false;
    const parts = specifier.split('/', 4);
    if (specifier.split('/').length > 3)
        return false;
    const os = OS_COMPONENT.exec(parts[0]);
    if (!os)
        return false;
    if (!validOsOptions(os[2] ?? '', os[3] ?? ''))
        return false;
    if (parts.slice(1).some(p => !COMPONENT.test(p)))
        return false;
    if (parts.length > 1)
        return true;
    const name = normalizeOs(os[1]);
    return KNOWN_OS.has(name) || KNOWN_ARCH.has(normalizeArch(parts[0], '')[0]);
}
/** OS versions and features may be percent-encoded; a bad escape or an empty feature is an error. */
function validOsOptions(version, features) {
    const decodes = (s) => {
        if (!s.includes('%'))
            return true;
        try {
            decodeURIComponent(s);
            return true;
        }
        catch {
            return false;
        }
    };
    if (!decodes(version))
        return false;
    if (features === '')
        return true;
    return features
        .slice(1)
        .split('+')
        .every(f => f.trim() !== '' && decodes(f.trim()));
}
/** The runner's own platform: what buildx builds for and on when no platform is given. */
function runnerPlatform(platform = process.platform, arch = process.arch) {
    const architecture = {
        x64: 'amd64',
        ia32: '386',
        arm64: 'arm64',
        arm: 'arm',
        ppc64: 'ppc64le',
        s390x: 's390x',
        riscv64: 'riscv64'
    }[arch] ?? arch;
    return {
        os: platform === 'win32' ? 'windows' : 'linux',
        architecture,
        variant: architecture === 'arm' ? 'v7' : ''
    };
}

// EXTERNAL MODULE: ./src/oci/image-ref.ts
var image_ref = __webpack_require__(2804);
;// CONCATENATED MODULE: ./src/checks/base-images/shell-pattern.ts
/**
 * The shell patterns of BuildKit's lexer (`${VAR#pattern}`, `${VAR%pattern}`, `${VAR/pattern/…}`):
 * `*` and `?` wildcards and `\\` escapes, no bracket expressions, as lex.go's
 * convertShellPatternToRegex; Go's regular expressions are leftmost-first like JavaScript's.
 */
/** A word BuildKit refuses (an unterminated quote, `${}`, an unsupported modifier...). */
class ShellSyntaxError extends Error {
    constructor(message) {
        super(message);
        this.name = 'ShellSyntaxError';
    }
}
/** A shell wildcard pattern (`*`, `?`, `\` escapes; no brackets) as a regular expression. */
function shellPatternToRegex(pattern, greedy, anchored) {
    const chars = Array.from(pattern);
    let out = anchored ? '^' : '';
    for (let i = 0; i < chars.length; i++) {
        let ch = chars[i];
        if (ch === '*') {
            out += greedy ? '[^\\n]*' : '[^\\n]*?'; // Go's `.`: anything but a newline
            continue;
        }
        if (ch === '?') {
            out += '[^\\n]';
            continue;
        }
        if (ch === '\\') {
            // `}` and `/` are escaped inside ${}, but the escape is not part of the pattern
            if (chars[i + 1] === '}' || chars[i + 1] === '/')
                continue;
            ch = chars[++i] ?? '';
            if (ch !== '*' && ch !== '?' && ch !== '\\')
                throw new ShellSyntaxError(`invalid pattern (${pattern}) in substitution: invalid escape '\\${ch}'`);
            out += `\\${ch}`;
            continue;
        }
        out += /[[\]{}.+()|^$]/.test(ch) ? `\\${ch}` : ch;
    }
    return new RegExp(out, 'u');
}
/** Go's Regexp.Expand for a pattern without groups, which ReplaceAllString applies to the
 * replacement: `$$` is `$`, `$0` / `${0}` the match, any other `$name` empty; a malformed `$` stays. */
function expandTemplate(template, match) {
    return template.replace(/\$(?:\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g, (whole, braced, bare) => {
        if (whole === '$$')
            return '$';
        const name = braced ?? bare ?? '';
        return name === '0' ? match : ''; // Go reads no leading zeros: $00 is a name
    });
}
function trimPrefix(pattern, value, greedy) {
    const m = shellPatternToRegex(pattern, greedy, true).exec(value);
    return m ? value.slice(m[0].length) : value;
}
/** Reverses a pattern without splitting its escapes (`a\*c` → `c\*a`). */
function reversePattern(pattern) {
    const chars = Array.from(pattern);
    const out = new Array(chars.length);
    const last = chars.length - 1;
    for (let i = 0; i <= last;) {
        const ch = chars[i];
        if (ch === '\\' && i !== last) {
            out[last - i - 1] = ch;
            out[last - i] = chars[i + 1];
            i += 2;
        }
        else {
            out[last - i] = ch;
            i++;
        }
    }
    return out.join('');
}
const reverse = (s) => Array.from(s).reverse().join('');
/** The shortest (or longest) matching suffix, found as a prefix of the reversed value. */
function trimSuffix(pattern, value, greedy) {
    return reverse(trimPrefix(reversePattern(pattern), reverse(value), greedy));
}

;// CONCATENATED MODULE: ./src/checks/base-images/shell-lex.ts
/**
 * BuildKit's shell lexer (frontend/dockerfile/shell, v0.34): how a Dockerfile word such as a FROM
 * image or an ARG default is unquoted and has its `$VAR` / `${VAR…}` references expanded. Written
 * after BuildKit's lex.go, quirks included, and checked against it by the differential tests: a
 * base-image allowlist is only as good as this reading.
 */


const EOF = '';
const SPECIAL_PARAMS = new Set(['@', '*', '#', '?', '-', '$', '!', '0']);
const isSpace = (ch) => ch !== EOF && /^\p{White_Space}$/u.test(ch);
const isLetter = (ch) => ch !== EOF && /^\p{L}$/u.test(ch);
const isDigit = (ch) => ch !== EOF && /^\p{Nd}$/u.test(ch);
/** Go's `strings.Builder` shared by every nesting level, as BuildKit's `shellWord.wordsBuffer` is:
 * a nested `${VAR:-word}` resets it, which shows in the field splitting. */
class WordBuffer {
    text = '';
}
/** Field splitting of one processStopOn call (BuildKit's wordsStruct). */
class Fields {
    buf;
    words = [];
    inWord = false;
    constructor(buf) {
        this.buf = buf;
    }
    addChar(ch) {
        if (isSpace(ch) && this.inWord) {
            if (this.buf.text.length !== 0) {
                this.words.push(this.buf.text);
                this.buf.text = '';
                this.inWord = false;
            }
        }
        else if (!isSpace(ch))
            this.addRawChar(ch);
    }
    addRawChar(ch) {
        this.buf.text += ch;
        this.inWord = true;
    }
    addString(s) {
        for (const ch of s)
            this.addChar(ch);
    }
    addRawString(s) {
        this.buf.text += s;
        this.inWord = true;
    }
    get() {
        if (this.buf.text.length > 0) {
            this.words.push(this.buf.text);
            this.buf.text = '';
            this.inWord = false;
        }
        return this.words;
    }
}
class ShellWord {
    env;
    opts;
    chars;
    pos = 0;
    buf = new WordBuffer();
    rawEscapes;
    matched = new Set();
    unmatched = new Set();
    constructor(word, env, opts) {
        this.env = env;
        this.opts = opts;
        this.chars = Array.from(word);
        this.rawEscapes = opts.rawEscapes;
    }
    peek() {
        return this.chars[this.pos] ?? EOF;
    }
    next() {
        return this.pos < this.chars.length ? this.chars[this.pos++] : EOF;
    }
    process() {
        return this.processStopOn(EOF, this.rawEscapes, false);
    }
    /** Reads until `stop` (or the end); `rawEscapes` keeps escape tokens, `preservePatternEscapes`
     * doubles them inside quotes so a `${VAR#pattern}` pattern can be read again. */
    processStopOn(stop, rawEscapes, preservePatternEscapes) {
        let result = '';
        this.buf.text = '';
        const fields = new Fields(this.buf);
        const saved = this.rawEscapes;
        this.rawEscapes = rawEscapes;
        try {
            while (this.peek() !== EOF) {
                let ch = this.peek();
                if (stop !== EOF && ch === stop) {
                    this.next();
                    return { value: result, words: fields.get() };
                }
                const special = this.special(ch, preservePatternEscapes);
                if (special !== undefined) {
                    const text = special();
                    result += text;
                    if (ch === '$')
                        fields.addString(text);
                    else
                        fields.addRawString(text);
                    continue;
                }
                ch = this.next();
                if (ch === this.opts.escapeToken) {
                    if (this.rawEscapes) {
                        fields.addRawChar(ch);
                        result += ch;
                    }
                    ch = this.next();
                    if (ch === EOF)
                        break;
                    fields.addRawChar(ch);
                }
                else
                    fields.addChar(ch);
                result += ch;
            }
            if (stop !== EOF)
                throw new ShellSyntaxError(`unexpected end of statement while looking for matching ${stop}`);
            return { value: result, words: fields.get() };
        }
        finally {
            if (rawEscapes !== saved)
                this.rawEscapes = saved;
        }
    }
    special(ch, preservePatternEscapes) {
        if (ch === '$')
            return () => this.processDollar();
        if (ch === '<')
            return () => this.processPossibleHeredoc();
        if (ch === "'")
            return () => this.processSingleQuote(preservePatternEscapes);
        if (ch === '"')
            return () => this.processDoubleQuote(preservePatternEscapes);
        return undefined;
    }
    processSingleQuote(preservePatternEscapes) {
        let result = '';
        const open = this.next();
        if (this.opts.rawQuotes)
            result += open;
        for (;;) {
            const ch = this.next();
            if (ch === EOF)
                throw new ShellSyntaxError('unexpected end of statement while looking for matching single-quote');
            if (ch === "'")
                return this.opts.rawQuotes ? result + ch : result;
            if (preservePatternEscapes && ch === this.opts.escapeToken)
                result += ch;
            result += ch;
        }
    }
    processDoubleQuote(preservePatternEscapes) {
        let result = '';
        const open = this.next();
        if (this.opts.rawQuotes)
            result += open;
        for (;;) {
            const peeked = this.peek();
            if (peeked === EOF)
                throw new ShellSyntaxError('unexpected end of statement while looking for matching double-quote');
            if (peeked === '"') {
                const close = this.next();
                return this.opts.rawQuotes ? result + close : result;
            }
            if (peeked === '$') {
                result += this.processDollar();
                continue;
            }
            let ch = this.next();
            if (ch === this.opts.escapeToken) {
                const after = this.peek();
                if (after === EOF)
                    continue; // an escape at the very end is dropped
                if (after === '"' || after === '$' || after === this.opts.escapeToken) {
                    if (this.rawEscapes)
                        result += ch;
                    ch = this.next();
                }
                else if (this.rawEscapes && (!this.opts.rawQuotes || preservePatternEscapes)) {
                    result += ch; // other escapes stay literal (and are written once more for patterns)
                }
            }
            result += ch;
        }
    }
    processName() {
        let name = '';
        while (this.peek() !== EOF) {
            const ch = this.peek();
            if (name.length === 0 && isDigit(ch)) {
                while (this.peek() !== EOF && isDigit(this.peek()))
                    name += this.next();
                return name;
            }
            if (name.length === 0 && SPECIAL_PARAMS.has(ch))
                return this.next();
            if (!isLetter(ch) && !isDigit(ch) && ch !== '_')
                break;
            name += this.next();
        }
        return name;
    }
    getEnv(name) {
        const value = this.env.get(name);
        if (value !== undefined) {
            this.matched.add(name);
            return { value, set: true };
        }
        this.unmatched.add(name);
        return { value: '', set: false };
    }
    processDollar() {
        this.next();
        if (this.peek() !== '{') {
            const name = this.processName();
            if (name === '')
                return '$';
            const { value, set } = this.getEnv(name);
            return !set && this.opts.skipUnsetEnv ? `$${name}` : value;
        }
        this.next();
        const first = this.peek();
        if (first === EOF)
            throw new ShellSyntaxError("syntax error: missing '}'");
        if (first === '{' || first === '}' || first === ':')
            throw new ShellSyntaxError('syntax error: bad substitution');
        const name = this.processName();
        let ch = this.next();
        let modifier = ch;
        if (ch === '}') {
            const { value, set } = this.getEnv(name);
            return !set && this.opts.skipUnsetEnv ? `\${${name}}` : value;
        }
        if (ch === '/')
            return this.processReplace(name);
        let nullIsUnset = false;
        if (ch === ':') {
            nullIsUnset = true;
            ch = this.next();
            modifier += ch;
        }
        if (!['+', '-', '?', '#', '%'].includes(ch))
            throw new ShellSyntaxError(`unsupported modifier (${modifier}) in substitution`);
        return this.processModifier(name, ch, modifier, nullIsUnset);
    }
    /** `${VAR-word}`, `${VAR:-word}`, `+`, `?`, and the pattern removals `#`, `##`, `%`, `%%`. */
    processModifier(name, ch, modifier, nullIsUnset) {
        const pattern = ch === '#' || ch === '%';
        if (nullIsUnset && pattern)
            throw new ShellSyntaxError(`unsupported modifier (${modifier}) in substitution`);
        let word;
        try {
            word = this.processStopOn('}', pattern, pattern).value;
        }
        catch (error) {
            if (this.peek() === EOF)
                throw new ShellSyntaxError("syntax error: missing '}'");
            throw error;
        }
        const { value, set } = this.getEnv(name);
        if (this.opts.skipUnsetEnv && !set)
            return `\${${name}${modifier}${word}}`;
        const empty = !set || (nullIsUnset && value === '');
        switch (ch) {
            case '-':
                return empty ? word : value;
            case '+':
                return empty ? '' : word;
            case '?':
                if (!set)
                    throw new ShellSyntaxError(`${name}: ${word || 'is not allowed to be unset'}`);
                if (nullIsUnset && value === '')
                    throw new ShellSyntaxError(`${name}: ${word || 'is not allowed to be empty'}`);
                return value;
            default: {
                const greedy = word.length > 0 && word[0] === ch;
                const p = greedy ? word.slice(1) : word;
                return ch === '%' ? trimSuffix(p, value, greedy) : trimPrefix(p, value, greedy);
            }
        }
    }
    /** `${VAR/pattern/replacement}` and `${VAR//pattern/replacement}`. */
    processReplace(name) {
        const all = this.peek() === '/';
        if (all)
            this.next();
        let pattern;
        let replacement;
        try {
            pattern = this.processStopOn('/', true, true).value;
        }
        catch (error) {
            if (this.peek() === EOF)
                throw new ShellSyntaxError("syntax error: missing '/' in ${}");
            throw error;
        }
        try {
            replacement = this.processStopOn('}', true, false).value;
        }
        catch (error) {
            if (this.peek() === EOF)
                throw new ShellSyntaxError("syntax error: missing '}'");
            throw error;
        }
        const { value, set } = this.getEnv(name);
        if (this.opts.skipUnsetEnv && !set)
            return `\${${name}/${pattern}/${replacement}}`;
        const re = shellPatternToRegex(pattern, true, false);
        if (all)
            return value.replace(new RegExp(re.source, 'gu'), match => expandTemplate(replacement, match));
        const m = re.exec(value);
        return m ? value.slice(0, m.index) + replacement + value.slice(m.index + m[0].length) : value;
    }
    processPossibleHeredoc() {
        this.next();
        if (this.peek() !== '<')
            return '<';
        this.next();
        let space = '';
        while (['\t', '\r', ' '].includes(this.peek()))
            space += this.next();
        return `<<${space}`;
    }
}
/** Unquotes and expands one word as BuildKit does; throws ShellSyntaxError where BuildKit fails. */
function processWord(word, env, options = {}) {
    const sw = new ShellWord(word, env, {
        escapeToken: options.escapeToken ?? '\\',
        rawQuotes: options.rawQuotes ?? false,
        rawEscapes: options.rawEscapes ?? false,
        skipUnsetEnv: options.skipUnsetEnv ?? false
    });
    try {
        const { value, words } = sw.process();
        return { value, words, matched: sw.matched, unmatched: sw.unmatched };
    }
    catch (error) {
        if (error instanceof ShellSyntaxError)
            throw new ShellSyntaxError(`failed to process "${word}": ${error.message}`);
        throw error;
    }
}

;// CONCATENATED MODULE: ./src/checks/base-images/parser.ts
/**
 * Splits a Dockerfile into instructions the way BuildKit's parser does (frontend/dockerfile/parser,
 * v0.34): a byte-order mark, the `# escape=` directive, line continuations with the escape token,
 * comment and blank lines inside continuations, builder flags (`--platform=…`), and heredoc bodies,
 * which are never instructions. Only what the base-image checks read is kept: every instruction's
 * name, flags and lines, and the arguments of FROM and ARG.
 */

/** A Dockerfile BuildKit refuses to parse: nothing is built from it. */
class DockerfileSyntaxError extends Error {
    line;
    constructor(message, line) {
        super(message);
        this.line = line;
        this.name = 'DockerfileSyntaxError';
    }
}
const DIRECTIVE = /^([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*([^\n]+?)[\t\n\f\r ]*$/;
const DIRECTIVES = new Set(['syntax', 'escape', 'check']);
const WHITESPACE = /[\t\v\f\r ]+/;
const HEREDOC = /^(\d*)<<(-?)[\t\n\f\r ]*([^<]*)$/;
const HEREDOC_COMMANDS = new Set(['add', 'copy', 'run']);
/** bufio.Scanner's limit: a longer line makes BuildKit refuse the file. */
const MAX_LINE_BYTES = 64 * 1024;
const parser_isSpace = (ch) => /^\p{White_Space}$/u.test(ch);
const trimLeft = (s) => s.replace(/^\p{White_Space}+/u, '');
const trim = (s) => s.replace(/^\p{White_Space}+|\p{White_Space}+$/gu, '');
const trimNewline = (s) => s.replace(/[\r\n]+$/, '');
const isComment = (line) => trimLeft(line).startsWith('#');
const regexEscape = (s) => s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
/** The parser directives at the top of the file: they end at the first line that is not one. */
class Directives {
    escapeToken = '\\';
    continuation = Directives.continuationRegex('\\');
    done = false;
    seen = new Set();
    static continuationRegex(e) {
        const t = regexEscape(e);
        return new RegExp(`([^${t}])${t}[ \\t]*$|^${t}[ \\t]*$`);
    }
    /** Reads a possible `# name=value` directive; an `escape` one changes the escape token. */
    read(line, lineNo) {
        if (this.done)
            return;
        if (!line.startsWith('#')) {
            this.done = true;
            return;
        }
        const match = DIRECTIVE.exec(trimLeft(line.slice(1)));
        const name = match?.[1]?.toLowerCase();
        if (!match || !name || !DIRECTIVES.has(name)) {
            this.done = true;
            return;
        }
        if (this.seen.has(name))
            throw new DockerfileSyntaxError(`only one ${name} parser directive can be used`, lineNo);
        this.seen.add(name);
        if (name !== 'escape')
            return;
        const value = match[2];
        if (value !== '`' && value !== '\\')
            throw new DockerfileSyntaxError(`invalid escape token '${value}' does not match \` or \\`, lineNo);
        this.escapeToken = value;
        this.continuation = Directives.continuationRegex(value);
    }
    /** Strips a trailing escape token; false when the line continues on the next one. */
    trimContinuation(line) {
        if (!this.continuation.test(line))
            return { text: line, ends: true };
        return { text: line.replace(this.continuation, '$1'), ends: false };
    }
}
/** Lines with their endings, as BuildKit's scanner yields them. */
function scanLines(text) {
    const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
    lines.forEach((line, i) => {
        if (Buffer.byteLength(line) > MAX_LINE_BYTES)
            throw new DockerfileSyntaxError(`dockerfile line greater than max allowed size of ${MAX_LINE_BYTES - 1}`, i + 1);
    });
    return lines;
}
/** BuildKit's extractBuilderFlags: leading `--name=value` words (quotes and escapes allowed). */
function extractFlags(line, escapeToken) {
    const flags = [];
    let pos = 0;
    for (;;) {
        while (pos < line.length && parser_isSpace(line[pos]))
            pos++;
        if (pos >= line.length)
            return { rest: '', flags };
        if (!line.startsWith('--', pos))
            return { rest: line.slice(pos), flags };
        let word = '';
        let quote = '';
        let blankOk = false;
        for (; pos < line.length; pos++) {
            let ch = line[pos];
            if (quote === '' && parser_isSpace(ch))
                break;
            if (quote === '' && (ch === "'" || ch === '"')) {
                ;
                [quote, blankOk] = [ch, true];
                continue;
            }
            if (quote !== '' && ch === quote) {
                quote = '';
                continue;
            }
            if (ch === escapeToken) {
                if (pos + 1 === line.length) {
                    quote = '';
                    continue;
                }
                ch = line[++pos];
            }
            word += ch;
        }
        if (word === '--')
            return { rest: pos < line.length ? line.slice(pos) : '', flags };
        if (blankOk || word.length > 0)
            flags.push(word);
    }
}
/** BuildKit's parseWords (ARG): white-space separated words, quotes and escapes kept for the lexer. */
function parseWords(rest, escapeToken) {
    const chars = Array.from(rest);
    const words = [];
    let word = '';
    let inWord = false;
    let quote = '';
    let blankOk = false;
    for (let i = 0; i < chars.length; i++) {
        let ch = chars[i];
        if (!inWord && quote === '') {
            if (parser_isSpace(ch))
                continue;
            inWord = true;
        }
        if (quote === '') {
            if (parser_isSpace(ch)) {
                if (blankOk || word.length > 0)
                    words.push(word);
                [word, inWord, blankOk] = ['', false, false];
                continue;
            }
            if (ch === "'" || ch === '"')
                [quote, blankOk] = [ch, true];
            if (ch === escapeToken) {
                if (i + 1 === chars.length)
                    continue;
                word += ch;
                ch = chars[++i];
            }
            word += ch;
            continue;
        }
        if (ch === quote)
            quote = '';
        else if (ch === escapeToken && quote !== "'") {
            if (i + 1 === chars.length)
                continue;
            word += ch;
            ch = chars[++i];
        }
        word += ch;
    }
    if ((inWord || quote !== '') && (blankOk || word.length > 0))
        words.push(word);
    return words;
}
/** Whether `rest` is a JSON string array (the exec form); a JSON array of anything else is an error. */
function isJsonForm(rest, line) {
    const text = trimLeft(rest);
    if (!text.startsWith('['))
        return false;
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch {
        return false;
    }
    if (!Array.isArray(parsed))
        return false;
    if (parsed.some(v => typeof v !== 'string'))
        throw new DockerfileSyntaxError('when using JSON array syntax, arrays must be comprised of strings only', line);
    return true;
}
function newInstruction(line, d, startLine) {
    const text = trim(line);
    const gap = WHITESPACE.exec(text);
    const command = gap ? text.slice(0, gap.index) : text;
    const { rest, flags } = gap
        ? extractFlags(text.slice(gap.index + gap[0].length), d.escapeToken)
        : { rest: '', flags: [] };
    const args = trim(rest);
    const name = command.toLowerCase();
    const out = { command, args: [], flags, text: args, startLine, endLine: startLine, json: false };
    if (name === 'from')
        out.args = args === '' ? [] : args.split(WHITESPACE);
    else if (name === 'arg')
        out.args = parseWords(args, d.escapeToken);
    else if (name === 'onbuild' && args !== '')
        return { ...out, child: newInstruction(args, d, startLine) };
    else if (['run', 'cmd', 'entrypoint', 'shell', 'add', 'copy', 'volume'].includes(name))
        out.json = args !== '' && isJsonForm(args, startLine);
    return out;
}
/** The heredocs a RUN/COPY/ADD line opens (`<<EOF`, `<<-EOF`, `<<"EOF"`), in order. */
function heredocsOf(line, lineNo) {
    const lex = { rawQuotes: true, rawEscapes: true, skipUnsetEnv: true };
    let words;
    try {
        words = processWord(line, new Map(), lex).words;
    }
    catch {
        return [];
    }
    const docs = [];
    for (const word of words) {
        const m = HEREDOC.exec(word);
        if (!m || m[3] === '')
            continue;
        try {
            const plain = processWord(m[3], new Map(), { skipUnsetEnv: true }).words;
            if (plain.length !== 1)
                continue;
            const raw = processWord(m[3], new Map(), { skipUnsetEnv: true, rawQuotes: true }).words;
            if (raw.length !== plain.length)
                throw new DockerfileSyntaxError(`internal lexing of heredoc produced inconsistent results: ${m[3]}`, lineNo);
            docs.push({ name: plain[0], chomp: m[2] === '-' });
        }
        catch (error) {
            if (error instanceof ShellSyntaxError)
                throw new DockerfileSyntaxError(error.message, lineNo);
            throw error;
        }
    }
    return docs;
}
function canContainHeredoc(ins) {
    const target = ins.command.toLowerCase() === 'onbuild' && ins.child ? ins.child : ins;
    return HEREDOC_COMMANDS.has(target.command.toLowerCase()) && !target.json;
}
/** Parses a Dockerfile as BuildKit does; throws DockerfileSyntaxError where BuildKit refuses it. */
function parseDockerfile(text) {
    const lines = scanLines(text.startsWith('\uFEFF') ? text.slice(1) : text);
    const d = new Directives();
    const instructions = [];
    let current = 0;
    let i = 0;
    const nextRaw = () => (i < lines.length ? lines[i++] : undefined);
    const processLine = (raw, stripLeft) => {
        let token = trimNewline(raw);
        if (stripLeft)
            token = trimLeft(token);
        d.read(token, current + 1);
        return isComment(token) ? '' : token;
    };
    for (let raw = nextRaw(); raw !== undefined; raw = nextRaw()) {
        const first = processLine(raw, true);
        current++;
        const startLine = current;
        let { text: buf, ends } = d.trimContinuation(first);
        if (ends && buf.length === 0)
            continue;
        while (!ends) {
            const more = nextRaw();
            if (more === undefined)
                break;
            const piece = processLine(more, false);
            current++;
            if (isComment(more) || trimLeft(trimNewline(piece)).length === 0)
                continue;
            const cont = d.trimContinuation(piece);
            buf += cont.text;
            ends = cont.ends;
        }
        const ins = newInstruction(buf, d, startLine);
        if (canContainHeredoc(ins) && buf.includes('<<')) {
            for (const doc of heredocsOf(buf, startLine)) {
                let terminated = false;
                for (let body = nextRaw(); body !== undefined; body = nextRaw()) {
                    current++;
                    let candidate = trimNewline(body);
                    if (doc.chomp)
                        candidate = candidate.replace(/^\t+/, '');
                    if (candidate === doc.name) {
                        terminated = true;
                        break;
                    }
                }
                if (!terminated)
                    throw new DockerfileSyntaxError('unterminated heredoc', startLine);
            }
        }
        const { json: _json, ...instruction } = ins;
        instructions.push({ ...instruction, endLine: current });
    }
    if (instructions.length === 0)
        throw new DockerfileSyntaxError('file with no instructions', current);
    return { instructions, escapeToken: d.escapeToken };
}
/**
 * The frontend image a `# syntax=` directive names (BuildKit's DetectSyntax): after an optional
 * byte-order mark and `#!` line, in the leading `#` directives, else `//` ones, else a JSON file's
 * "syntax" key. BuildKit pulls that image and lets it build instead of its own Dockerfile frontend.
 */
function detectSyntax(text) {
    let data = text.startsWith('\uFEFF') ? text.slice(1) : text;
    let offset = 0;
    const firstEnd = data.indexOf('\n');
    if (data.startsWith('#!')) {
        data = firstEnd < 0 ? '' : data.slice(firstEnd + 1);
        offset = 1;
    }
    for (const comment of ['#', '//']) {
        const found = leadingDirective(data, comment, 'syntax');
        if (found)
            return { ref: found.value.split(' ')[0], line: found.line + offset };
    }
    try {
        const json = JSON.parse(data);
        const value = json?.syntax;
        if (json && typeof json === 'object' && !Array.isArray(json) && typeof value === 'string')
            return { ref: value, line: offset };
    }
    catch {
        // not JSON: no syntax directive
    }
    return undefined;
}
/** BuildKit's DirectiveParser.ParseAll for one comment prefix: the directive `key`, if set. */
function leadingDirective(data, comment, key) {
    const seen = new Set();
    const lines = data.split('\n');
    if (lines[lines.length - 1] === '')
        lines.pop();
    for (let i = 0; i < lines.length; i++) {
        const line = lines[i].replace(/\r$/, '');
        if (!line.startsWith(comment))
            return undefined;
        const match = DIRECTIVE.exec(trimLeft(line.slice(comment.length)));
        const name = match?.[1]?.toLowerCase();
        if (!match || !name || !DIRECTIVES.has(name) || seen.has(name))
            return undefined;
        seen.add(name);
        if (name === key)
            return { value: match[2], line: i + 1 };
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/checks/base-images/read.ts
/**
 * Which images a Dockerfile makes BuildKit pull, per target platform and set of build arguments:
 * every FROM, every COPY --from and RUN --mount=from= that names an image rather than a stage.
 * Follows dockerfile2llb (v0.34): the automatic platform ARGs, the ARGs before the first FROM
 * (build arguments replace declared defaults, defaults are expanded in order, an ARG without a
 * default leaves the name as it was), then each FROM name expanded by BuildKit's lexer and looked
 * up as an earlier stage, `scratch`, or an image reference.
 */




const STAGE_NAME = /^[a-z][a-z0-9-_.]*$/;
function platformArgs(target, build, settings, stage) {
    const pairs = [
        ['BUILDPLATFORM', formatPlatform(build)],
        ['BUILDOS', build.os],
        ['BUILDOSVERSION', ''],
        ['BUILDARCH', build.architecture],
        ['BUILDVARIANT', build.variant],
        ['TARGETPLATFORM', formatPlatform(target)],
        ['TARGETOS', target.os],
        ['TARGETOSVERSION', ''],
        ['TARGETARCH', target.architecture],
        ['TARGETVARIANT', target.variant],
        ['TARGETSTAGE', stage || 'default']
    ];
    const env = new Map(pairs.map(([k, v]) => [k, settings.buildArgs.get(k) ?? v]));
    return { env, unset: new Set(), taint: new Map() };
}
/** The unset ARGs a word depends on, directly or through another ARG's default. */
function dependsOn(meta, matched, unmatched) {
    const deps = new Set([...unmatched].filter(n => meta.unset.has(n)));
    for (const name of matched)
        for (const d of meta.taint.get(name) ?? [])
            deps.add(d);
    return deps;
}
/** BuildKit's buildMetaArgs over the ARG instructions before the first FROM. */
function applyMetaArgs(meta, args, settings, escapeToken) {
    for (const arg of args) {
        for (const word of arg.args) {
            const eq = word.indexOf('=');
            const key = eq < 0 ? word : word.slice(0, eq);
            if (key === '')
                throw new DockerfileSyntaxError('ARG names can not be blank', arg.startLine);
            const given = settings.buildArgs.get(key);
            if (given !== undefined) {
                meta.env.set(key, given);
                meta.taint.delete(key);
                meta.unset.delete(key);
            }
            else if (eq >= 0) {
                const res = lex(word.slice(eq + 1), meta.env, escapeToken, arg.startLine);
                meta.taint.set(key, dependsOn(meta, res.matched, res.unmatched));
                meta.env.set(key, res.value);
                meta.unset.delete(key);
            }
            else if (!meta.env.has(key))
                meta.unset.add(key);
        }
    }
}
function lex(word, env, escapeToken, line) {
    try {
        return processWord(word, env, { escapeToken });
    }
    catch (error) {
        if (error instanceof ShellSyntaxError)
            throw new DockerfileSyntaxError(error.message, line);
        throw error;
    }
}
/** instructions.Parse's checks of a FROM: only --platform, one value; `image` or `image AS name`. */
function fromShape(ins) {
    let platform;
    for (const flag of ins.flags) {
        if (flag === '--')
            break;
        const eq = flag.indexOf('=');
        const name = eq < 0 ? flag : flag.slice(0, eq);
        if (name !== '--platform')
            return { problem: `unknown flag: ${name}` };
        if (eq < 0)
            return { problem: `missing a value on flag: ${name}` };
        if (platform !== undefined)
            return { problem: `duplicate flag specified: ${name}` };
        platform = flag.slice(eq + 1);
    }
    const [, as, name] = ins.args;
    if (ins.args.length === 3 && as.toLowerCase() === 'as') {
        const stage = name.toLowerCase();
        if (!STAGE_NAME.test(stage))
            return { problem: `invalid name for build stage: "${name}"` };
        return { platform, stage };
    }
    if (ins.args.length !== 1)
        return { problem: 'FROM requires either one or three arguments' };
    return { platform };
}
/** Earlier stage, scratch, or an image reference (in that order, as BuildKit looks names up). */
function classify(source, name, isStage) {
    if (isStage)
        return { ...source, kind: 'stage' };
    if (name === 'scratch')
        return { ...source, kind: 'scratch' };
    const ref = (0,image_ref/* parseImageRef */.Q)(name);
    return (0,image_ref/* isImageRef */.rK)(ref)
        ? { ...source, kind: 'image', image: ref }
        : { ...source, kind: 'invalid', problem: ref.error };
}
function readFrom(ins, meta, escapeToken, stages) {
    const shape = fromShape(ins);
    const raw = ins.args[0] ?? '';
    const base = {
        instruction: 'FROM',
        startLine: ins.startLine,
        endLine: ins.endLine,
        raw,
        kind: 'invalid',
        ...(shape.stage ? { stage: shape.stage } : {})
    };
    if (shape.problem)
        return { ...base, problem: shape.problem };
    let res;
    try {
        res = processWord(raw, meta.env, { escapeToken });
    }
    catch (error) {
        if (error instanceof ShellSyntaxError)
            return { ...base, problem: error.message };
        throw error;
    }
    const source = { ...base, value: res.value };
    const unset = [...dependsOn(meta, res.matched, res.unmatched)].sort();
    if (unset.length > 0)
        return { ...source, kind: 'unresolved', unsetArgs: unset };
    if (res.value === '')
        return { ...source, problem: `base name (${raw}) should not be blank` };
    const platformProblem = shape.platform === undefined ? undefined : checkPlatform(shape.platform, meta, escapeToken);
    if (platformProblem)
        return { ...source, problem: platformProblem };
    return classify(source, res.value, stages.has(res.value));
}
function checkPlatform(flag, meta, escapeToken) {
    try {
        const value = processWord(flag, meta.env, { escapeToken }).value;
        if (value === '')
            return `empty platform value from expression ${flag}`;
        return isPlatformSpecifier(value) ? undefined : `failed to parse platform ${flag}`;
    }
    catch (error) {
        if (error instanceof ShellSyntaxError)
            return `failed to process arguments for platform: ${error.message}`;
        throw error;
    }
}
/** COPY --from and RUN --mount=from= names: never expanded; a stage (any position, any case), a
 * COPY stage index, scratch, or an image BuildKit pulls. */
function commandSources(ins, stageNames, stageCount, escapeToken) {
    const command = ins.command.toLowerCase();
    const at = { startLine: ins.startLine, endLine: ins.endLine };
    if (command === 'copy') {
        const from = ins.flags.filter(f => f.startsWith('--from='));
        if (from.length === 0)
            return [];
        const raw = from[from.length - 1].slice('--from='.length);
        const source = { instruction: 'COPY', ...at, raw, value: raw, kind: 'invalid' };
        if (from.length > 1)
            return [{ ...source, problem: 'duplicate flag specified: --from' }];
        let unchanged;
        try {
            unchanged = processWord(raw, new Map(), { escapeToken }).value === raw;
        }
        catch (error) {
            if (error instanceof ShellSyntaxError)
                return [{ ...source, problem: error.message }];
            throw error;
        }
        if (!unchanged)
            return [{ ...source, problem: 'variable expansion is not supported for --from' }];
        if (/^[+-]?[0-9]+$/.test(raw)) {
            const index = Number(raw);
            if (index >= 0 && index < stageCount)
                return [{ ...source, kind: 'stage' }];
            return [{ ...source, problem: `invalid stage index ${index}` }];
        }
        return [classify(source, raw, stageNames.has(raw.toLowerCase()))];
    }
    if (command !== 'run')
        return [];
    const sources = [];
    for (const flag of ins.flags.filter(f => f.startsWith('--mount='))) {
        // The last from= of a mount counts; a mount without one reads from scratch (nothing pulled).
        let raw = '';
        for (const field of csvFields(flag.slice('--mount='.length))) {
            const eq = field.indexOf('=');
            if (eq >= 0 && field.slice(0, eq).toLowerCase() === 'from')
                raw = field.slice(eq + 1);
        }
        if (raw === '')
            continue;
        const source = { instruction: 'RUN', ...at, raw, value: raw, kind: 'invalid' };
        const dollar = raw.indexOf('$');
        if (dollar !== -1 && dollar !== raw.length - 1)
            sources.push({
                ...source,
                problem: "'from' doesn't support variable expansion, define alias stage instead"
            });
        else
            sources.push(classify(source, raw, stageNames.has(raw.toLowerCase())));
    }
    return sources;
}
/** One CSV record (the --mount syntax): commas separate, double quotes protect, "" is a quote. */
function csvFields(text) {
    const fields = [];
    let field = '';
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
        const ch = text[i];
        if (quoted && ch === '"' && text[i + 1] === '"')
            [field, i] = [field + '"', i + 1];
        else if (ch === '"')
            quoted = !quoted;
        else if (ch === ',' && !quoted) {
            fields.push(field);
            field = '';
        }
        else
            field += ch;
    }
    fields.push(field);
    return fields;
}
/** The frontend image BuildKit runs for this file: BUILDKIT_SYNTAX, else the syntax directive. */
function frontendSource(text, settings) {
    const arg = settings.buildArgs.get('BUILDKIT_SYNTAX');
    const found = arg !== undefined
        ? { instruction: 'BUILDKIT_SYNTAX', ref: trimSpace(arg).split(' ')[0], line: 1 }
        : { instruction: 'SYNTAX', ...detectSyntax(text) };
    if (found.ref === undefined || found.line === undefined)
        return undefined;
    const line = Math.max(found.line, 1);
    const source = {
        instruction: found.instruction,
        startLine: line,
        endLine: line,
        raw: found.ref,
        value: found.ref,
        kind: 'invalid'
    };
    const ref = (0,image_ref/* parseImageRef */.Q)(found.ref);
    return (0,image_ref/* isImageRef */.rK)(ref) ? { ...source, kind: 'image', image: ref } : { ...source, problem: ref.error };
}
const trimSpace = (s) => s.replace(/^\p{White_Space}+|\p{White_Space}+$/gu, '');
/** Instructions BuildKit knows; any other makes it refuse the file (instructions.Parse). */
const INSTRUCTIONS = new Set('add arg cmd copy entrypoint env expose from healthcheck label maintainer onbuild run shell stopsignal user volume workdir'.split(' '));
/** instructions.Parse's file-level refusals: an unknown instruction, or one (other than ARG)
 * before the first FROM. */
function structureProblem(instructions) {
    let staged = false;
    for (const ins of instructions) {
        const name = ins.command.toLowerCase();
        if (!INSTRUCTIONS.has(name))
            return new DockerfileSyntaxError(`unknown instruction: ${ins.command}`, ins.startLine);
        if (name === 'from')
            staged = true;
        else if (!staged && name !== 'arg')
            return new DockerfileSyntaxError('no build stage in current context', ins.startLine);
    }
    return undefined;
}
/** Reads a Dockerfile for every target platform of the build. Never throws. */
function readDockerfile(text, settings) {
    const frontend = frontendSource(text, settings);
    // The frontend image is pulled and run before the Dockerfile is parsed: it counts even then.
    const refused = (error) => ({
        platforms: settings.platforms.map(p => ({
            platform: formatPlatform(p),
            sources: frontend ? [frontend] : []
        })),
        refusal: { line: error.line, message: error.message }
    });
    let parsed;
    try {
        parsed = parseDockerfile(text);
    }
    catch (error) {
        if (error instanceof DockerfileSyntaxError)
            return refused(error);
        throw error;
    }
    const problem = structureProblem(parsed.instructions);
    if (problem)
        return refused(problem);
    const { instructions, escapeToken } = parsed;
    const firstFrom = instructions.findIndex(i => i.command.toLowerCase() === 'from');
    const froms = instructions.filter(i => i.command.toLowerCase() === 'from');
    const metaArgs = instructions
        .slice(0, firstFrom < 0 ? instructions.length : firstFrom)
        .filter(i => i.command.toLowerCase() === 'arg');
    const stageNames = new Set(froms.map(f => fromShape(f).stage).filter((s) => s !== undefined));
    const lastStage = froms.length > 0 ? (fromShape(froms[froms.length - 1]).stage ?? '') : '';
    const commands = firstFrom < 0
        ? []
        : instructions.slice(firstFrom).flatMap(i => commandSources(i, stageNames, froms.length, escapeToken));
    const platforms = [];
    for (const target of settings.platforms) {
        const meta = platformArgs(target, settings.buildPlatform, settings, lastStage);
        try {
            applyMetaArgs(meta, metaArgs, settings, escapeToken);
        }
        catch (error) {
            if (error instanceof DockerfileSyntaxError)
                return refused(error);
            throw error;
        }
        const seen = new Set();
        const sources = froms.map(ins => {
            const source = readFrom(ins, meta, escapeToken, seen);
            if (source.stage)
                seen.add(source.stage);
            return source;
        });
        const all = [...(frontend ? [frontend] : []), ...sources, ...commands].sort((a, b) => a.startLine - b.startLine);
        platforms.push({ platform: formatPlatform(target), sources: all });
    }
    return { platforms };
}

;// CONCATENATED MODULE: ./src/checks/base-images/rules.ts


/** Whether any base-image rule is on: without one, Dockerfiles are not read for base images. */
function hasBaseImageRules(options) {
    return options.allow.length > 0 || options.requireDigest;
}
/** Rule IDs of the base-image policy, as they appear in SARIF and in ignores. */
const BASE_IMAGE_RULES = {
    notAllowed: 'CG-BASE-IMAGE-NOT-ALLOWED',
    notPinned: 'CG-BASE-IMAGE-NOT-PINNED',
    unresolved: 'CG-BASE-IMAGE-UNRESOLVED'
};
function finding(path, at, rule, image) {
    return {
        tool: 'container-gate',
        kind: 'misconfig',
        aliases: [],
        ...rule,
        target: path,
        subject: path,
        file: path,
        startLine: at.startLine,
        endLine: at.endLine,
        ...(image ? { image } : {})
    };
}
const UNRESOLVED = {
    ruleId: BASE_IMAGE_RULES.unresolved,
    // It could be any image at build time: under an allowlist or a digest rule, that fails closed.
    severity: 'CRITICAL',
    title: 'Base image cannot be determined',
    description: 'Every image the build pulls must be known from the Dockerfile and the build-args input, so it can be checked against the base-image policy; what cannot be known fails closed.'
};
/** How the source is written, for messages: `FROM x`, `COPY --from=x`, `RUN --mount=from=x`. */
function written(source) {
    if (source.instruction === 'SYNTAX')
        return `# syntax=${source.raw}`;
    if (source.instruction === 'BUILDKIT_SYNTAX')
        return `build argument BUILDKIT_SYNTAX=${source.raw}`;
    if (source.instruction === 'COPY')
        return `COPY --from=${source.raw}`;
    if (source.instruction === 'RUN')
        return `RUN --mount=from=${source.raw}`;
    return `FROM ${source.raw}`;
}
/** " (for linux/arm64)" when a reading holds for some of the platforms built, not all. */
function forPlatforms(platforms, all) {
    return platforms.length < all ? ` (for ${platforms.join(', ')})` : '';
}
/**
 * Docker's own Dockerfile frontend (docker/dockerfile, docker/dockerfile-upstream) is exempt from
 * both rules when a syntax directive names it: it is the builder's own code, published with it,
 * and `# syntax=docker/dockerfile:1` is in most Dockerfiles. Any other frontend decides the whole
 * build (it may ignore every FROM line), so it is checked like a base image.
 */
function isOfficialFrontend(source, image) {
    return ((source.instruction === 'SYNTAX' || source.instruction === 'BUILDKIT_SYNTAX') &&
        image.registry === 'docker.io' &&
        (image.repository === 'docker/dockerfile' || image.repository === 'docker/dockerfile-upstream'));
}
/** An image that cannot be known before the build (an ARG without a value, a name BuildKit refuses). */
function unresolvedFinding(path, source, platforms) {
    if (source.kind === 'invalid')
        return finding(path, source, {
            ...UNRESOLVED,
            message: `${written(source)}${platforms}: BuildKit cannot use this image name (${source.problem})`
        });
    const names = source.unsetArgs ?? [];
    const plural = names.length > 1;
    return finding(path, source, {
        ...UNRESOLVED,
        message: `${written(source)}${platforms}: the image depends on ARG ${names.join(', ')}, which ${plural ? 'have' : 'has'} no value here (declared without a default and not in build-args); pin ${plural ? 'them' : 'it'} with a default (ARG ${names[0]}=<value>) or pass ${plural ? 'them' : 'it'} in the build-args input`
    });
}
const NOT_ALLOWED = {
    ruleId: BASE_IMAGE_RULES.notAllowed,
    severity: 'CRITICAL',
    title: 'Base image is not on the allowlist',
    description: 'Images the build pulls (FROM, COPY --from, RUN --mount=from=) must come from the allowlist in the policy file (base-images.allow).'
};
const NOT_PINNED = {
    // Required by the policy, like the allowlist: a violation blocks.
    ruleId: BASE_IMAGE_RULES.notPinned,
    severity: 'CRITICAL',
    title: 'Base image is not pinned by digest',
    description: 'The policy requires base images pinned by digest (base-images.require-digest), so a rebuild cannot silently change them.'
};
function sourceFindings(path, source, platforms, policy) {
    if (source.kind === 'unresolved' || source.kind === 'invalid')
        return [unresolvedFinding(path, source, platforms)];
    const image = source.image;
    if (source.kind !== 'image' || !image || isOfficialFrontend(source, image))
        return [];
    const out = [];
    const what = source.instruction === 'FROM' ? '' : ` (${written(source)})`;
    if (policy.allow.length > 0 && !policy.allow.some(p => (0,image_ref/* matchesImagePattern */.hN)(image, p))) {
        const message = `${image.normalized}${what}${platforms} is not allowed; allowed: ${policy.allow.join(', ')}`;
        out.push(finding(path, source, { ...NOT_ALLOWED, message }, image.normalized));
    }
    if (policy.requireDigest && !image.digest) {
        const pinned = written({ ...source, raw: source.raw.split('@')[0] });
        const message = `${image.normalized}${platforms} is not pinned; write ${pinned}@sha256:<digest>`;
        out.push(finding(path, source, { ...NOT_PINNED, message }, image.normalized));
    }
    return out;
}
/** The same reading on several platforms is one finding; different readings of one line are several. */
function groupByReading(platforms) {
    const groups = new Map();
    for (const { platform, sources } of platforms) {
        for (const source of sources) {
            const reading = source.image?.normalized ?? source.problem ?? (source.unsetArgs ?? []).join(',');
            const key = JSON.stringify([source.instruction, source.startLine, source.raw, source.kind, reading]);
            const group = groups.get(key) ?? { source, platforms: [] };
            group.platforms.push(platform);
            groups.set(key, group);
        }
    }
    return [...groups.values()].sort((a, b) => a.source.startLine - b.source.startLine);
}
/**
 * The base-image policy's findings on the given Dockerfiles (paths relative to the repository), read
 * for every platform of the build with its build arguments. An image not on the allowlist is
 * CRITICAL (the registry stage of the design document rejects it), so is a missing digest when one
 * is required, and so is an image that cannot be known before the build (an ARG without a value,
 * a name BuildKit refuses): under a base-image rule that fails closed.
 */
function baseImageFindings(dockerfiles, policy, build) {
    if (!hasBaseImageRules(policy))
        return [];
    const out = [];
    for (const { path, text } of dockerfiles) {
        const reading = readDockerfile(text, build);
        if (reading.refusal) {
            const at = { startLine: reading.refusal.line, endLine: reading.refusal.line };
            out.push(finding(path, at, {
                ...UNRESOLVED,
                message: `BuildKit cannot parse this Dockerfile (${reading.refusal.message}), so the images it pulls cannot be checked`
            }));
            continue;
        }
        for (const { source, platforms } of groupByReading(reading.platforms))
            out.push(...sourceFindings(path, source, forPlatforms(platforms, build.platforms.length), policy));
    }
    return out;
}

;// CONCATENATED MODULE: ./src/checks/base-images/build.ts


/** The build the Dockerfiles are read for: the platforms and build-args inputs; the runner builds. */
function buildSettings(inputs) {
    const runner = runnerPlatform();
    return {
        platforms: inputs.platforms.length > 0 ? inputs.platforms : [runner],
        buildPlatform: runner,
        buildArgs: inputs.buildArgs
    };
}
/** One warning when the policy has base-image rules but no Dockerfile is in scope to apply them to. */
function baseImageScopeWarning(inputs, options, dockerfiles) {
    if (!hasBaseImageRules(options) || dockerfiles.length > 0)
        return undefined;
    const why = inputs.dockerfiles === undefined
        ? "input 'dockerfile' is empty (to skip only hadolint, keep the Dockerfiles in scope and set hadolint: false)"
        : "the globs of input 'dockerfile' match no file";
    return `The policy sets base-image rules (base-images.allow or require-digest), but no Dockerfile is in scope: ${why}. Base images are not checked.`;
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./src/scanners/json-input.ts
var json_input = __webpack_require__(39136);
// EXTERNAL MODULE: ./src/workspace/safe-read.ts
var safe_read = __webpack_require__(34905);
;// CONCATENATED MODULE: ./src/workspace/sources.ts
/**
 * Reading the repository files in scope (Dockerfiles, manifests) through the safe read: inside the
 * workspace, regular files, under READ_LIMITS.source (hand-written files are far smaller, and a
 * limit keeps a hostile file from exhausting the runner). Nothing is dropped: a file that cannot be
 * read comes back with the reason, for the check to report as CG-NOT-CHECKED (never a silent pass).
 */

/** Reads repository files found by listFiles, each through the safe read. */
function readSourceFiles(workspace, paths, decode) {
    return paths.map(path => {
        const result = (0,safe_read/* readFileSafely */.fJ)(path, {
            workspace,
            maxBytes: safe_read/* READ_LIMITS */.Cl.source,
            scope: 'workspace',
            decode
        });
        return result.ok ? { path, text: result.text } : { path, problem: result.problem, detail: result.detail };
    });
}
/**
 * The files among `paths` the safe read accepts: what may be handed to a tool that opens them itself
 * (hadolint would follow a link to /dev/zero, or out of the workspace).
 */
function readableFiles(workspace, paths) {
    return readSourceFiles(workspace, paths)
        .filter(read => 'text' in read)
        .map(read => read.path);
}
/** Reads the files; `decode` turns bytes into text (manifests are decoded as kubectl decodes them). */
function readSources(workspace, paths, decode) {
    const out = { texts: [], unread: [] };
    for (const read of readSourceFiles(workspace, paths, decode)) {
        if ('text' in read)
            out.texts.push(read);
        else
            out.unread.push({ file: read.path, reason: `it ${read.detail}` });
    }
    return out;
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./src/checks/image-origin/provenance.ts
/**
 * What BuildKit's provenance attestation says about where an image was built: the Dockerfile's path
 * in the repository, the build context's folder and the repository itself. Pure; the statement is
 * untrusted text from a registry (see e2e/HISTORY.md, "Where the Dockerfile path is").
 *
 * - SLSA v1 (BuildKit's default): the Dockerfile's file name in
 *   `predicate.buildDefinition.externalParameters.configSource.path`, its folder in
 *   `predicate.runDetails.metadata.buildkit_metadata.vcs["localdir:dockerfile"]` (buildx with git info).
 * - SLSA v0.2: `predicate.invocation.configSource.entryPoint` and
 *   `predicate.metadata["https://mobyproject.org/buildkit@v1#metadata"].vcs`.
 * - A git URL context (`configSource.uri` = `https://github.com/o/r.git#ref:subdir`): the file is
 *   relative to the URL's subdir, and the URL is the repository.
 *
 * A path that climbs out of the repository or is absolute is never a pairing: it comes back as a
 * `refused` reason, which the caller says aloud.
 */


const SLSA_V1 = 'https://slsa.dev/provenance/v1';
const SLSA_V02 = 'https://slsa.dev/provenance/v0.2';
const BUILDKIT_V02_METADATA = 'https://mobyproject.org/buildkit@v1#metadata';
/** More than any real statement (mode=max with a large Dockerfile is tens of KiB). */
const MAX_PROVENANCE_BYTES = 1024 * 1024;
const MAX_PATH = 1024;
const fail = (reason) => ({ ok: false, reason });
/** Characters a path written by buildx never holds (and a log line must not get). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
/** A path relative to the repository root, or why it is not one. */
function repositoryPath(raw) {
    if (raw.length > MAX_PATH)
        return { refused: `a path of ${raw.length} characters` };
    if (CONTROL.test(raw))
        return { refused: 'a path with control characters' };
    const slashed = raw.replaceAll('\\', '/');
    if (external_node_path_.posix.isAbsolute(slashed) || /^[A-Za-z]:\//.test(slashed))
        return { refused: `an absolute path (${raw})` };
    const path = external_node_path_.posix.normalize(slashed).replace(/\/+$/, '');
    if (path === '..' || path.startsWith('../'))
        return { refused: `a path outside the repository (${raw})` };
    return { path: path === '' ? '.' : path };
}
/** `https://github.com/o/r.git#ref:sub/dir` → the repository URL and the subdir ('.' without one). */
function gitContext(uri) {
    const hash = uri.indexOf('#');
    const repository = hash === -1 ? uri : uri.slice(0, hash);
    if (!/^(https?:\/\/|git@|ssh:\/\/|git:\/\/)/.test(repository))
        return undefined;
    const fragment = hash === -1 ? '' : uri.slice(hash + 1);
    const colon = fragment.indexOf(':');
    return { repository, subdir: colon === -1 ? '.' : fragment.slice(colon + 1) || '.' };
}
function v1Fields(predicate) {
    const configSource = (0,json_input/* obj */.WL)((0,json_input/* obj */.WL)((0,json_input/* obj */.WL)(predicate, 'buildDefinition') ?? {}, 'externalParameters') ?? {}, 'configSource');
    const metadata = (0,json_input/* obj */.WL)((0,json_input/* obj */.WL)(predicate, 'runDetails') ?? {}, 'metadata') ?? {};
    return {
        file: configSource && (0,json_input/* str */.gx)(configSource, 'path'),
        uri: configSource && (0,json_input/* str */.gx)(configSource, 'uri'),
        vcs: (0,json_input/* obj */.WL)((0,json_input/* obj */.WL)(metadata, 'buildkit_metadata') ?? {}, 'vcs')
    };
}
function v02Fields(predicate) {
    const configSource = (0,json_input/* obj */.WL)((0,json_input/* obj */.WL)(predicate, 'invocation') ?? {}, 'configSource');
    const metadata = (0,json_input/* obj */.WL)(predicate, 'metadata') ?? {};
    return {
        file: configSource && (0,json_input/* str */.gx)(configSource, 'entryPoint'),
        uri: configSource && (0,json_input/* str */.gx)(configSource, 'uri'),
        vcs: (0,json_input/* obj */.WL)((0,json_input/* obj */.WL)(metadata, BUILDKIT_V02_METADATA) ?? {}, 'vcs')
    };
}
function subjectDigests(statement) {
    const subjects = Array.isArray(statement.subject) ? statement.subject.filter(json_input/* isObject */.Gv) : [];
    return subjects
        .map(s => (0,json_input/* str */.gx)((0,json_input/* obj */.WL)(s, 'digest') ?? {}, 'sha256'))
        .filter((d) => d !== undefined && /^[0-9a-f]{64}$/.test(d))
        .map(d => `sha256:${d}`);
}
/** Where the Dockerfile is, from the fields: joined and checked, or refused with the reason. */
function locate(fields) {
    const vcs = fields.vcs ?? {};
    const git = fields.uri ? gitContext(fields.uri) : undefined;
    const repository = git?.repository ?? (0,json_input/* str */.gx)(vcs, 'source');
    const folder = git ? git.subdir : (0,json_input/* str */.gx)(vcs, 'localdir:dockerfile');
    const contextDir = git ? git.subdir : (0,json_input/* str */.gx)(vcs, 'localdir:context');
    const context = contextDir === undefined ? undefined : repositoryPath(contextDir);
    const out = {
        ...(repository ? { repository } : {}),
        ...(context && 'path' in context ? { context: context.path } : {})
    };
    if (!fields.file)
        return { ...out, refused: 'it names no Dockerfile' };
    if (folder === undefined)
        return {
            ...out,
            refused: `it names the Dockerfile ${JSON.stringify(fields.file.slice(0, 200))} but not its folder (buildx without git info)`
        };
    const file = repositoryPath(fields.file);
    if ('refused' in file)
        return { ...out, refused: `its Dockerfile is ${file.refused}` };
    const dir = repositoryPath(folder);
    if ('refused' in dir)
        return { ...out, refused: `its Dockerfile folder is ${dir.refused}` };
    const joined = repositoryPath(external_node_path_.posix.join(dir.path, file.path));
    if ('refused' in joined)
        return { ...out, refused: `its Dockerfile is ${joined.refused}` };
    if (joined.path === '.')
        return { ...out, refused: 'its Dockerfile path is empty' };
    return { ...out, dockerfile: joined.path };
}
/** Reads one in-toto statement (the attestation's layer) as BuildKit writes it. */
function readProvenance(text) {
    if (text.length > MAX_PROVENANCE_BYTES)
        return fail(`the statement is ${text.length} bytes, more than the ${MAX_PROVENANCE_BYTES} read`);
    let statement;
    try {
        statement = JSON.parse(text);
    }
    catch {
        return fail('the statement is not JSON');
    }
    if (!(0,json_input/* isObject */.Gv)(statement))
        return fail('the statement is not a JSON object');
    const predicate = (0,json_input/* obj */.WL)(statement, 'predicate');
    const type = (0,json_input/* str */.gx)(statement, 'predicateType');
    if (!predicate || (type !== SLSA_V1 && type !== SLSA_V02))
        return fail(`the statement is not SLSA provenance v1 or v0.2 (predicateType ${JSON.stringify(type ?? null)})`);
    const slsa = type === SLSA_V1 ? 'v1' : 'v0.2';
    const fields = slsa === 'v1' ? v1Fields(predicate) : v02Fields(predicate);
    return { ok: true, reading: { slsa, subjects: subjectDigests(statement), ...locate(fields) } };
}
/** host and owner/name of a repository URL (`https://host/o/r(.git)`, `git@host:o/r.git`), lower case. */
function hostAndName(url) {
    const trimmed = url.trim().replace(/^git\+/, '');
    const scp = /^[^@/\s]+@([^:/\s]+):(.+)$/.exec(trimmed);
    let host;
    let path;
    if (scp) {
        host = scp[1];
        path = scp[2];
    }
    else {
        try {
            const parsed = new URL(trimmed);
            host = parsed.host;
            path = parsed.pathname;
        }
        catch {
            return undefined;
        }
    }
    const name = path.replace(/^\/+|\/+$/g, '').replace(/\.git$/i, '');
    return name.includes('/') ? { host: host.toLowerCase(), name: name.toLowerCase() } : undefined;
}
/** Whether a URL names this repository (same host as the server, same owner/name; case-insensitive). */
function namesRepository(url, repository) {
    const said = hostAndName(url);
    const ours = hostAndName(`${repository.serverUrl.replace(/\/+$/, '')}/${repository.name}`);
    return said !== undefined && ours !== undefined && said.host === ours.host && said.name === ours.name;
}

;// CONCATENATED MODULE: ./src/checks/image-origin/attestation.ts
/**
 * Finding BuildKit's provenance beside an image in the registry, read from the manifests crane
 * prints. Pure. BuildKit pushes an OCI index holding each platform's image manifest and, per image,
 * an attestation manifest (platform `unknown/unknown`, annotations `vnd.docker.reference.type:
 * attestation-manifest` and `vnd.docker.reference.digest: <image manifest digest>`) whose
 * `application/vnd.in-toto+json` layer with annotation `in-toto.io/predicate-type` is the statement
 * (e2e/HISTORY.md; recorded: crane-0.22.1-history-api-index.json).
 */


const INDEX_TYPES = new Set([
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json'
]);
const DIGEST = /^sha256:[0-9a-f]{64}$/;
const problem = (text) => ({ ok: false, problem: text });
function parse(text) {
    try {
        const value = JSON.parse(text);
        return (0,json_input/* isObject */.Gv)(value) ? value : undefined;
    }
    catch {
        return undefined;
    }
}
/** The image manifest of the scanned platform in an index, and the attestation manifest naming it. */
function attestationInIndex(text, platform) {
    const index = parse(text);
    if (!index)
        return problem('the registry’s manifest is not JSON');
    const type = (0,json_input/* str */.gx)(index, 'mediaType');
    if (!type || !INDEX_TYPES.has(type))
        return problem('the image is not in an index, where BuildKit puts its attestations');
    const entries = (0,json_input/* objects */.JD)(index, 'manifests').filter(m => DIGEST.test((0,json_input/* str */.gx)(m, 'digest') ?? ''));
    const annotations = (m) => (0,json_input/* obj */.WL)(m, 'annotations') ?? {};
    const isAttestation = (m) => (0,json_input/* str */.gx)(annotations(m), 'vnd.docker.reference.type') === 'attestation-manifest';
    const images = entries.filter(m => {
        const p = (0,json_input/* obj */.WL)(m, 'platform') ?? {};
        return (!isAttestation(m) &&
            (0,json_input/* str */.gx)(p, 'os') === platform.os &&
            (0,json_input/* str */.gx)(p, 'architecture') === platform.architecture &&
            (platform.variant === undefined || ((0,json_input/* str */.gx)(p, 'variant') ?? '') === platform.variant));
    });
    if (images.length !== 1)
        return problem(`the index has ${images.length} images for ${platform.os}/${platform.architecture}, not one`);
    const image = (0,json_input/* str */.gx)(images[0], 'digest');
    const attestations = entries.filter(m => isAttestation(m) && (0,json_input/* str */.gx)(annotations(m), 'vnd.docker.reference.digest') === image);
    if (attestations.length !== 1)
        return problem(attestations.length === 0
            ? 'the index holds no attestation for it (built without provenance)'
            : 'the index holds more than one attestation for it');
    return { ok: true, value: { image, attestation: (0,json_input/* str */.gx)(attestations[0], 'digest') } };
}
/** The provenance layer of an attestation manifest: its digest, refused when larger than is read. */
function provenanceLayer(text) {
    const manifest = parse(text);
    if (!manifest)
        return problem('the attestation manifest is not JSON');
    const layers = (0,json_input/* objects */.JD)(manifest, 'layers').filter(l => {
        const type = (0,json_input/* str */.gx)((0,json_input/* obj */.WL)(l, 'annotations') ?? {}, 'in-toto.io/predicate-type');
        return (0,json_input/* str */.gx)(l, 'mediaType') === 'application/vnd.in-toto+json' && (type === SLSA_V1 || type === SLSA_V02);
    });
    if (layers.length !== 1)
        return problem(`the attestation manifest has ${layers.length} SLSA provenance layers, not one`);
    const layer = layers[0];
    const digest = (0,json_input/* str */.gx)(layer, 'digest') ?? '';
    const size = (0,json_input/* num */.bu)(layer, 'size');
    if (!DIGEST.test(digest))
        return problem('the provenance layer has no sha256 digest');
    if (size === undefined || size > MAX_PROVENANCE_BYTES)
        return problem(`the provenance layer is ${size ?? 'of unknown size'} bytes; at most ${MAX_PROVENANCE_BYTES} are read`);
    return { ok: true, value: digest };
}
/** Whether a value looks like the JSON object Trivy's report gives as ImageConfig. */
function scannedPlatform(config) {
    if (!(0,json_input/* isObject */.Gv)(config))
        return undefined;
    const os = (0,json_input/* str */.gx)(config, 'os');
    const architecture = (0,json_input/* str */.gx)(config, 'architecture');
    const variant = (0,json_input/* str */.gx)(config, 'variant');
    return os && architecture ? { os, architecture, ...(variant ? { variant } : {}) } : undefined;
}

;// CONCATENATED MODULE: ./src/checks/image-origin/fetch-provenance.ts


const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
/**
 * `registry/repository@sha256:…` of what Trivy scanned (for a tag naming an index, the index's
 * digest): its report's RepoDigests, the one of the scanned repository first.
 */
function indexReference(build, subject) {
    const repository = subject.replace(/@.*$/, '').replace(/:[^/:]+$/, '');
    // Never a value crane could read as a flag.
    const digests = build.repoDigests.filter(d => /^[^@\s-][^@\s]*@sha256:[0-9a-f]{64}$/.test(d));
    const fromReport = digests.find(d => d.replace(/@.*$/, '') === repository) ?? digests[0];
    return fromReport ?? (/^[^@\s-][^@\s]*@sha256:[0-9a-f]{64}$/.test(subject) ? subject : undefined);
}
async function craneOut(tool, args, max) {
    try {
        const result = await tool.exec(tool.crane, args, { maxOutputBytes: max });
        if (result.exitCode === 0)
            return { ok: true, value: result.stdout };
        const why = result.stderr.trim().split('\n').pop()?.slice(0, 300) ?? '';
        return { ok: false, problem: `crane ${args[0]} exited ${result.exitCode}${why ? `: ${why}` : ''}` };
    }
    catch (error) {
        return { ok: false, problem: error instanceof Error ? error.message : String(error) };
    }
}
/** The provenance of one scanned image, or why there is none to read. */
async function fetchProvenance(tool, subject, build) {
    const index = indexReference(build, subject);
    if (!index)
        return { problem: 'Trivy’s report names no digest of it in the registry' };
    if (!build.platform)
        return { problem: 'Trivy’s report names no platform for it' };
    const repository = index.replace(/@.*$/, '');
    const indexText = await craneOut(tool, ['manifest', index], MAX_MANIFEST_BYTES);
    if (!indexText.ok)
        return { problem: indexText.problem };
    const found = attestationInIndex(indexText.value, build.platform);
    if (!found.ok)
        return { problem: found.problem };
    const manifest = await craneOut(tool, ['manifest', `${repository}@${found.value.attestation}`], MAX_MANIFEST_BYTES);
    if (!manifest.ok)
        return { problem: manifest.problem };
    const layer = provenanceLayer(manifest.value);
    if (!layer.ok)
        return { problem: layer.problem };
    const blob = await craneOut(tool, ['blob', `${repository}@${layer.value}`], MAX_PROVENANCE_BYTES + 1);
    if (!blob.ok)
        return { problem: blob.problem };
    const read = readProvenance(blob.value);
    if (!read.ok)
        return { problem: read.reason };
    // The statement must be about the image scanned, not another one the index carries.
    if (!read.reading.subjects.includes(found.value.image))
        return { problem: `its statement is about another image than ${found.value.image}` };
    return { reading: read.reading };
}

;// CONCATENATED MODULE: ./src/checks/image-origin/history.ts
/**
 * What an image scan's Trivy report (0.74.0) says about how the image was built: its layers
 * (`Metadata.DiffIDs`, the config's `rootfs.diff_ids`), the config's `history` and labels
 * (`Metadata.ImageConfig`). Pure. See e2e/HISTORY.md for where each comes from.
 */


/** The build record of a Trivy image report; undefined when the report is not an image's. */
function imageBuild(report) {
    if (!(0,json_input/* isObject */.Gv)(report) || (0,json_input/* str */.gx)(report, 'ArtifactType') !== 'container_image')
        return undefined;
    const metadata = (0,json_input/* obj */.WL)(report, 'Metadata') ?? {};
    const config = (0,json_input/* obj */.WL)(metadata, 'ImageConfig') ?? {};
    const rootfs = (0,json_input/* strings */.P$)((0,json_input/* obj */.WL)(config, 'rootfs') ?? {}, 'diff_ids');
    const diffIds = rootfs.length > 0 ? rootfs : (0,json_input/* strings */.P$)(metadata, 'DiffIDs');
    const rawHistory = config.history;
    const history = Array.isArray(rawHistory)
        ? rawHistory.filter(json_input/* isObject */.Gv).map(h => ({
            createdBy: (0,json_input/* str */.gx)(h, 'created_by') ?? '',
            emptyLayer: h.empty_layer === true
        }))
        : undefined;
    const rawLabels = (0,json_input/* obj */.WL)((0,json_input/* obj */.WL)(config, 'config') ?? {}, 'Labels') ?? {};
    const labels = {};
    for (const [k, v] of Object.entries(rawLabels))
        if (typeof v === 'string')
            labels[k] = v;
    const platform = scannedPlatform(config);
    return {
        diffIds,
        ...(history && history.length > 0 ? { history } : {}),
        labels,
        ...(platform ? { platform } : {}),
        repoDigests: (0,json_input/* strings */.P$)(metadata, 'RepoDigests')
    };
}

;// CONCATENATED MODULE: ./src/checks/image-origin/pairing.ts
/**
 * Which Dockerfile built a scanned image. Pure. In order:
 * 1. the `image` / `image-input` line says it (`ref | path/to/Dockerfile`); it always wins, and
 *    what the image says otherwise (label, provenance, another repository) is a remark;
 * 2. the image's label `com.docker.image.source.entrypoint` (buildx with BUILDX_GIT_LABELS) names a
 *    Dockerfile in scope;
 * 3. BuildKit's provenance attestation (provenance.ts, fetched only when 1 and 2 leave more than one
 *    candidate) names a Dockerfile in scope, and the repository it names — its vcs source, else the
 *    label `org.opencontainers.image.source` — is this one (GITHUB_REPOSITORY);
 * 4. the repository has exactly one Dockerfile in scope and the step scans exactly one image.
 * Otherwise the image's findings stay on the image. `org.opencontainers.image.source` is the
 * repository's URL, not a file, so it never pairs on its own; it only confirms or contradicts.
 */


const ENTRYPOINT_LABEL = 'com.docker.image.source.entrypoint';
const SOURCE_LABEL = 'org.opencontainers.image.source';
function labelled(labels) {
    const raw = labels[ENTRYPOINT_LABEL]?.trim();
    if (!raw)
        return undefined;
    const path = external_node_path_.posix.normalize(raw.replaceAll('\\', '/')).replace(/^\.\//, '');
    return path.startsWith('../') || external_node_path_.posix.isAbsolute(path) ? undefined : path;
}
/** The repository the image says it came from, when that is not this one. */
function otherRepository(ctx, reading) {
    if (!ctx.repository)
        return undefined;
    const said = reading?.repository ?? ctx.labels[SOURCE_LABEL]?.trim();
    if (!said || namesRepository(said, ctx.repository))
        return undefined;
    // Untrusted text for the log (escaped there): kept to a readable length.
    return said.length > 200 ? `${said.slice(0, 200)}…` : said;
}
function fromProvenance(ctx) {
    const lookup = ctx.provenance;
    if (!lookup)
        return {};
    if ('problem' in lookup)
        return { why: `its provenance could not be read: ${lookup.problem}` };
    const { reading } = lookup;
    // Trusted only when it positively names this repository: a path means nothing in another one.
    if (!ctx.repository)
        return { why: 'its provenance is not used: this run’s repository is unknown (GITHUB_REPOSITORY)' };
    if (!(reading.repository ?? ctx.labels[SOURCE_LABEL]?.trim()))
        return {
            why: `its provenance (SLSA ${reading.slsa}) is not used: neither it nor the label ${SOURCE_LABEL} names the repository it was built from`
        };
    const other = otherRepository(ctx, reading);
    if (other)
        return {
            why: `its provenance says it was built from ${other}, not ${ctx.repository.name}, so the Dockerfile it names is not looked for here`
        };
    if (reading.refused)
        return { why: `its provenance (SLSA ${reading.slsa}) is not used: ${reading.refused}` };
    return { dockerfile: reading.dockerfile };
}
/** The remarks an explicit or only-file pairing gets when the image says otherwise. */
function contradictions(ctx, dockerfile, said) {
    const remarks = [];
    const fromLabel = labelled(ctx.labels);
    if (fromLabel && fromLabel !== dockerfile)
        remarks.push(`its label ${ENTRYPOINT_LABEL} names ${fromLabel}`);
    if (said.dockerfile && said.dockerfile !== dockerfile)
        remarks.push(`its provenance names ${said.dockerfile}`);
    else if (said.why)
        remarks.push(said.why);
    // Without a provenance reading (which already weighed it), the label alone can contradict.
    const read = ctx.provenance !== undefined && 'reading' in ctx.provenance;
    const other = read ? undefined : otherRepository(ctx);
    if (other)
        remarks.push(`its label ${SOURCE_LABEL} names ${other}, not ${ctx.repository.name}`);
    return remarks.length > 0 ? remarks.join('; ') : undefined;
}
function pairDockerfile(ctx) {
    const said = fromProvenance(ctx);
    if (ctx.given) {
        const remark = contradictions(ctx, ctx.given, said);
        const pairing = { dockerfile: ctx.given, how: 'input' };
        return {
            pairing: remark
                ? { ...pairing, remark: `${remark}; the pairing in the input (${ctx.given}) is used` }
                : pairing
        };
    }
    const fromLabel = labelled(ctx.labels);
    if (fromLabel && ctx.dockerfiles.includes(fromLabel))
        return { pairing: { dockerfile: fromLabel, how: 'label' } };
    if (said.dockerfile && ctx.dockerfiles.includes(said.dockerfile))
        return { pairing: { dockerfile: said.dockerfile, how: 'provenance' } };
    if (ctx.dockerfiles.length === 1 && ctx.imagesScanned === 1) {
        const dockerfile = ctx.dockerfiles[0];
        const remark = contradictions(ctx, dockerfile, said);
        const pairing = { dockerfile, how: 'only-dockerfile' };
        return {
            pairing: remark
                ? {
                    ...pairing,
                    remark: `${remark}; it is still paired with ${dockerfile}, the only Dockerfile in scope`
                }
                : pairing
        };
    }
    if (said.dockerfile)
        return { note: `its provenance names ${said.dockerfile}, which is not among the Dockerfiles in scope` };
    return said.why ? { note: said.why } : {};
}

;// CONCATENATED MODULE: ./src/checks/image-origin/created-by.ts
/**
 * Whether an image history entry is the record of a Dockerfile instruction, as BuildKit v0.34
 * writes `created_by` (dockerfile2llb `commitToHistory`; the table is in e2e/HISTORY.md):
 * `RUN [|n ARG=v…] /bin/sh -c <command> # buildkit`, `COPY [--chown=…] <src…> <dest> # buildkit`
 * (without `--from`), `WORKDIR <path>`, and the instruction's name first for the rest. Pure.
 *
 * The check is strict where the text is knowable (a RUN's command, COPY/ADD paths without
 * variables) and only by name elsewhere: a wrong answer puts a finding on a wrong line, so anything
 * unexpected counts as a mismatch and the caller falls back to the FROM line, saying so.
 */

const BUILDKIT_SUFFIX = ' # buildkit';
const notA = (command) => `not ${/^[AEIOU]/.test(command) ? 'an' : 'a'} ${command}`;
/** Instructions that always make a layer, and those that may (WORKDIR / makes none). */
const MAKES_LAYER = new Set(['RUN', 'COPY', 'ADD']);
const MAY_MAKE_LAYER = new Set(['WORKDIR']);
/** The exec form's arguments (`["a", "b"]`), or undefined for the shell form. */
function execForm(text) {
    if (!text.startsWith('['))
        return undefined;
    try {
        const parsed = JSON.parse(text);
        return Array.isArray(parsed) && parsed.every(v => typeof v === 'string') ? parsed : undefined;
    }
    catch {
        return undefined;
    }
}
function withoutSuffix(createdBy) {
    return createdBy.endsWith(BUILDKIT_SUFFIX) ? createdBy.slice(0, -BUILDKIT_SUFFIX.length) : createdBy;
}
/** RUN: the command as written ends the entry (after the shell and the stage's ARGs). */
function runMismatch(entry, text) {
    const command = execForm(text)?.join(' ') ?? text;
    if (command === '' || !entry.startsWith('RUN '))
        return notA('RUN');
    const body = withoutSuffix(entry).slice('RUN '.length);
    return body === command || body.endsWith(` ${command}`) ? undefined : 'another command';
}
/** COPY/ADD: sources and destination as written (flags other than --from/--link precede them). */
function copyMismatch(command, entry, text) {
    if (!entry.startsWith(`${command} `))
        return notA(command);
    // Variables are expanded in the entry and heredocs are inlined: only the kind can be compared.
    if (text.includes('$') || text.includes('<<'))
        return undefined;
    const words = execForm(text) ?? text.split(/\s+/);
    const body = withoutSuffix(entry).slice(command.length + 1);
    const expected = words.join(' ');
    return body === expected || body.endsWith(` ${expected}`) ? undefined : 'other paths';
}
function workdirMismatch(entry, text) {
    if (!entry.startsWith('WORKDIR '))
        return notA('WORKDIR');
    if (text.includes('$') || !text.startsWith('/'))
        return undefined;
    const path = external_node_path_.posix.normalize(text).replace(/(.)\/+$/, '$1');
    return entry.slice('WORKDIR '.length) === path ? undefined : 'another directory';
}
/**
 * Why `entry` is not the history record of `ins` (a few words), or undefined when it is. Checks
 * the text and whether the entry made a layer, which the instruction decides.
 */
function entryMismatch(entry, ins) {
    const command = ins.command.toUpperCase();
    const layer = MAKES_LAYER.has(command);
    if (layer && entry.emptyLayer)
        return 'it made no layer';
    if (!layer && !MAY_MAKE_LAYER.has(command) && !entry.emptyLayer)
        return 'it made a layer';
    const text = entry.createdBy;
    if (command === 'RUN')
        return runMismatch(text, ins.text);
    if (command === 'COPY' || command === 'ADD')
        return copyMismatch(command, text, ins.text);
    if (command === 'WORKDIR')
        return workdirMismatch(text, ins.text);
    return text === command || text.startsWith(`${command} `) ? undefined : notA(command);
}

;// CONCATENATED MODULE: ./src/checks/image-origin/align.ts

function finalStage(parsed) {
    const last = parsed.instructions.findLastIndex(i => i.command.toLowerCase() === 'from');
    if (last < 0)
        return undefined;
    const instructions = parsed.instructions.slice(last + 1).filter(i => i.command.toLowerCase() !== 'onbuild');
    return { from: parsed.instructions[last], instructions };
}
const entries = (n) => `${n} ${n === 1 ? 'entry' : 'entries'}`;
const align_layers = (n) => `${n} ${n === 1 ? 'layer' : 'layers'}`;
/** One-line form of an instruction for messages: its lines joined, white space collapsed. */
function instructionText(ins) {
    return `${ins.command.toUpperCase()} ${ins.text}`.replace(/\s+/g, ' ').trim();
}
/** Each layer's origin, when the image's history certainly describes the Dockerfile's final stage. */
function alignLayers(build, stage) {
    const history = build.history;
    if (!history)
        return {
            certain: false,
            reason: 'the image has no build history (built by a tool that omits it, or rewritten)'
        };
    const made = history.flatMap((h, i) => (h.emptyLayer ? [] : [i]));
    if (made.length !== build.diffIds.length)
        return {
            certain: false,
            reason: `its history records ${align_layers(made.length)} but it has ${align_layers(build.diffIds.length)} (squashed or rewritten)`
        };
    const own = stage.instructions.length;
    const base = history.length - own;
    if (base < 0)
        return {
            certain: false,
            reason: `the final stage has ${own} instructions but the image's history only ${entries(history.length)}`
        };
    const scratch = stage.from.args[0]?.toLowerCase() === 'scratch';
    if (scratch && base > 0)
        return {
            certain: false,
            reason: `FROM scratch, yet the history has ${entries(base)} before the final stage's`
        };
    // From the last line back: BuildKit writes the final stage's entries last, so a line added or
    // changed since the build is the first one met this way, and the message names it.
    for (let i = own - 1; i >= 0; i--) {
        const ins = stage.instructions[i];
        const why = entryMismatch(history[base + i], ins);
        if (why)
            return {
                certain: false,
                reason: `line ${ins.startLine} (${shorten(instructionText(ins), 60)}) is not what the history records there (${why}): the image was built from another version of the Dockerfile`
            };
    }
    const origins = made.map((entry) => entry < base
        ? { how: 'base', instruction: stage.from }
        : { how: 'instruction', instruction: stage.instructions[entry - base] });
    return { certain: true, layers: origins, diffIds: build.diffIds };
}
/**
 * The origin of the layer Trivy names by its DiffID. Two layers can share a DiffID (BuildKit keeps
 * an empty diff as a layer): only when every such layer has the same origin is it certain.
 */
function originOfLayer(alignment, diffId) {
    const found = alignment.diffIds.flatMap((d, k) => (d === diffId ? [alignment.layers[k]] : []));
    const first = found[0];
    if (!first || found.some(o => o.instruction !== first.instruction))
        return undefined;
    return first;
}
function shorten(text, max) {
    return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

;// CONCATENATED MODULE: ./src/checks/image-origin/place.ts


const isOsPackage = (f) => f.package?.class === 'os-pkgs';
function at(f, ins, origin) {
    return { ...f, file: origin.dockerfile, startLine: ins.startLine, endLine: ins.endLine, origin };
}
/** Where one finding goes; undefined leaves it on the image. */
function placeOne(f, alignment, from, common) {
    const fallback = (reason) => isOsPackage(f)
        ? at(f, from, { ...common, how: 'fallback', instruction: instructionText(from), reason })
        : undefined;
    if (!alignment.certain)
        return fallback(alignment.reason);
    if (!f.layer)
        return fallback('Trivy named no layer for the package');
    const origin = originOfLayer(alignment, f.layer);
    if (!origin)
        return fallback('the layer Trivy named is not one of the image’s, or appears twice');
    return at(f, origin.instruction, {
        ...common,
        how: origin.how,
        instruction: instructionText(origin.instruction)
    });
}
function countBy(findings) {
    const lines = new Map();
    for (const f of findings)
        lines.set(f.startLine, (lines.get(f.startLine) ?? 0) + 1);
    return [...lines.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([line, n]) => `line ${line}: ${n}`)
        .join(', ');
}
/** The subject's image findings placed on `dockerfile`; every other finding is returned as it was. */
function placeOnDockerfile(findings, paired) {
    const { subject, dockerfile } = paired;
    const mine = (f) => f.subject === subject && f.tool === 'trivy' && f.kind === 'vuln' && !!f.image;
    let parsed;
    try {
        parsed = parseDockerfile(dockerfile.text);
    }
    catch (error) {
        if (!(error instanceof DockerfileSyntaxError))
            throw error;
        return {
            findings: [...findings],
            note: `${subject}: its findings stay on the image: ${dockerfile.path} cannot be parsed (line ${error.line}: ${error.message}).`
        };
    }
    const stage = finalStage(parsed);
    if (!stage)
        return {
            findings: [...findings],
            note: `${subject}: its findings stay on the image: ${dockerfile.path} has no FROM.`
        };
    const alignment = alignLayers(paired.build, stage);
    if (!alignment.certain && !paired.fallback)
        return {
            findings: [...findings],
            note: `${subject}: its findings stay on the image: ${dockerfile.path} does not match the image's history (${alignment.reason}). Pair the image with the Dockerfile that built it (image: ${subject} | path/to/Dockerfile).`
        };
    const common = { dockerfile: dockerfile.path, baseImage: stage.from.args[0] ?? '' };
    const out = [];
    const placed = [];
    let left = 0;
    for (const f of findings) {
        if (!mine(f)) {
            out.push(f);
            continue;
        }
        const moved = placeOne(f, alignment, stage.from, common);
        if (moved)
            placed.push(moved);
        else
            left++;
        out.push(moved ?? f);
    }
    const where = placed.length > 0 ? ` (${countBy(placed)})` : '';
    const stay = left > 0 ? `; ${left} stay on the image (no line is known for them)` : '';
    const note = alignment.certain
        ? `${subject}: ${placed.length} findings placed on ${dockerfile.path}${where}${stay}.`
        : `${subject}: the image's history does not match ${dockerfile.path}: ${alignment.reason}. Its OS packages' findings are shown on the FROM line (${stage.from.startLine})${stay}.`;
    return { findings: out, note };
}

;// CONCATENATED MODULE: ./src/checks/image-origin/run.ts
/**
 * Image findings onto Dockerfile lines, for every image scan: which Dockerfile built the image
 * (pairing.ts, with BuildKit's provenance fetched by fetch-provenance.ts only when nothing else
 * decides), the image's build record from the scan's own Trivy report (history.ts), the Dockerfile
 * read through the safe read, then the placement (place.ts). The only part of this folder that
 * reads files.
 */







const HOW = {
    input: 'as the input pairs it',
    label: 'named by its label',
    provenance: 'named by its BuildKit provenance',
    'only-dockerfile': 'the only Dockerfile in scope'
};
/**
 * The pairing of one image: from the inputs, labels and files in scope first; then, for an image
 * pulled from a registry that none of them pairs while Dockerfiles are in scope, from its provenance.
 */
async function pair(scan, build, input, imagesScanned) {
    const ctx = {
        given: input.dockerfileFor[scan.job.subject],
        labels: build.labels,
        dockerfiles: input.dockerfiles,
        imagesScanned,
        ...(input.repository ? { repository: input.repository } : {})
    };
    const first = pairDockerfile(ctx);
    const ambiguous = !first.pairing && input.dockerfiles.length > 0 && scan.job.image?.kind === 'reference';
    if (!ambiguous || !input.crane)
        return first;
    // crane's install fails the step like any tool's (a digest mismatch is never a note); what the
    // registry answers, or does not, is a note about this image.
    const provenance = await fetchProvenance(await input.crane(), scan.job.subject, build);
    return pairDockerfile({ ...ctx, provenance });
}
/** The findings with each paired image's findings on its Dockerfile's lines; `say` gets one line per image. */
async function placeImageFindings(findings, input, say) {
    const scans = input.outcomes.filter(o => o.job.tool === 'trivy' && o.job.image && o.reportFile);
    let current = [...findings];
    const notes = [];
    for (const scan of scans) {
        const subject = scan.job.subject;
        if (!current.some(f => f.subject === subject && f.image))
            continue;
        const report = (0,json_input/* parseJson */.qF)(await (0,promises_.readFile)(scan.reportFile, 'utf8'), scan.reportFile);
        const build = imageBuild(report);
        if (!build)
            continue;
        const { pairing, note } = await pair(scan, build, input, scans.length);
        if (!pairing) {
            notes.push(`${subject}: no Dockerfile is paired with it${note ? ` (${note})` : ''}, so its findings stay on the image (pair one in the input: image: ${subject} | path/to/Dockerfile).`);
            continue;
        }
        const read = readSources(input.workspace, [pairing.dockerfile]);
        const text = read.texts[0]?.text;
        if (text === undefined) {
            const why = read.unread[0]?.reason ?? 'it cannot be read';
            notes.push(`${subject}: its findings stay on the image: ${pairing.dockerfile} cannot be read (${why}).`);
            continue;
        }
        if (pairing.remark)
            notes.push(`${subject}: ${pairing.remark}.`);
        const placed = placeOnDockerfile(current, {
            subject,
            dockerfile: { path: pairing.dockerfile, text },
            build,
            // Only the workflow's own word places findings the history does not bear out: the label is
            // the image's claim (a LABEL line can name any Dockerfile, and a Dockerfile's path is a scope
            // the policy's ignores narrow to), and the only Dockerfile in scope is a guess.
            fallback: pairing.how === 'input'
        });
        current = placed.findings;
        notes.push(`${placed.note} Dockerfile: ${HOW[pairing.how]}.`);
    }
    for (const note of notes)
        say(note);
    return current;
}

// EXTERNAL MODULE: ./src/findings/coverage.ts
var coverage = __webpack_require__(34754);
// EXTERNAL MODULE: ./src/kube/documents.ts
var documents = __webpack_require__(51695);
// EXTERNAL MODULE: ./src/findings/rule-id.ts
var rule_id = __webpack_require__(90046);
// EXTERNAL MODULE: ./src/checks/admission/rules.ts + 2 modules
var rules = __webpack_require__(86012);
;// CONCATENATED MODULE: ./src/checks/admission/reconcile.ts


function ruleEnabled(rule, policy) {
    switch (rule) {
        case 'privileged':
            return policy.denyPrivileged;
        case 'cpuLimit':
            return policy.requireLimits.includes('cpu') || policy.maxLimits?.cpu !== undefined;
        case 'memoryLimit':
            return policy.requireLimits.includes('memory') || policy.maxLimits?.memory !== undefined;
        case 'readOnlyRootFilesystem':
            return policy.requireReadOnlyRootFilesystem;
        case 'networkPolicy':
            return policy.requireNetworkPolicy;
    }
}
const normalizePath = (p) => p.replace(/^\.\//, '');
/**
 * Whether the admission rules judged what a Trivy finding points at: a judged document of the same
 * file holding its line, or — for a finding without a line — a file whose every document in scope
 * was judged.
 */
function judgedByAdmission(f, judged, partly) {
    if (f.file === undefined)
        return false;
    const file = normalizePath(f.file);
    const ranges = judged.get(file);
    if (!ranges)
        return false;
    if (f.startLine === undefined)
        return !partly.has(file);
    return ranges.some(r => f.startLine >= r.startLine && f.startLine <= r.endLine);
}
/**
 * The admission policy governs its four rules wherever they appear, so a Trivy finding of a mapped
 * check (KSV-0017, KSV-0011, KSV-0018, KSV-0014, any spelling) is dropped when
 *  - the policy turns that rule off (e.g. read-only root filesystems not required): the policy
 *    allows it, Trivy's severity must not re-impose it; or
 *  - the rule is on and the admission rules judged the document Trivy's finding is in: their
 *    finding is the one kept, because it honours exemptImages and maxLimits and carries Trivy's IDs
 *    as aliases (ignores written for Trivy's IDs still apply to it).
 * Trivy's finding is kept for everything the admission rules did not judge: Helm charts Trivy
 * rendered itself, and documents they could not read (those also get a CG-NOT-CHECKED), so a
 * document that escapes one reader is still judged by the other. `notFullyJudged` names the files
 * with a document in scope that was not judged.
 */
function reconcileTrivyAdmission(findings, judged, policy, notFullyJudged = []) {
    const byFile = new Map();
    for (const r of judged) {
        const file = normalizePath(r.file);
        byFile.set(file, [...(byFile.get(file) ?? []), r]);
    }
    const partly = new Set(notFullyJudged.map(normalizePath));
    const byId = new Map(Object.entries(rules/* TRIVY_ADMISSION_CHECKS */.vG).map(([id, rule]) => [(0,rule_id/* canonicalId */.iS)(id), rule]));
    return findings.filter(f => {
        if (f.tool !== 'trivy' || f.kind !== 'misconfig')
            return true;
        const rule = [f.ruleId, ...f.aliases]
            .map(rule_id/* canonicalId */.iS)
            .map(id => byId.get(id))
            .find(Boolean);
        if (!rule)
            return true;
        if (!ruleEnabled(rule, policy))
            return false;
        return !judgedByAdmission(f, byFile, partly);
    });
}

;// CONCATENATED MODULE: ./src/checks/base-images/final-base.ts
/**
 * The image each Dockerfile's final stage is built FROM, as BuildKit resolves it (build-args,
 * ARG defaults, stages built from earlier stages): the base the built image inherits its OS
 * packages from. The JSON report records it (`baseImages`) so a fleet aggregate can tell which
 * images share a base, and which findings a rebuild of that base would clear, without the
 * repository at hand.
 */

/**
 * Whether a resolved name shows a build-arg value. Workflows pass credentials as build-args, and the
 * report names build args without their values (json-report.ts): a base spelled from one is withheld.
 */
function showsBuildArg(image, build) {
    return [...build.buildArgs.values()].some(value => value !== '' && image.includes(value));
}
/** Follows `FROM <stage>` back to the stage that names an image (or scratch). */
function resolveStage(sources, last) {
    const froms = sources.filter(s => s.instruction === 'FROM');
    let current = last;
    // A stage can only name an earlier one, so the chain is at most as long as the file has FROMs.
    for (let hops = 0; current && current.kind === 'stage' && hops <= froms.length; hops++) {
        const name = current.value?.toLowerCase();
        const at = froms.indexOf(current);
        current = froms.slice(0, at).findLast(s => s.stage === name);
    }
    return current;
}
/** The final base of each Dockerfile read (per target platform). Pure. */
function finalBaseImages(dockerfiles, build) {
    const out = [];
    for (const { path, text } of dockerfiles) {
        const reading = readDockerfile(text, build);
        for (const { platform, sources } of reading.platforms) {
            const last = sources.filter(s => s.instruction === 'FROM').at(-1);
            const source = reading.refusal || !last ? undefined : resolveStage(sources, last);
            const image = source?.kind === 'image'
                ? source.image?.normalized
                : source?.kind === 'scratch'
                    ? 'scratch'
                    : undefined;
            const withheld = image !== undefined && showsBuildArg(image, build);
            out.push({
                dockerfile: path,
                platform,
                ...(image && !withheld ? { image } : {}),
                ...(source ? { written: source.raw } : {}),
                ...(withheld ? { withheld: 'build-arg' } : {})
            });
        }
    }
    return out;
}

// EXTERNAL MODULE: ./src/kube/objects.ts
var objects = __webpack_require__(49509);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
;// CONCATENATED MODULE: ./src/scanners/kustomize.ts
/**
 * `kustomize build` of each kustomization in scope (workspace/kustomize.ts checked it first): what
 * the cluster receives, for the admission rules and gator to judge like any manifest.
 *
 * Each build runs in a wrapper kustomization under this run's folder that names the target as its
 * only resource and asks for `buildMetadata: [originAnnotations, transformerAnnotations]`: every
 * object then says which file it came from (`config.kubernetes.io/origin`) and which
 * kustomizations' patches changed it (`alpha.config.kubernetes.io/transformations`), so a finding
 * lands on the file a reviewer changes. kustomize runs with argv only, the scrubbed environment, an
 * empty PATH and a dead proxy (no git, no helm, nothing fetched even if an entry slipped past the
 * plan), and without `--enable-alpha-plugins` / `--enable-exec` (no plugins, no KRM functions).
 * A build that fails or prints more than a manifest may hold is CG-NOT-CHECKED, never a pass.
 */





/** The annotations the wrapper asks for; they are not part of what the cluster would receive. */
const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';
const TRANSFORMATIONS_ANNOTATION = 'alpha.config.kubernetes.io/transformations';
/** The name a build's output goes by where a file path is expected (never a real file: a space). */
function buildLabel(build) {
    return `kustomize build ${build.build.dir || '.'}`;
}
/** The wrapper kustomization: the target (relative: kustomize refuses absolute roots) and metadata. */
function wrapperKustomization(wrapperDir, targetDir) {
    const target = (0,external_node_path_.relative)(wrapperDir, targetDir).split(external_node_path_.sep).join('/');
    return [
        'apiVersion: kustomize.config.k8s.io/v1beta1',
        'kind: Kustomization',
        'resources:',
        `  - ${JSON.stringify(target)}`,
        'buildMetadata: [originAnnotations, transformerAnnotations]',
        ''
    ].join('\n');
}
/** `kustomize build <wrapper>`: load restrictor left at its default (root only), no plugins. */
function kustomizeBuildArgs(wrapperDir) {
    return ['build', wrapperDir];
}
/** Environment on top of the scrubbed one: nothing on PATH (git, helm) and no way out by proxy. */
const KUSTOMIZE_ENV = {
    PATH: '',
    HTTP_PROXY: 'http://127.0.0.1:9',
    HTTPS_PROXY: 'http://127.0.0.1:9',
    ALL_PROXY: 'http://127.0.0.1:9',
    NO_PROXY: ''
};
/** The builtin transformers of `patches:` and of the deprecated `patchesJson6902:` and
 * `patchesStrategicMerge:`, which kustomize 5.8.2 still runs under their own names. */
const PATCH_TRANSFORMERS = new Set([
    'PatchTransformer',
    'PatchJson6902Transformer',
    'PatchStrategicMergeTransformer'
]);
const get = (node, key) => node?.kind === 'map' ? node.fields.get(key)?.node : undefined;
const kustomize_text = (node) => node?.kind === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
/** A path kustomize wrote relative to the wrapper, as a repository path (undefined when outside). */
function kustomize_repositoryPath(fromWrapper, wrapperDir, workspace) {
    const rel = (0,external_node_path_.relative)(workspace, (0,external_node_path_.resolve)(wrapperDir, fromWrapper));
    if (rel === '' || rel.startsWith('..') || (0,external_node_path_.resolve)(workspace, rel) !== (0,external_node_path_.resolve)(wrapperDir, fromWrapper))
        return undefined;
    return rel.split(external_node_path_.sep).join('/');
}
function annotationYaml(value) {
    if (value === undefined)
        return undefined;
    try {
        return (0,dist/* parse */.qg)(value);
    }
    catch {
        return undefined;
    }
}
/**
 * The objects of a build's output with their origin and the kustomizations that patched them.
 * Pure: the paths in the annotations are relative to the wrapper folder.
 */
function parseBuildOutput(output, where) {
    const objects = [];
    for (const doc of (0,documents/* readKubeDocuments */.cy)(output)) {
        if (!doc.root)
            continue;
        const annotations = get(get(doc.root, 'metadata'), 'annotations');
        const origin = annotationYaml(kustomize_text(get(annotations, ORIGIN_ANNOTATION)));
        const steps = annotationYaml(kustomize_text(get(annotations, TRANSFORMATIONS_ANNOTATION)));
        const patchedIn = (Array.isArray(steps) ? steps : [])
            .filter(s => PATCH_TRANSFORMERS.has(s?.configuredBy?.kind) && typeof s.configuredIn === 'string')
            .map(s => kustomize_repositoryPath(s.configuredIn, where.wrapperDir, where.workspace))
            .filter((p) => p !== undefined);
        const originPath = typeof origin?.path === 'string'
            ? kustomize_repositoryPath(origin.path, where.wrapperDir, where.workspace)
            : undefined;
        objects.push({
            startLine: doc.startLine,
            endLine: doc.endLine,
            ...(originPath ? { origin: originPath } : {}),
            patchedIn
        });
    }
    return objects;
}
/** kustomize's own words for a failed build: its `Error:` lines, else the end of its stderr, with the
 * runner's folders taken out (the workspace's paths read as repository paths). */
function buildError(stderr, exitCode, dirs) {
    const lines = stderr
        .replaceAll(`${dirs.wrapperDir}/`, '')
        .replaceAll(`${dirs.workspace}/`, '')
        .split('\n')
        .filter(l => l.trim() !== '');
    const errors = lines.filter(l => l.startsWith('Error:'));
    const said = (errors.length > 0 ? errors : lines.slice(-3)).join(' ').slice(0, 1000);
    return said ? `kustomize failed (exit ${exitCode}): ${said}` : `kustomize failed with exit code ${exitCode}`;
}
async function renderOne(build, n, context) {
    // Real paths on both sides, so the relative path from the wrapper and the origins kustomize
    // writes back agree even when the runner's temp folder or workspace is reached through a link.
    const made = (0,external_node_path_.join)(context.runDir, 'kustomize', String(n));
    await (0,promises_.mkdir)(made, { recursive: true });
    const wrapperDir = await (0,promises_.realpath)(made);
    const workspace = await (0,promises_.realpath)(context.workspace);
    await (0,promises_.writeFile)((0,external_node_path_.join)(wrapperDir, 'kustomization.yaml'), wrapperKustomization(wrapperDir, (0,external_node_path_.resolve)(workspace, build.dir)));
    const refuse = (reason) => ({
        kustomization: build.kustomization,
        reason: `kustomize build ${build.dir || '.'}: ${reason}`
    });
    let result;
    try {
        result = await context.exec(context.kustomize, kustomizeBuildArgs(wrapperDir), {
            cwd: context.workspace,
            env: { ...KUSTOMIZE_ENV },
            maxOutputBytes: context.maxBytes
        });
    }
    catch (error) {
        // The exec wrapper refuses output over the limit rather than holding it; anything else (no
        // kustomize binary) is ours, not the repository's.
        if (error instanceof Error && error.message.includes('printed more than'))
            return refuse(`its output is larger than the ${(0,safe_read/* formatBytes */.z3)(context.maxBytes)} limit for a manifest`);
        throw error;
    }
    if (result.exitCode !== 0)
        return refuse(buildError(result.stderr, result.exitCode, { workspace, wrapperDir }));
    return {
        build,
        text: result.stdout,
        objects: parseBuildOutput(result.stdout, { wrapperDir, workspace })
    };
}
/** Builds each kustomization in turn (kustomize is quick; its output is held in memory). */
async function renderKustomizations(builds, context) {
    const rendered = { builds: [], failed: [] };
    let n = 0;
    for (const build of builds) {
        const one = await renderOne(build, ++n, context);
        if ('text' in one)
            rendered.builds.push(one);
        else
            rendered.failed.push(one);
    }
    return rendered;
}

;// CONCATENATED MODULE: ./src/checks/kustomize.ts




const scalar = (node) => (node?.kind === 'scalar' ? node.value : undefined);
function stepOf(item, index) {
    const name = item.kind === 'map' ? scalar(item.fields.get('name')?.node) : undefined;
    return typeof name === 'string' ? { name } : { index };
}
/** The path to the deepest key or item written at `line` of the document. */
function pathAtLine(node, line) {
    if (node.kind === 'map') {
        for (const [key, f] of node.fields) {
            if (line < f.keyLine || line > Math.max(f.keyLine, f.node.endLine))
                continue;
            const deeper = f.node.kind === 'scalar' ? undefined : pathAtLine(f.node, line);
            if (deeper)
                return [{ key }, ...deeper];
            if (f.keyLine === line)
                return [{ key }];
        }
    }
    if (node.kind === 'seq') {
        for (const [i, item] of node.items.entries()) {
            if (line < item.line || line > item.endLine)
                continue;
            const deeper = pathAtLine(item, line);
            return [stepOf(item, i), ...(deeper ?? [])];
        }
    }
    return undefined;
}
/** The node at a path and the line it is written on (its key's, for a field). */
function follow(root, steps) {
    let at = { node: root, line: root.line };
    for (const step of steps) {
        const node = at.node;
        if ('key' in step) {
            const f = node.kind === 'map' ? node.fields.get(step.key) : undefined;
            if (!f)
                return undefined;
            at = { node: f.node, line: f.keyLine };
        }
        else {
            if (node.kind !== 'seq')
                return undefined;
            const item = 'name' in step
                ? node.items.find(i => i.kind === 'map' && scalar(i.fields.get('name')?.node) === step.name)
                : node.items[step.index];
            if (!item)
                return undefined;
            at = { node: item, line: item.line };
        }
    }
    return at;
}
/** The object in the origin file the rendered one came from: same kind, and the same name or one a
 * prefix or suffix (namePrefix, nameSuffix) turned into the rendered name. */
function originObject(text, kind, name) {
    const all = (0,documents/* readKubeDocuments */.cy)(text).flatMap(d => (0,objects/* documentObjects */.g)(d.root).objects);
    const sameKind = all.filter(o => o.kind === kind);
    return (sameKind.find(o => o.name === name) ??
        sameKind.find(o => o.name !== '' && name.includes(o.name)) ??
        (sameKind.length === 1 ? sameKind[0] : undefined));
}
/** The line of a kustomization's patch list, where an overlay's patches are written. */
function patchesLine(text) {
    const i = text.split('\n').findIndex(l => /^(patches|patchesJson6902|patchesStrategicMerge)\s*:/.test(l));
    return i < 0 ? 1 : i + 1;
}
function sameValue(a, b) {
    if (a.kind !== 'scalar' || b.kind !== 'scalar')
        return a.kind === b.kind;
    return a.value === b.value;
}
/** Whether `from` takes `to` in, itself or through the kustomizations it takes in. */
function takesIn(graph, from, to) {
    const seen = new Set();
    const queue = [from];
    while (queue.length > 0) {
        const at = queue.pop();
        if (at === to)
            return true;
        if (seen.has(at))
            continue;
        seen.add(at);
        queue.push(...(graph[at] ?? []));
    }
    return false;
}
/**
 * The overlay as the cause: the `patches:` of the last kustomization whose patches ran over it.
 * kustomize appends to a `transformations` annotation the resource file already carries, so an
 * entry counts only when that kustomization takes in the object's origin file (a kustomization's
 * patches touch nothing else): a resource cannot name a kustomization it was never built by, say
 * one whose path the policy ignores, and have its findings put there.
 */
function patcherPlace(rendered, build, sources) {
    const { texts } = sources;
    const real = (patcher) => rendered.origin !== undefined
        ? takesIn(sources.takesIn, patcher, rendered.origin)
        : takesIn(sources.takesIn, build.build.kustomization, patcher);
    const patcher = rendered.patchedIn.filter(real).at(-1);
    const text = patcher === undefined ? undefined : texts.get(patcher);
    if (patcher === undefined || text === undefined)
        return undefined;
    return {
        file: patcher,
        line: patchesLine(text),
        how: `from ${rendered.origin ?? 'a generator'}, as patched by ${patcher}`
    };
}
/** The repository place of a finding at `line` of a rendered object (see the module comment). */
function place(build, object, line, sources) {
    const { texts } = sources;
    const { rendered, root } = object;
    const originText = rendered.origin === undefined ? undefined : texts.get(rendered.origin);
    const source = originText === undefined ? undefined : originObject(originText, object.kind, object.name);
    const steps = pathAtLine(root, line);
    const here = steps && follow(root, steps);
    const there = source && steps ? follow(source.node, steps) : undefined;
    if (rendered.origin && here && there && sameValue(here.node, there.node))
        return { file: rendered.origin, line: there.line, how: `from ${rendered.origin}` };
    const patched = patcherPlace(rendered, build, sources);
    if (patched)
        return patched;
    if (rendered.origin)
        return { file: rendered.origin, line: source?.node.line ?? 1, how: `from ${rendered.origin}` };
    return { file: build.build.kustomization, line: 1, how: `made by ${build.build.kustomization}` };
}
/** The repository files the placing reads: origins and the kustomizations that patched. */
function filesToPlace(builds) {
    const files = builds.flatMap(b => b.objects.flatMap(o => [...(o.origin ? [o.origin] : []), ...o.patchedIn]));
    return [...new Set(files)].sort();
}
/** A finding's line in a build's output, and the object there. */
function objectsOf(build, graph) {
    const docs = (0,documents/* readKubeDocuments */.cy)(build.text);
    return build.objects.flatMap(said => {
        const root = docs.find(d => d.startLine === said.startLine)?.root;
        const found = root ? (0,objects/* documentObjects */.g)(root).objects[0] : undefined;
        // The origin annotation is kustomize's until a transformer writes over it (`commonAnnotations`
        // can name any file): a file the build never took in is not where the object came from.
        const { origin, ...rest } = said;
        const rendered = origin !== undefined && takesIn(graph, build.build.kustomization, origin) ? said : rest;
        return root && found ? [{ rendered, root, kind: found.kind, name: found.name }] : [];
    });
}
/**
 * The findings on builds' outputs (file = buildLabel), each moved to its place in the repository.
 * A finding the plain files already have (same rule, file and line) is dropped, and so is a second
 * one at the same place from another build: the base's missing limit is one finding, not one per
 * overlay.
 */
function placeRenderedFindings(findings, builds, sources, plain) {
    const byLabel = new Map(builds.map(b => [buildLabel(b), { build: b, objects: objectsOf(b, sources.takesIn) }]));
    const key = (f) => [f.tool, f.ruleId, f.file ?? '', f.startLine ?? ''].join('\u0000');
    const seen = new Set(plain.map(key));
    const out = [];
    for (const finding of findings) {
        const entry = finding.file === undefined ? undefined : byLabel.get(finding.file);
        if (!entry) {
            out.push(finding);
            continue;
        }
        const line = finding.startLine ?? 1;
        const object = entry.objects.find(o => line >= o.rendered.startLine && line <= o.rendered.endLine);
        let at = object
            ? place(entry.build, object, line, sources)
            : { file: entry.build.build.kustomization, line: 1, how: `made by ${entry.build.build.kustomization}` };
        // A gator violation is about the whole object, whose metadata the origin file always has: when
        // the origin file does not show the violation itself, a patch that changed the object caused it.
        const atOrigin = [finding.tool, finding.ruleId, at.file, at.line].join('\u0000');
        if (finding.tool === 'gator' && object && !seen.has(atOrigin))
            at = patcherPlace(object.rendered, entry.build, sources) ?? at;
        const moved = {
            ...finding,
            file: at.file,
            target: at.file,
            startLine: at.line,
            endLine: at.line,
            message: `${finding.message ?? finding.title} (in ${buildLabel(entry.build)}, ${at.how})`
        };
        if (moved.subject === finding.file)
            moved.subject = at.file;
        if (seen.has(key(moved)))
            continue;
        seen.add(key(moved));
        out.push(moved);
    }
    return out;
}

// EXTERNAL MODULE: ./src/log.ts
var log = __webpack_require__(25625);
;// CONCATENATED MODULE: ./src/checks/signatures/rules.ts
/**
 * The signature rules: which images must be signed (or attested), and by whom. The policy file's
 * `signatures:` section and the quick inputs (`cosign-key`, `certificate-identity`...) both become
 * SignatureRules; the check verifies each image against every rule whose patterns match it.
 */
/** Attestation types as cosign's --type names them, each with the in-toto predicate type it stands for. */
const ATTESTATION_TYPES = {
    vuln: 'https://cosign.sigstore.dev/attestation/vuln/v1',
    cyclonedx: 'https://cyclonedx.org/bom',
    // `attest: sbom` writes CycloneDX: a rule may say it the same way.
    sbom: 'https://cyclonedx.org/bom',
    spdx: 'https://spdx.dev/Document',
    spdxjson: 'https://spdx.dev/Document',
    slsaprovenance: 'https://slsa.dev/provenance/v0.2',
    slsaprovenance02: 'https://slsa.dev/provenance/v0.2',
    slsaprovenance1: 'https://slsa.dev/provenance/v1',
    link: 'https://in-toto.io/Link/v1',
    openvex: 'https://openvex.dev/ns',
    custom: 'https://cosign.sigstore.dev/attestation/v1'
};
/** The attestation type a name stands for, or undefined when cosign would refuse it. A URI is
 * taken as the predicate type itself, as cosign takes it. */
function attestationType(name) {
    const known = ATTESTATION_TYPES[name];
    if (known)
        return { name, predicateType: known };
    return /^https?:\/\/[^\s/]+\/\S*$/.test(name) ? { name, predicateType: name } : undefined;
}
/** Rule IDs of the signature check, as they appear in SARIF and in ignores. */
const SIGNATURE_RULES = {
    /** The image carries no signature (or no attestation of the type) at all. */
    missing: 'CG-SIGNATURE-MISSING',
    /** It is signed, but not by the key or identity the rule asks for. */
    mismatch: 'CG-SIGNATURE-MISMATCH',
    /** The registry could not be asked, or cosign failed for another reason: not proven either way. */
    unverifiable: 'CG-SIGNATURE-UNVERIFIABLE'
};
/** The subject (SARIF run and category) of every signature finding. */
const SIGNATURES_SUBJECT = 'signatures';
/** "key .github/cosign.pub", "identity https://github.com/acme/... (issuer https://token...)". */
function describeSigner(signer) {
    if (signer.kind === 'key')
        return `key ${signer.key}`;
    const who = signer.identity ?? `matching /${signer.identityRegexp}/`;
    return `identity ${who} (issuer ${signer.issuer})`;
}
/** "a signature" or "a vuln attestation", for messages. */
function describeRequirement(rule) {
    return rule.attestation ? `a ${rule.attestation.name} attestation` : 'a signature';
}

;// CONCATENATED MODULE: ./src/checks/signatures/findings.ts

const TEXTS = {
    [SIGNATURE_RULES.missing]: {
        title: 'Required signature missing',
        description: 'The policy (signatures:) requires images matching these patterns to be signed, or attested, by the key or identity it names; this image carries no such signature or attestation.'
    },
    [SIGNATURE_RULES.mismatch]: {
        title: 'Signed by someone else',
        description: 'The image is signed (or attested), but not by the key or keyless identity the policy (signatures:) requires: whoever signed it is not who the policy trusts.'
    },
    [SIGNATURE_RULES.unverifiable]: {
        title: 'Signature could not be verified',
        description: 'cosign could not establish whether the image is signed as the policy requires (the registry or a Sigstore service could not be reached, or the image is not there). What was not verified does not pass: this blocks like a missing signature until the verification succeeds.'
    }
};
function ruleIdOf(outcome) {
    if (outcome.status === 'unsigned')
        return SIGNATURE_RULES.missing;
    if (outcome.status === 'mismatch')
        return SIGNATURE_RULES.mismatch;
    return SIGNATURE_RULES.unverifiable;
}
/** What went wrong against one rule, in a sentence that names the rule. */
function findings_problem(outcome, rule) {
    const wanted = `${describeRequirement(rule)} by ${describeSigner(rule.signer)}`;
    switch (outcome.status) {
        case 'unsigned':
            return `has no ${wanted.slice(2)}, which ${rule.source} requires${outcome.detail ? ` (${outcome.detail})` : ''}`;
        case 'mismatch':
            return `is not signed by ${describeSigner(rule.signer)} as ${rule.source} requires: ${outcome.found ? `found ${outcome.found}` : `cosign: ${outcome.detail}`}`;
        case 'image-missing':
            return `is not in the registry, so ${wanted} (${rule.source}) cannot be checked (cosign: ${outcome.detail})`;
        case 'unverifiable':
            return `could not be checked for ${wanted} (${rule.source}): ${outcome.detail}`;
    }
}
function siteText(target) {
    return target.site.kind === 'base' ? `${target.site.written} (${target.image})` : target.image;
}
function findingOf(ruleId, checks) {
    const { target } = checks[0];
    const site = target.site;
    const problems = checks.map(c => findings_problem(c.outcome, c.rule));
    return {
        tool: 'container-gate',
        kind: 'signature',
        ruleId,
        aliases: [],
        severity: 'CRITICAL',
        ...TEXTS[ruleId],
        message: `${siteText(target)} ${problems.join('; and ')}`,
        // The image as the workflow or the Dockerfile names it: a stable identity across digests.
        target: site.kind === 'scanned' ? site.reference : target.image,
        subject: SIGNATURES_SUBJECT,
        image: site.kind === 'scanned' ? site.reference : target.image,
        ...(site.kind === 'base' ? { file: site.file, startLine: site.startLine, endLine: site.endLine } : {})
    };
}
function placeKey(target) {
    const site = target.site;
    return site.kind === 'scanned'
        ? `scanned\u0000${site.reference}`
        : `base\u0000${site.file}\u0000${site.startLine}\u0000${target.image}`;
}
/** The findings of the failed verifications: one per image and place and rule ID. */
function signatureFindings(failed) {
    const groups = new Map();
    for (const check of failed) {
        const ruleId = ruleIdOf(check.outcome);
        const key = `${placeKey(check.target)}\u0000${ruleId}`;
        const group = groups.get(key) ?? { ruleId, checks: [] };
        group.checks.push(check);
        groups.set(key, group);
    }
    return [...groups.values()].map(g => findingOf(g.ruleId, g.checks));
}

;// CONCATENATED MODULE: ./src/checks/signatures/targets.ts




function rulesFor(ref, rules) {
    return rules.filter(rule => rule.images.some(pattern => (0,image_ref/* matchesImagePattern */.hN)(ref, pattern)));
}
function digestOf(pinned) {
    const parsed = (0,image_ref/* parseImageRef */.Q)(pinned);
    return (0,image_ref/* isImageRef */.rK)(parsed) ? parsed.digest : undefined;
}
/** The scanned images and their rules; an image without a registry digest cannot be verified. */
function scannedChecks(images, rules) {
    const checks = [];
    const unpinned = [];
    for (const image of images) {
        const parsed = (0,image_ref/* parseImageRef */.Q)(image.reference);
        if (!(0,image_ref/* isImageRef */.rK)(parsed))
            continue;
        const matching = rulesFor(parsed, rules);
        if (matching.length === 0)
            continue;
        const digest = image.pinned ? digestOf(image.pinned) : undefined;
        if (!image.pinned || !digest) {
            unpinned.push({ image, rules: matching });
            continue;
        }
        const site = { kind: 'scanned', reference: image.reference };
        checks.push({ target: { image: image.pinned, digest, knownToExist: true, site }, rules: matching });
    }
    return { checks, unpinned };
}
/** An image source the signature rules cannot be applied to, because the image is not known. */
function unknownImage(path, source, why) {
    return {
        tool: 'container-gate',
        kind: 'signature',
        ruleId: SIGNATURE_RULES.unverifiable,
        aliases: [],
        severity: 'CRITICAL',
        title: 'Signature could not be verified',
        description: 'Which image the build pulls must be known to check it against the signature rules (signatures:); what cannot be known fails closed.',
        message: `${written(source)}: ${why}, so whether a signature rule applies cannot be known`,
        target: path,
        subject: SIGNATURES_SUBJECT,
        file: path,
        startLine: source.startLine,
        endLine: source.endLine
    };
}
function whyUnknown(source) {
    if (source.kind === 'invalid')
        return `BuildKit cannot use this image name (${source.problem})`;
    return `the image depends on ARG ${(source.unsetArgs ?? []).join(', ')}, which has no value here (no default, not in build-args)`;
}
/**
 * The base images of the Dockerfiles and their rules (those that apply to base images), one check
 * per image and line whatever the number of platforms that read it so. Images that cannot be known
 * are findings, unless `unknownReported` (the base-image rules already report them at that line).
 */
function baseImageChecks(dockerfiles, rules, build, unknownReported) {
    const applicable = rules.filter(r => r.appliesTo === 'scanned-and-base');
    const out = { checks: [], findings: [] };
    if (applicable.length === 0)
        return out;
    const seen = new Set();
    for (const { path, text } of dockerfiles) {
        const reading = readDockerfile(text, build);
        // A Dockerfile BuildKit refuses builds nothing: the base-image check or the build says so.
        for (const source of reading.platforms.flatMap(p => p.sources)) {
            const key = JSON.stringify([
                path,
                source.startLine,
                source.kind,
                source.image?.normalized ?? source.raw
            ]);
            if (seen.has(key))
                continue;
            seen.add(key);
            if (source.kind === 'unresolved' || source.kind === 'invalid') {
                if (!unknownReported)
                    out.findings.push(unknownImage(path, source, whyUnknown(source)));
                continue;
            }
            const image = source.image;
            if (source.kind !== 'image' || !image || isOfficialFrontend(source, image))
                continue;
            const matching = rulesFor(image, applicable);
            if (matching.length === 0)
                continue;
            const site = {
                kind: 'base',
                file: path,
                startLine: source.startLine,
                endLine: source.endLine,
                written: written(source)
            };
            const target = { image: image.normalized, digest: image.digest, knownToExist: false, site };
            out.checks.push({ target, rules: matching });
        }
    }
    return out;
}

;// CONCATENATED MODULE: ./src/checks/signatures/trust.ts
/**
 * Which Sigstore deployment signatures are checked against. Without the `sigstore-trusted-root`
 * input, cosign's default: the public-good instance, whose trusted root cosign fetches through
 * TUF, with a transparency-log entry required for every signature. With it, a private deployment
 * or an offline verifier: cosign is given that trusted root, and what the root lists decides what
 * can be required. A root without a transparency log cannot prove a log entry, so none is asked
 * for (a signed timestamp is, when the root lists a timestamp authority); without a CT log, no
 * signed certificate timestamp is.
 */
const TRUSTED_ROOT_MEDIA_TYPE = 'application/vnd.dev.sigstore.trustedroot+json';
const SIGNING_CONFIG_MEDIA_TYPE = 'application/vnd.dev.sigstore.signingconfig';
function countOf(root, key) {
    const value = root[key];
    if (value === undefined || value === null)
        return 0;
    return Array.isArray(value) ? value.length : `'${key}' is not a list`;
}
function parseObject(text) {
    try {
        const value = JSON.parse(text);
        return value !== null && typeof value === 'object' && !Array.isArray(value)
            ? value
            : undefined;
    }
    catch {
        return undefined;
    }
}
/** Reads a Sigstore trusted_root.json, or says why it is not one. */
function parseTrustedRoot(text) {
    const root = parseObject(text);
    if (!root)
        return { error: 'it is not a JSON object' };
    const mediaType = typeof root.mediaType === 'string' ? root.mediaType : '';
    if (!mediaType.startsWith(TRUSTED_ROOT_MEDIA_TYPE))
        return {
            error: `its mediaType is ${JSON.stringify(root.mediaType ?? null)}, not ${TRUSTED_ROOT_MEDIA_TYPE};version=0.1 (cosign trusted-root create writes one)`
        };
    const counts = {
        certificateAuthorities: countOf(root, 'certificateAuthorities'),
        transparencyLogs: countOf(root, 'tlogs'),
        ctLogs: countOf(root, 'ctlogs'),
        timestampAuthorities: countOf(root, 'timestampAuthorities')
    };
    const wrong = Object.values(counts).find(v => typeof v === 'string');
    if (typeof wrong === 'string')
        return { error: wrong };
    return counts;
}
/** Reads a Sigstore signing config (`cosign signing-config create`), or says why it is not one. */
function parseSigningConfig(text) {
    const config = parseObject(text);
    if (!config)
        return { error: 'it is not a JSON object' };
    const mediaType = typeof config.mediaType === 'string' ? config.mediaType : '';
    if (!mediaType.startsWith(SIGNING_CONFIG_MEDIA_TYPE))
        return {
            error: `its mediaType is ${JSON.stringify(config.mediaType ?? null)}, not ${SIGNING_CONFIG_MEDIA_TYPE}.v0.2+json (cosign signing-config create writes one)`
        };
    const cas = countOf(config, 'caUrls');
    const tlogs = countOf(config, 'rekorTlogUrls');
    if (typeof cas === 'string')
        return { error: cas };
    if (typeof tlogs === 'string')
        return { error: tlogs };
    return { certificateAuthorities: cas, transparencyLogs: tlogs };
}
/**
 * The flags that point cosign at the deployment and ask only for what its trusted root can prove.
 * `keyless`: the certificate checks (SCTs) apply only to keyless signatures.
 */
function trustFlags(trust, keyless) {
    const root = trust.trustedRoot;
    if (!root)
        return [];
    const flags = ['--trusted-root', root.file];
    if (root.contents.transparencyLogs === 0) {
        flags.push('--insecure-ignore-tlog');
        if (root.contents.timestampAuthorities > 0)
            flags.push('--use-signed-timestamps');
    }
    if (keyless && root.contents.ctLogs === 0)
        flags.push('--insecure-ignore-sct');
    return flags;
}
/** One line for the log: what verification will and will not require, and why. */
function describeTrust(trust) {
    const root = trust.trustedRoot;
    if (!root)
        return 'Signatures are verified against the public Sigstore instance (its trusted root through TUF, a transparency-log entry required).';
    const c = root.contents;
    const parts = [
        c.transparencyLogs > 0
            ? 'a transparency-log entry is required'
            : c.timestampAuthorities > 0
                ? 'it lists no transparency log, so a signed timestamp is required instead of a log entry'
                : 'it lists no transparency log or timestamp authority, so no log entry is required',
        c.ctLogs > 0
            ? 'keyless certificates need a signed certificate timestamp'
            : 'it lists no CT log, so keyless certificates are checked without a signed certificate timestamp'
    ];
    return `Signatures are verified against the trusted root of input 'sigstore-trusted-root': ${parts.join('; ')}.`;
}

;// CONCATENATED MODULE: ./src/checks/signatures/cosign-args.ts

/** The key or identity flags of a signer. */
function signerFlags(signer, keyFile) {
    if (signer.kind === 'key')
        return ['--key', keyFile ?? signer.key];
    const who = signer.identity
        ? ['--certificate-identity', signer.identity]
        : ['--certificate-identity-regexp', signer.identityRegexp ?? ''];
    return [...who, '--certificate-oidc-issuer', signer.issuer];
}
/**
 * `cosign verify` (or `verify-attestation --type T` when the rule asks for an attestation) of one
 * image against one rule. `keyFile` is the validated copy of a key file the rule names (cosign
 * reads that copy, not the repository path); references (awskms://, env://) are passed as written.
 */
function verifyArgs(rule, image, trust, keyFile) {
    const command = rule.attestation
        ? ['verify-attestation', '--type', rule.attestation.predicateType]
        : ['verify'];
    return [
        ...command,
        ...signerFlags(rule.signer, keyFile),
        ...trustFlags(trust, rule.signer.kind === 'identity'),
        '--output',
        'json',
        '--',
        image
    ];
}
/** `cosign tree`: fetches the image's manifest first, so it fails with "entity not found in
 * registry" for an image the registry does not have (which `verify` reports as unsigned). */
function treeArgs(image) {
    return ['tree', '--', image];
}

;// CONCATENATED MODULE: ./src/checks/signatures/outcome.ts
/** The predicate types of a signature: cosign 3's bundles, and cosign 2's simple signing payloads. */
const SIGNATURE_TYPES = new Set(['https://sigstore.dev/cosign/sign/v1', 'cosign container image signature']);
const IN_TOTO = 'application/vnd.in-toto+json';
const MAX_DETAIL = 400;
/** cosign's `Error:` line (it prints the message twice; the first is enough), shortened. */
function cosignError(stderr) {
    const line = stderr.split('\n').find(l => l.startsWith('Error: '));
    const text = (line ? line.slice('Error: '.length) : (stderr.trim().split('\n').slice(-1)[0] ?? '')).trim();
    return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL - 1)}…` : text;
}
function isObject(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
}
/** The `critical` sections of `cosign verify --output json`; undefined when it is not that JSON. */
function verifiedPayloads(stdout) {
    let parsed;
    try {
        parsed = JSON.parse(stdout);
    }
    catch {
        return undefined;
    }
    if (!Array.isArray(parsed))
        return undefined;
    return parsed.filter(isObject).map(entry => {
        const critical = isObject(entry.critical) ? entry.critical : {};
        const image = isObject(critical.image) ? critical.image : {};
        const digest = image['docker-manifest-digest'];
        return {
            type: typeof critical.type === 'string' ? critical.type : '',
            ...(typeof digest === 'string' ? { digest } : {})
        };
    });
}
/** The in-toto statements of `cosign verify-attestation --output json`: one DSSE envelope per line. */
function attestedStatements(stdout) {
    const statements = [];
    for (const line of stdout.split('\n')) {
        if (line.trim() === '')
            continue;
        try {
            const envelope = JSON.parse(line);
            if (!isObject(envelope) || envelope.payloadType !== IN_TOTO || typeof envelope.payload !== 'string')
                continue;
            const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8'));
            if (!isObject(statement) || typeof statement.predicateType !== 'string')
                continue;
            const subjects = Array.isArray(statement.subject) ? statement.subject.filter(isObject) : [];
            const digests = subjects
                .map(s => (isObject(s.digest) ? s.digest.sha256 : undefined))
                .filter((d) => typeof d === 'string')
                .map(hex => `sha256:${hex}`);
            statements.push({ predicateType: statement.predicateType, digests });
        }
        catch {
            // Not an envelope: cosign prints nothing else on stdout, and a line that is not one proves nothing.
        }
    }
    return statements;
}
function signatureVerified(stdout, digest) {
    const payloads = verifiedPayloads(stdout);
    if (!payloads)
        return { status: 'unverifiable', detail: 'cosign reported success but printed no verified payloads' };
    const forDigest = payloads.filter(p => digest === undefined || p.digest === digest);
    if (forDigest.some(p => SIGNATURE_TYPES.has(p.type)))
        return { status: 'verified' };
    const types = [...new Set(payloads.map(p => p.type || '(no type)'))].sort();
    return {
        status: 'unsigned',
        detail: `what verifies is not a signature of this digest (${types.join(', ')}): attestations alone do not count as a signature`
    };
}
function attestationVerified(stdout, type, digest) {
    const statements = attestedStatements(stdout);
    const matching = statements.filter(s => s.predicateType === type.predicateType && (digest === undefined || s.digests.includes(digest)));
    if (matching.length > 0)
        return { status: 'verified' };
    const types = [...new Set(statements.map(s => s.predicateType))].sort();
    return {
        status: 'unsigned',
        detail: `no verified ${type.name} attestation of this digest${types.length ? ` (found ${types.join(', ')})` : ''}`
    };
}
/** Who signed instead, from cosign's mismatch messages: the SAN or issuer it got, or the kind. */
function mismatchFound(reason) {
    const got = /expected (SAN|issuer) value "[^"]*", got "([^"]*)"/.exec(reason);
    if (got)
        return got[1] === 'SAN' ? `identity ${got[2]}` : `issuer ${got[2]}`;
    if (reason.includes('expected key signature, not certificate'))
        return 'a keyless signature (a certificate)';
    // sigstore-go's words when an identity is asked for and the signatures carry a key, no certificate.
    if (reason.includes('outside of public key validity window'))
        return 'a key signature (no certificate)';
    if (reason.includes('do not match threshold'))
        return 'signatures by another key or identity';
    return undefined;
}
/** A failure cosign reports after it found signatures, or before it could look. */
function failed(error, attestation) {
    const wrongType = /none of the attestations matched the predicate type: [^,]*, found: (.*)$/.exec(error);
    if (wrongType)
        return {
            status: 'unsigned',
            detail: `no ${attestation?.name ?? 'matching'} attestation; found ${wrongType[1].split(',').sort().join(', ')}`
        };
    const noMatch = /^no matching (attestations|signatures):\s*(.*)$/.exec(error);
    if (noMatch && noMatch[2].trim() === '')
        return { status: 'unsigned' };
    if (noMatch) {
        const found = mismatchFound(noMatch[2]);
        return { status: 'mismatch', detail: noMatch[2], ...(found ? { found } : {}) };
    }
    return { status: 'unverifiable', detail: error || 'cosign failed without an error message' };
}
/**
 * The outcome of one verification. `digest`: the digest verified (sha256:...), when the image was
 * named by digest, so payloads for another digest prove nothing.
 */
function verifyOutcome(run, expected) {
    if (run.exitCode === 0)
        return expected.attestation
            ? attestationVerified(run.stdout, expected.attestation, expected.digest)
            : signatureVerified(run.stdout, expected.digest);
    const error = cosignError(run.stderr);
    // Exit codes of cosign's verify: 10 no signatures (or no image: see above), 11 no such tag.
    if (run.exitCode === 10)
        return { status: 'unsigned' };
    if (run.exitCode === 11)
        return { status: 'image-missing', detail: error };
    return failed(error, expected.attestation);
}
/** What `cosign tree` says about the image: there, missing, or the registry could not be asked. */
function existenceOutcome(run) {
    if (run.exitCode === 0)
        return 'exists';
    const error = cosignError(run.stderr);
    if (error.startsWith('entity not found in registry'))
        return { status: 'image-missing', detail: error };
    return { status: 'unverifiable', detail: error };
}

;// CONCATENATED MODULE: ./src/checks/signatures/verify.ts


/** Runs `work` on every item, at most `limit` at a time, results in order. */
async function inPool(items, limit, work) {
    const results = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const index = next++;
            results[index] = await work(items[index]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}
function verifier(deps) {
    const { settings } = deps;
    const verifications = new Map();
    const existence = new Map();
    const exists = (image) => {
        let known = existence.get(image);
        if (!known) {
            known = deps.exec(deps.cosign, treeArgs(image)).then(existenceOutcome);
            existence.set(image, known);
        }
        return known;
    };
    const verifyOnce = async (target, rule) => {
        const keyFile = rule.signer.kind === 'key' ? settings.keyFiles.get(rule.signer.key) : undefined;
        const secretEnv = rule.signer.kind === 'key' ? settings.keyEnv.get(rule.signer.key) : undefined;
        const args = verifyArgs(rule, target.image, settings.trust, keyFile);
        const run = await deps.exec(deps.cosign, args, secretEnv ? { secretEnv } : {});
        const outcome = verifyOutcome(run, { attestation: rule.attestation, digest: target.digest });
        // cosign says "unsigned" about an image the registry lacks: a tag it resolved exists; a digest may not.
        if (outcome.status !== 'unsigned' || target.knownToExist || !target.digest)
            return outcome;
        const found = await exists(target.image);
        return found === 'exists' ? outcome : found;
    };
    return (target, rule) => {
        const key = `${target.image}\u0000${settings.rules.indexOf(rule)}`;
        let pending = verifications.get(key);
        if (!pending) {
            pending = verifyOnce(target, rule);
            verifications.set(key, pending);
        }
        return pending;
    };
}
/** Verifies every planned image against each of its rules. */
async function verifyPlanned(checks, deps) {
    const verify = verifier(deps);
    const pairs = checks.flatMap(check => check.rules.map(rule => ({ target: check.target, rule })));
    const outcomes = await inPool(pairs, deps.concurrency ?? 4, pair => verify(pair.target, pair.rule));
    const results = { failed: [], verified: [] };
    pairs.forEach(({ target, rule }, i) => {
        const outcome = outcomes[i];
        if (outcome.status === 'verified')
            results.verified.push(`${target.image} (${rule.source})`);
        else
            results.failed.push({ target, rule, outcome });
    });
    return results;
}

;// CONCATENATED MODULE: ./src/checks/signatures/check.ts





/** A scanned image whose report names no registry digest: nothing to verify, so it is not verified. */
function unpinnedChecks(unpinned) {
    return unpinned.flatMap(({ image, rules }) => rules.map(rule => ({
        target: {
            image: image.reference,
            knownToExist: false,
            site: { kind: 'scanned', reference: image.reference }
        },
        rule,
        outcome: {
            status: 'unverifiable',
            detail: "the scan's report names no registry digest for it (an image only in the local Docker daemon has never been pushed): push it before the gate, so the digest scanned is the one verified"
        }
    })));
}
/** The rules that would apply to an image input, had it a registry: by its tags, else any rule for every image. */
function inputNotes(inputs, rules) {
    const notes = [];
    for (const input of inputs) {
        const tags = input.tags.map(t => (0,image_ref/* parseImageRef */.Q)(t)).filter(image_ref/* isImageRef */.rK);
        const applying = rules.filter(rule => tags.length > 0
            ? rule.images.some(p => tags.some(t => (0,image_ref/* matchesImagePattern */.hN)(t, p)))
            : rule.images.includes('**') || rule.appliesTo === 'scanned');
        if (applying.length === 0 && tags.length > 0)
            continue;
        const which = applying.length > 0 ? applying.map(r => r.source).join(', ') : 'the signature rules';
        notes.push(`image-input ${input.path} is not verified against ${which}: an image on disk has no registry signature. Verify the pushed image instead (input image, by reference).`);
    }
    return notes;
}
/** Verifies the scanned and base images against the rules that apply to each. */
async function checkSignatures(input) {
    const { rules } = input.settings;
    if (rules.length === 0)
        return { findings: [], notes: [], verified: [] };
    const scanned = scannedChecks(input.scanned.registry, rules);
    const base = baseImageChecks(input.dockerfiles, rules, input.build, input.unknownReported);
    const results = await verifyPlanned([...scanned.checks, ...base.checks], {
        exec: input.exec,
        cosign: input.cosign,
        settings: input.settings
    });
    const failed = [...results.failed, ...unpinnedChecks(scanned.unpinned)];
    for (const verified of results.verified)
        log/* log */.Rm.info(`Signature verified: ${verified}`);
    const notes = inputNotes(input.scanned.inputs, rules);
    for (const note of notes)
        log/* log */.Rm.warning(note);
    return { findings: [...signatureFindings(failed), ...base.findings], notes, verified: results.verified };
}

;// CONCATENATED MODULE: ./src/checks/run.ts
/**
 * The checks the action evaluates itself, merged with the scanners' findings: the base-image rules
 * on every Dockerfile in scope, the admission rules on the manifests. Trivy's checks for the same
 * admission rules are replaced by the action's for the files it read, so one problem is reported
 * once. What could not be judged (an unreadable file, an unrendered chart) is CG-NOT-CHECKED.
 */










const BASE_IMAGES = 'base-images';
const ADMISSION = rules/* ADMISSION_SUBJECT */.pk;
/** CG-NOT-CHECKED for chart templates no Trivy config scan renders; a note naming those it does. */
function chartCoverage(charts) {
    const name = (c) => c.chart || '(repository root)';
    const findings = charts
        .filter(c => !c.rendered)
        .flatMap(c => c.templates.map(file => (0,coverage/* notCheckedFinding */.I)({
        file,
        check: 'the admission rules',
        reason: `it is a template of the Helm chart ${name(c)}, which no Trivy config scan renders: add ${c.chart || '.'} (or a folder above it) to config-path`,
        subject: ADMISSION
    })));
    const rendered = charts.filter(c => c.rendered);
    const notes = rendered.length
        ? [
            `Helm charts judged through Trivy's rendering (the admission rules do not read unrendered templates): ${rendered.map(c => `${name(c)} (${c.templates.length} template${c.templates.length === 1 ? '' : 's'})`).join(', ')}`
        ]
        : [];
    return { findings, notes };
}
/** The checks that read Dockerfiles in this run, as one phrase ([] when none does). */
function dockerfileChecks(baseImageRules, linted, signatureRules = false) {
    const checks = [
        ...(linted ? ['hadolint'] : []),
        ...(baseImageRules ? ['the base-image check'] : []),
        ...(signatureRules ? ['the signature check'] : [])
    ];
    return checks.length > 0 ? [checks.join(' and ')] : [];
}
/** Whether any signature rule reads the Dockerfiles' base images. */
function readsBaseImages(signatures) {
    return !!signatures?.settings.rules.some(r => r.appliesTo === 'scanned-and-base');
}
/** The signature check on the scanned images and the Dockerfiles' base images, when rules exist. */
async function signatureResults(signatures, dockerfiles, baseImages, build) {
    if (!signatures || signatures.settings.rules.length === 0)
        return { findings: [], notes: [], subjects: [] };
    const results = await checkSignatures({
        ...signatures,
        dockerfiles,
        build,
        unknownReported: hasBaseImageRules(baseImages)
    });
    return {
        findings: results.findings,
        notes: results.notes,
        subjects: [{ tool: 'container-gate', subject: SIGNATURES_SUBJECT }]
    };
}
/**
 * The admission rules on the plain manifests and on every kustomize build together (a NetworkPolicy
 * in either covers a workload in either), the builds' findings moved to the files they came from;
 * a kustomization not built is CG-NOT-CHECKED.
 */
function judgeManifests(workspace, texts, kustomize, options) {
    const builds = kustomize?.rendered.builds ?? [];
    const labels = new Set(builds.map(buildLabel));
    const all = (0,rules/* checkManifests */.d5)([...texts, ...builds.map(b => ({ path: buildLabel(b), text: b.text }))], options);
    const placed = placeOnRepository(workspace, kustomize, all.findings);
    const unbuilt = [...(kustomize?.refused ?? []), ...(kustomize?.rendered.failed ?? [])].map(r => (0,coverage/* notCheckedFinding */.I)({
        file: r.kustomization,
        line: r.line,
        check: 'the admission rules',
        reason: r.reason,
        subject: ADMISSION
    }));
    return { findings: [...placed, ...unbuilt], judged: all.judged.filter(j => !labels.has(j.file)) };
}
/** Findings on kustomize builds (gator's, the admission rules') moved to the files the objects came
 * from, those already found on the plain files once (checks/kustomize.ts). */
function placeOnRepository(workspace, kustomize, findings) {
    const builds = kustomize?.rendered.builds ?? [];
    if (!kustomize || builds.length === 0)
        return [...findings];
    const labels = new Set(builds.map(buildLabel));
    const plain = findings.filter(f => !labels.has(f.file ?? ''));
    const read = readSources(workspace, filesToPlace(builds), documents/* decodeManifest */.MK).texts;
    const sources = { texts: new Map(read.map(t => [t.path, t.text])), takesIn: kustomize.takesIn };
    return [
        ...plain,
        ...placeRenderedFindings(findings.filter(f => labels.has(f.file ?? '')), builds, sources, plain)
    ];
}
/** The subjects the action's own rule families report under in this run. */
function ownSubjects(files, baseImageRules) {
    const subjects = [];
    if (files.dockerfiles.length > 0 && baseImageRules)
        subjects.push({ tool: 'container-gate', subject: BASE_IMAGES });
    const kustomizations = files.kustomize
        ? files.kustomize.rendered.builds.length +
            files.kustomize.rendered.failed.length +
            files.kustomize.refused.length
        : 0;
    if (files.manifests.length > 0 || (files.charts ?? []).length > 0 || kustomizations > 0)
        subjects.push({ tool: 'container-gate', subject: ADMISSION });
    return subjects;
}
/**
 * The findings the action decides itself, merged with the scanners': base images from every linted
 * Dockerfile, admission rules on the manifests, signatures of the scanned and base images. Trivy's
 * checks for the same admission rules are replaced by the action's for the files it read, so one
 * problem is reported once.
 */
async function runChecks(scanned, options, workspace, files, build, signatures) {
    const dockerfiles = readSources(workspace, files.dockerfiles);
    const manifests = readSources(workspace, files.manifests, documents/* decodeManifest */.MK);
    const admission = judgeManifests(workspace, manifests.texts, files.kustomize, options.admission);
    const baseImageRules = hasBaseImageRules(options.baseImages);
    const charts = chartCoverage(files.charts ?? []);
    const signed = await signatureResults(signatures, dockerfiles.texts, options.baseImages, build);
    const unread = [
        ...manifests.unread.map(u => (0,coverage/* notCheckedFinding */.I)({ ...u, check: 'the admission rules', subject: ADMISSION })),
        ...dockerfileChecks(baseImageRules, files.linted ?? false, readsBaseImages(signatures)).flatMap(check => dockerfiles.unread.map(u => (0,coverage/* notCheckedFinding */.I)({ ...u, check, subject: BASE_IMAGES })))
    ];
    // One SARIF run (and category) per rule family, not per file: a clean run then closes every
    // earlier alert of that family, and a repository with many YAML files does not make many runs.
    const own = [
        ...baseImageFindings(dockerfiles.texts, options.baseImages, build).map(f => ({
            ...f,
            subject: BASE_IMAGES
        })),
        ...admission.findings.map(f => ({ ...f, subject: ADMISSION })),
        ...charts.findings,
        ...signed.findings,
        ...unread
    ];
    const notFullyJudged = own.filter(f => f.ruleId === coverage/* NOT_CHECKED */.m && f.file).map(f => f.file);
    return {
        findings: [
            ...reconcileTrivyAdmission(placeOnRepository(workspace, files.kustomize, scanned), admission.judged, options.admission, notFullyJudged),
            ...own
        ],
        subjects: [...ownSubjects(files, baseImageRules), ...signed.subjects],
        notes: [...charts.notes, ...signed.notes],
        baseImages: finalBaseImages(dockerfiles.texts, build)
    };
}

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/github/comment.ts
var comment = __webpack_require__(47318);
;// CONCATENATED MODULE: ./src/github/artifact.ts
/**
 * The SARIF and the JSON report as a workflow artifact, so "everything" outlives the runner's
 * temporary disk: uploaded with the toolkit's own @actions/artifact (the Actions results service,
 * authenticated by the runner's ACTIONS_RUNTIME_TOKEN, not the GitHub token), and linked from the
 * job summary and the pull-request comment. The library is loaded only when an upload happens: it
 * brings the Azure storage SDK, which a run without it should not pay for at start-up.
 *
 * An upload that cannot happen or fails never touches the verdict: it is a log line (a warning when
 * it failed), and the summary then points to the files on the runner.
 */



async function toolkitArtifactClient() {
    const { DefaultArtifactClient } = await Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(942), __webpack_require__.e(838), __webpack_require__.e(839), __webpack_require__.e(913), __webpack_require__.e(683)]).then(__webpack_require__.bind(__webpack_require__, 60683));
    return new DefaultArtifactClient();
}
/** Characters an artifact name must not contain (@actions/artifact's validateArtifactName). */
const NAME_FORBIDDEN = /[":<>|*?\\/\r\n]/g;
/** "container-gate-gate" or, per matrix leg, "container-gate-gate-os=linux,node=20": unique per run. */
function artifactName(parts) {
    // The comment key already tells matrix legs (and explicitly named steps) apart; the workflow is
    // the same for every artifact of a run, so it is left out.
    const key = (0,comment/* commentKey */.Td)({
        workflow: '',
        job: parts.job,
        ...(parts.matrix !== undefined ? { matrix: parts.matrix } : {}),
        ...(parts.commentKey ? { override: parts.commentKey } : {})
    });
    return `container-gate-${key.replace(NAME_FORBIDDEN, '-')}`.slice(0, 200);
}
/** Whether GitHub hosts the artifact service @actions/artifact speaks (not GitHub Enterprise Server). */
function hasResultsService(serverUrl) {
    let host;
    try {
        host = new URL(serverUrl).hostname.toLowerCase();
    }
    catch {
        return false;
    }
    return host === 'github.com' || host.endsWith('.ghe.com') || host.endsWith('.localhost');
}
/** Why no upload can happen here, or undefined when one can. */
function unavailable(request, env) {
    if (!request.enabled)
        return "the input 'upload-artifact' is false";
    if (!env.ACTIONS_RUNTIME_TOKEN || !env.ACTIONS_RESULTS_URL)
        return 'this run has no artifact service (not on a GitHub Actions runner)';
    if (!hasResultsService(env.GITHUB_SERVER_URL || 'https://github.com'))
        return 'GitHub Enterprise Server has no artifact service for @actions/artifact';
    return undefined;
}
/** The artifact's page in the run, built from the run's own context. */
function artifactUrl(env, id) {
    const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
    const { GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = env;
    if (!repository || !runId)
        return undefined;
    return `${server}/${repository}/actions/runs/${runId}/artifacts/${id}`;
}
/** Uploads the files as one artifact; says why not when it cannot, warns when it fails. */
async function uploadReportArtifact(request) {
    const env = request.env ?? process.env;
    const { logger } = request;
    const skipped = unavailable(request, env);
    if (skipped) {
        logger.info(`Artifact: not uploaded, ${skipped}.`);
        return { skipped };
    }
    const name = artifactName({
        job: env.GITHUB_JOB ?? '',
        ...(request.matrix !== undefined ? { matrix: request.matrix } : {}),
        ...(request.commentKey ? { commentKey: request.commentKey } : {})
    });
    try {
        const client = await (request.client ?? toolkitArtifactClient)();
        const uploaded = await client.uploadArtifact(name, [...request.files], request.rootDirectory);
        if (uploaded.id === undefined)
            throw new Error('the artifact service returned no artifact ID');
        const url = artifactUrl(env, uploaded.id);
        const files = request.files.map(f => (0,external_node_path_.basename)(f)).join(', ');
        logger.info(`Artifact: uploaded ${name} (${files}, ${uploaded.size ?? '?'} bytes)${url ? `: ${url}` : ''}.`);
        return { name, ...(url ? { url } : {}) };
    }
    catch (error) {
        const why = `the upload of ${name} failed: ${(0,errors/* messageOf */.bD)(error)}`;
        logger.warning(`Artifact: not uploaded, ${why}. The SARIF and the JSON report stay on the runner only.`);
        return { skipped: why };
    }
}

// EXTERNAL MODULE: ./src/report/comment.ts
var report_comment = __webpack_require__(54231);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
;// CONCATENATED MODULE: ./src/findings/category.ts
/** A category without its trailing '/' (GitHub reports them either way). */
function trimCategory(category) {
    return category.replace(/\/+$/, '');
}
/** A category-safe slug: GitHub compares categories as strings, so keep them stable and readable. */
function categorySlug(text) {
    const s = text
        .toLowerCase()
        .replace(/[^a-z0-9._-]+/g, '-')
        .replace(/^[-.]+|[-.]+$/g, '');
    return s === '' ? 'root' : s.slice(0, 100);
}
/** The category of a tool's findings about one subject: `<prefix>/<tool>/<subject slug>/`. */
function categoryOf(prefix, tool, subject) {
    return `${trimCategory(prefix)}/${tool}/${categorySlug(subject)}/`;
}

// EXTERNAL MODULE: ./src/findings/severity.ts
var severity = __webpack_require__(65131);
// EXTERNAL MODULE: ./src/report/markdown/origin.ts
var markdown_origin = __webpack_require__(6802);
// EXTERNAL MODULE: ./src/invisible.ts
var invisible = __webpack_require__(16288);
// EXTERNAL MODULE: ./src/report/markdown/links.ts
var links = __webpack_require__(83331);
// EXTERNAL MODULE: ./src/report/markdown/escape.ts
var markdown_escape = __webpack_require__(19587);
;// CONCATENATED MODULE: ./src/report/sarif.ts
/**
 * SARIF 2.1.0 for GitHub code scanning. One run per tool and subject, each with its own
 * `automationDetails.id` (the category), so no upload ever carries two runs with the same tool and
 * category — GitHub rejects that since July 2025. A subject scanned with no findings still gets an
 * empty run, which is how code scanning learns that its earlier alerts are fixed.
 *
 * Levels come from the verdict: block → error, warn → warning, record → note; findings the policy
 * ignored are not reported. The SARIF, the summary and the gate therefore show the same set.
 */







const TOOL_INFO = {
    trivy: { name: 'Trivy', uri: 'https://github.com/aquasecurity/trivy' },
    hadolint: { name: 'hadolint', uri: 'https://github.com/hadolint/hadolint' },
    gator: { name: 'gator', uri: 'https://github.com/open-policy-agent/gatekeeper' },
    cosign: { name: 'cosign', uri: 'https://github.com/sigstore/cosign' },
    kustomize: { name: 'kustomize', uri: 'https://github.com/kubernetes-sigs/kustomize' },
    crane: { name: 'crane', uri: 'https://github.com/google/go-containerregistry' },
    'container-gate': { name: 'container-gate', uri: 'https://github.com/container-gate/container-gate' }
};
/** The SARIF driver name a tool's results are uploaded under (code scanning's `tool_name`). */
function driverName(tool) {
    return TOOL_INFO[tool].name;
}
/** The tool a SARIF driver name stands for; undefined for a name this action does not write. */
function toolOfDriver(name) {
    return Object.keys(TOOL_INFO).find(tool => TOOL_INFO[tool].name === name);
}
/** The SARIF driver names this action writes, for looking up its own code-scanning alerts. */
const TOOL_DRIVER_NAMES = Object.values(TOOL_INFO).map(t => t.name);
/** GitHub maps security-severity onto its own scale: ≥9 critical, ≥7 high, ≥4 medium, >0 low. */
const SECURITY_SEVERITY = {
    CRITICAL: '9.5',
    HIGH: '8.0',
    MEDIUM: '5.5',
    LOW: '2.0',
    UNKNOWN: '0.1'
};
const LEVEL = {
    block: 'error',
    warn: 'warning',
    record: 'note'
};
/** A stable pseudo-path for an image: no tag or digest, so alerts keep their identity when the
 * tag moves; ':' would make the URI look absolute (localhost:5000/...). */
function imageUri(image) {
    const name = image.replace(/@sha256:[0-9a-f]+$/i, '').replace(/:[^/:]+$/, '');
    return name.replace(/:/g, '_').replace(/^\/+/, '');
}
/** Where a finding is shown: its repository file (an image finding's Dockerfile line), or the image. */
function locationUri(f) {
    if (f.file)
        return { uri: f.file, line: f.startLine ?? 1, endLine: f.endLine ?? f.startLine ?? 1 };
    return { uri: imageUri(f.image ?? f.subject), line: 1, endLine: 1 };
}
/** For an image finding on a Dockerfile line: the image, as a logical and a related location. */
function imageLocations(f) {
    if (!f.origin || !f.image)
        return {};
    return {
        logicalLocations: [{ name: f.image, kind: 'module' }],
        relatedLocations: [
            {
                id: 1,
                physicalLocation: { artifactLocation: { uri: imageUri(f.image) } },
                message: { text: messageText(`The image scanned: ${f.image}`) }
            }
        ]
    };
}
/**
 * The rule's texts. Code scanning renders `help.markdown`: untrusted text in it is escaped as in the
 * summary and comment (markdown/escape.ts), and `helpUri` and the link in the help pass the same link rule
 * (markdown/links.ts): a report's PrimaryURL is shown only when it is https on a known advisory host.
 */
function ruleFor(f) {
    const href = (0,links/* linkTarget */.Cm)(f.primaryUrl, links/* ADVISORY_LINK */.jc);
    const lines = [plainText(f.title), '', plainText(f.description)];
    if (href)
        lines.push('', `More: ${href}`);
    const id = (0,markdown_escape/* escapeInline */.VV)(f.ruleId, 200);
    const md = [`**${id}**: ${(0,markdown_escape/* escapeInline */.VV)(f.title, 1000)}`, '', (0,markdown_escape/* escapeParagraphs */.jz)(f.description, 6000)];
    if (href)
        md.push('', (0,links/* markdownLink */.iQ)(id, f.primaryUrl, links/* ADVISORY_LINK */.jc));
    const tags = ['security', f.kind === 'vuln' ? 'vulnerability' : f.kind];
    if (f.package?.class)
        tags.push(f.package.class);
    return {
        id: f.ruleId,
        name: f.ruleId.replace(/[^A-Za-z0-9]/g, ''),
        shortDescription: { text: truncate(plainText(f.title), 1000) },
        fullDescription: { text: truncate(plainText(f.description || f.title), 4000) },
        ...(href ? { helpUri: href } : {}),
        help: { text: truncate(lines.join('\n'), 8000), markdown: truncate(md.join('\n'), 8000) },
        defaultConfiguration: { level: 'warning' },
        properties: { tags, precision: 'very-high', 'security-severity': SECURITY_SEVERITY[f.severity] }
    };
}
function messageFor(d, mode) {
    const f = d.finding;
    const parts = [];
    if (f.kind === 'vuln' && f.package) {
        const fix = f.package.fixedVersion ? `fixed in ${f.package.fixedVersion}` : 'no fix yet';
        parts.push(`${f.package.name} ${f.package.installedVersion ?? ''}: ${f.ruleId} (${f.severity}), ${fix}.`);
        parts.push(f.title);
    }
    else {
        parts.push(`${f.ruleId} (${f.severity}): ${f.message ?? f.title}`);
    }
    if (f.image)
        parts.push(`Image: ${f.image}; target: ${f.target}.`);
    const origin = (0,markdown_origin/* originSentence */.y)(d, mode);
    if (origin)
        parts.push(origin);
    parts.push(decisionText(d));
    return parts.join('\n');
}
function decisionText(d) {
    if (d.action === 'block')
        return `Blocks: ${d.rule}.`;
    if (d.action === 'warn' && d.deadline) {
        return `Warning: ${d.rule}; blocks on ${d.deadline.blocksOn} (${d.deadline.daysLeft} days left).`;
    }
    if (d.action === 'warn')
        return `Warning: ${d.rule}.`;
    return `Recorded: ${d.rule}.`;
}
/**
 * Stays the same while the finding does. An image finding on a Dockerfile line is keyed by what
 * survives a rebuild of that Dockerfile (the file, the instruction's text, package, rule), never by
 * the image's tag, digest or layers, which every rebuild changes.
 */
function fingerprint(f) {
    if (f.origin) {
        const key = [f.tool, f.ruleId, 'dockerfile', f.origin.dockerfile, f.origin.instruction, f.package?.name];
        return (0,external_node_crypto_.createHash)('sha256').update(key.join('\0')).digest('hex').slice(0, 32);
    }
    const { startLine: _s, endLine: _e, ...stable } = f;
    const key = [
        stable.tool,
        stable.ruleId,
        stable.subject,
        stable.target,
        stable.package?.name,
        stable.file
    ].join('\0');
    return (0,external_node_crypto_.createHash)('sha256').update(key).digest('hex').slice(0, 32);
}
/** One result: the finding at its location, its decision as the level, a stable fingerprint. */
function resultFor(d, ruleIndex, mode) {
    const f = d.finding;
    const loc = locationUri(f);
    const { logicalLocations, relatedLocations } = imageLocations(f);
    return {
        ruleId: f.ruleId,
        ruleIndex,
        level: LEVEL[d.action],
        message: { text: messageText(messageFor(d, mode)) },
        locations: [
            {
                physicalLocation: {
                    artifactLocation: { uri: loc.uri },
                    region: { startLine: loc.line, endLine: Math.max(loc.endLine, loc.line) }
                },
                ...(logicalLocations ? { logicalLocations } : {})
            }
        ],
        ...(relatedLocations ? { relatedLocations } : {}),
        partialFingerprints: { 'containerGateFinding/v1': fingerprint(f) },
        properties: {
            severity: f.severity,
            decision: d.action,
            ...(f.package ? { package: f.package.name } : {}),
            ...(f.package?.installedVersion ? { installedVersion: f.package.installedVersion } : {}),
            ...(f.package?.fixedVersion ? { fixedVersion: f.package.fixedVersion } : {}),
            ...(d.deadline ? { blocksOn: d.deadline.blocksOn } : {})
        }
    };
}
function runFor(subject, decisions, meta, mode, lazy) {
    const info = TOOL_INFO[subject.tool];
    const rules = [];
    const ruleIndex = new Map();
    // Most severe first, so a consumer that truncates keeps what matters.
    const ordered = [...decisions].sort((a, b) => (0,severity/* compareSeverity */.zK)(a.finding.severity, b.finding.severity));
    const reported = [];
    const indexes = [];
    for (const d of ordered) {
        if (d.action === 'ignore')
            continue;
        const f = d.finding;
        let index = ruleIndex.get(f.ruleId);
        if (index === undefined) {
            index = rules.length;
            ruleIndex.set(f.ruleId, index);
            rules.push(ruleFor(f));
        }
        else if ((0,severity/* compareSeverity */.zK)(f.severity, severityOfRule(rules[index])) < 0) {
            rules[index] = ruleFor(f);
        }
        reported.push(d);
        indexes.push(index);
    }
    // The rules come before the results in the log, and a result needs only its rule's index: the
    // results can be made after the rules are known, one at a time when written.
    function* each() {
        for (let i = 0; i < reported.length; i++)
            yield resultFor(reported[i], indexes[i], mode);
    }
    return {
        tool: {
            driver: {
                name: info.name,
                informationUri: info.uri,
                ...(meta.toolVersions[subject.tool] ? { version: meta.toolVersions[subject.tool] } : {}),
                rules
            }
        },
        automationDetails: { id: categoryOf(meta.categoryPrefix, subject.tool, subject.subject) },
        columnKind: 'utf16CodeUnits',
        results: lazy ? each() : [...each()],
        properties: { subject: subject.subject }
    };
}
function severityOfRule(rule) {
    const score = rule.properties?.['security-severity'];
    const entry = Object.entries(SECURITY_SEVERITY).find(([, v]) => v === score);
    return entry?.[0] ?? 'UNKNOWN';
}
/** The whole SARIF log for a verdict. Pure. */
function renderSarif(verdict, meta) {
    return sarifLog(verdict, meta, false);
}
/**
 * The same log with each run's results made one at a time as they are iterated (once): written
 * streamed, a log of 50,000 results is never held whole. Code scanning needs renderSarif's.
 */
function renderSarifLazily(verdict, meta) {
    return sarifLog(verdict, meta, true);
}
function sarifLog(verdict, meta, lazy) {
    const keyOf = (tool, subject) => `${tool}\0${subject}`;
    const subjects = new Map();
    for (const s of meta.subjects)
        subjects.set(keyOf(s.tool, s.subject), s);
    const byRun = new Map();
    for (const d of verdict.decisions) {
        const key = keyOf(d.finding.tool, d.finding.subject);
        if (!subjects.has(key))
            subjects.set(key, { tool: d.finding.tool, subject: d.finding.subject });
        const list = byRun.get(key);
        if (list)
            list.push(d);
        else
            byRun.set(key, [d]);
    }
    // Two subjects can slug to one category ("app:1" and "app-1"): merge them into one run rather than
    // emit two runs GitHub would reject.
    const runs = new Map();
    for (const [key, subject] of subjects) {
        const category = `${subject.tool}\0${categoryOf(meta.categoryPrefix, subject.tool, subject.subject)}`;
        const entry = runs.get(category) ?? { subject, decisions: [] };
        // A loop, not push(...spread): spreading 100k+ decisions would overflow the call stack.
        for (const d of byRun.get(key) ?? [])
            entry.decisions.push(d);
        runs.set(category, entry);
    }
    return {
        $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
        version: '2.1.0',
        runs: [...runs.values()].map(r => runFor(r.subject, r.decisions, meta, verdict.mode, lazy))
    };
}
function truncate(text, max) {
    return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
/** Plain texts people read in code scanning: hidden and bidi characters shown (invisible.ts). */
function plainText(text) {
    return (0,invisible/* revealInvisible */.h)(text ?? '');
}
/**
 * A result message is plain text in which SARIF reads `[text](target)` as an embedded link (§3.11.6,
 * to a related location or a URI): literal brackets are escaped with a backslash, as the format asks,
 * so finding text can never become a link.
 */
function messageText(text) {
    return plainText(text)
        .replace(/\\(?=[[\]])/g, '\\\\')
        .replace(/[[\]]/g, '\\$&');
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
;// CONCATENATED MODULE: ./src/tools/exec.ts
/**
 * The one way the action runs another program. argv arrays only (no shell, so no quoting or
 * injection through image names or paths), and a scrubbed environment: scanners parse untrusted
 * images and repositories, so they never see the GitHub token, the runner's ACTIONS_* credentials
 * (cache and OIDC tokens) or any INPUT_* value.
 */


/** Names that must never reach a child process, whatever their value. */
const SECRET_NAME = /^(INPUT_|ACTIONS_|GITHUB_TOKEN$|GH_TOKEN$|GITHUB_PAT|RUNNER_TOKEN|.*(_TOKEN|_SECRET|_PASSWORD|_API_KEY|_ACCESS_KEY)$)/i;
/** Names tools legitimately need from the runner's environment. Everything else is dropped. */
const KEEP = new Set([
    'PATH',
    'HOME',
    'USER',
    'TMPDIR',
    'TEMP',
    'TMP',
    'LANG',
    'LC_ALL',
    'SYSTEMROOT',
    'WINDIR',
    'COMSPEC',
    'PATHEXT',
    'HTTP_PROXY',
    'HTTPS_PROXY',
    'NO_PROXY',
    'http_proxy',
    'https_proxy',
    'no_proxy',
    'SSL_CERT_FILE',
    'SSL_CERT_DIR',
    'DOCKER_CONFIG',
    'DOCKER_HOST',
    'XDG_CACHE_HOME',
    'XDG_CONFIG_HOME',
    'RUNNER_TEMP',
    'RUNNER_OS',
    'RUNNER_ARCH'
]);
const KEEP_UPPER = new Set([...KEEP].map(name => name.toUpperCase()));
/** Whether a runner variable is one tools need. Windows names are case-insensitive, and its runners
 * spell them `Path`, `SystemRoot`, `windir`: without those, tools there cannot even resolve DNS. */
function kept(name, platform) {
    if (KEEP.has(name))
        return true;
    return platform === 'win32' && KEEP_UPPER.has(name.toUpperCase());
}
/** The environment a tool sees: an allowlist of the runner's variables plus the tool's own. */
function scrubEnvironment(parent, extra = {}, platform = process.platform) {
    const env = {};
    for (const [name, value] of Object.entries(parent)) {
        if (value !== undefined && kept(name, platform) && !SECRET_NAME.test(name))
            env[name] = value;
    }
    for (const [name, value] of Object.entries(extra)) {
        if (SECRET_NAME.test(name))
            throw new errors/* ToolError */.v4(`Refusing to pass ${name} to a tool: it looks like a secret.`);
        env[name] = value;
    }
    return env;
}
const DEFAULT_MAX_OUTPUT = 512 * 1024 * 1024;
/** Runs a program; its exit code is data for the caller, never a thrown error. */
const execTool = (file, args, options = {}) => new Promise((resolve, reject) => {
    const child = (0,external_node_child_process_.spawn)(file, [...args], {
        cwd: options.cwd,
        env: { ...scrubEnvironment(process.env, options.env), ...options.secretEnv },
        shell: false,
        windowsHide: true,
        stdio: ['ignore', 'pipe', 'pipe']
    });
    const limit = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
    const out = [];
    const err = [];
    let outBytes = 0;
    let errBytes = 0;
    child.stdout.on('data', (chunk) => {
        outBytes += chunk.length;
        if (outBytes > limit) {
            child.kill();
            return;
        }
        out.push(chunk);
    });
    child.stderr.on('data', (chunk) => {
        // stderr is for messages; keep the tail that explains a failure.
        errBytes += chunk.length;
        err.push(chunk);
        while (errBytes > 1024 * 1024 && err.length > 1)
            errBytes -= err.shift().length;
    });
    child.on('error', (error) => {
        if (error.code === 'ENOENT')
            reject(new errors/* ToolError */.v4(`${file} was not found: install it or let the action install it.`));
        else
            reject(new errors/* ToolError */.v4(`Could not run ${file}: ${error.message}`));
    });
    child.on('close', code => {
        if (outBytes > limit) {
            reject(new errors/* ToolError */.v4(`${file} printed more than ${limit} bytes; refusing to read further.`));
            return;
        }
        resolve({
            exitCode: code ?? -1,
            stdout: Buffer.concat(out).toString('utf8'),
            stderr: Buffer.concat(err).toString('utf8')
        });
    });
});

// EXTERNAL MODULE: ./src/findings/model.ts
var model = __webpack_require__(99971);
// EXTERNAL MODULE: ./src/github/permissions.ts
var permissions = __webpack_require__(15435);
;// CONCATENATED MODULE: ./src/github/alerts.ts
/**
 * Code-scanning alerts, read back for two purposes: first-seen dates (so HIGH deadlines count from
 * the first detection, not from today) and "new" / "fixed" compared with the base branch.
 *
 * Matching key — `alertKey(category, ruleId, path)`:
 *   `<category without trailing '/'>|<rule id>|<repository path or ''>`
 * The category is the run's `automationDetails.id` (one per tool and subject, see report/sarif.ts), so
 * it already names the tool and the image or directory; the path separates findings of one rule in
 * several repository files. Image findings have no repository file, so their key has an empty path:
 * every package hit by one CVE in one image shares a key (the earliest date wins). An alert is
 * indexed under both its path and '' because the alert cannot tell us whether its path was a real
 * file or the pseudo-path SARIF gives an image.
 */



function alertKey(category, ruleId, path) {
    return `${trimCategory(category)}|${ruleId}|${path}`;
}
/** The key of a finding, as code scanning would file it under `categoryPrefix`. */
function findingAlertKey(f, categoryPrefix) {
    return alertKey(categoryOf(categoryPrefix, f.tool, f.subject), f.ruleId, f.file ?? '');
}
/**
 * The keys an alert of this finding may be filed under: an image finding placed on a Dockerfile
 * line (Finding.origin) was filed under the image's pseudo-path before, so it also matches by ''
 * (as every image finding does), and the first run with Dockerfile lines keeps dates and does not
 * call every finding new.
 */
function findingAlertKeys(f, categoryPrefix) {
    const key = findingAlertKey(f, categoryPrefix);
    return f.origin ? [key, alertKey(categoryOf(categoryPrefix, f.tool, f.subject), f.ruleId, '')] : [key];
}
function summarizeAlert(a) {
    const inst = a.most_recent_instance ?? {};
    return {
        number: a.number ?? 0,
        createdAt: a.created_at ?? '',
        state: a.state ?? '',
        htmlUrl: a.html_url ?? '',
        ruleId: a.rule?.id ?? '',
        toolName: a.tool?.name ?? '',
        category: inst.category ?? '',
        path: inst.location?.path ?? '',
        ...(inst.location?.start_line ? { startLine: inst.location.start_line } : {}),
        ...(a.rule?.security_severity_level ? { severity: a.rule.security_severity_level } : {}),
        message: inst.message?.text ?? ''
    };
}
/** Pages of alerts read per tool and ref at most: 5,000 alerts, about 50 requests. */
const MAX_ALERT_PAGES = 50;
/**
 * A failed read of code-scanning data as a warning; undefined when it only means there is nothing to
 * read yet (a 404 "no analysis found" for that tool).
 */
function readFailure(error, feature, ctx) {
    const f = (0,permissions/* httpFailure */.t)(error);
    if (f.status === 404 && /no analysis found/i.test(f.message))
        return undefined;
    return (0,permissions/* warningFor */.C)(feature, error, 'security-events: read', { fromFork: ctx.pullRequest?.fromFork });
}
/**
 * One tool's alerts on one ref in our categories, all states, paginated up to `maxPages`. No analysis
 * yet is an empty, complete list.
 */
async function listToolAlerts(opts) {
    const { client, ctx } = opts;
    const prefix = trimCategory(opts.categoryPrefix) + '/';
    const alerts = [];
    const maxPages = opts.maxPages ?? MAX_ALERT_PAGES;
    let pages = 0;
    try {
        const iterator = client.paginate.iterator('GET /repos/{owner}/{repo}/code-scanning/alerts', {
            owner: ctx.owner,
            repo: ctx.repo,
            per_page: 100,
            ...(opts.ref ? { ref: opts.ref } : {}),
            tool_name: opts.toolName
        });
        for await (const page of iterator) {
            for (const raw of page.data) {
                const a = summarizeAlert(raw);
                if ((trimCategory(a.category) + '/').startsWith(prefix))
                    alerts.push(a);
            }
            // Only a next page beyond the cap proves more alerts exist (exactly 5,000 is still complete).
            if (++pages >= maxPages && /rel="next"/.test(page.headers.link ?? '')) {
                opts.logger.info(`Read the first ${pages * 100} of ${opts.toolName}'s code-scanning alerts on ${opts.ref ?? 'the default branch'}; the rest are not compared.`);
                return { alerts, complete: false };
            }
        }
    }
    catch (error) {
        const f = (0,permissions/* httpFailure */.t)(error);
        if (f.status === 404 && /no analysis found/i.test(f.message))
            return { alerts, complete: true };
        return { alerts, complete: false, error };
    }
    return { alerts, complete: true };
}
/** Earliest created_at per alert key (under both its path and ''). */
function firstSeenByAlertKey(alerts) {
    const map = new Map();
    const put = (key, date) => {
        const old = map.get(key);
        if (!old || Date.parse(date) < Date.parse(old))
            map.set(key, date);
    };
    for (const a of alerts) {
        if (!a.createdAt || Number.isNaN(Date.parse(a.createdAt)))
            continue;
        put(alertKey(a.category, a.ruleId, a.path), a.createdAt);
        put(alertKey(a.category, a.ruleId, ''), a.createdAt);
    }
    return map;
}
/**
 * The map to pass as `EvaluationContext.firstSeen`: keyed by `findingKey(finding)` (what evaluate()
 * looks up), valued with the created_at of the matching alert.
 */
function firstSeenFor(findings, alerts, categoryPrefix) {
    const byAlert = firstSeenByAlertKey(alerts);
    const out = new Map();
    for (const f of findings) {
        const date = findingAlertKeys(f, categoryPrefix)
            .map(key => byAlert.get(key))
            .find(found => found !== undefined);
        if (date)
            out.set((0,model/* findingKey */.fl)(f), date);
    }
    return out;
}
/**
 * Categories the ref has a code-scanning analysis for (first page of recent analyses per tool, which
 * is plenty: one analysis per category and commit). Used so a category the base branch never
 * analyzed does not make every finding in it look "new".
 */
async function listAnalyzedCategories(opts) {
    const categories = new Set();
    for (const tool of opts.toolNames) {
        try {
            const { data } = await opts.client.request('GET /repos/{owner}/{repo}/code-scanning/analyses', {
                owner: opts.ctx.owner,
                repo: opts.ctx.repo,
                ref: opts.ref,
                tool_name: tool,
                per_page: 100
            });
            for (const a of data)
                if (a.category !== undefined)
                    categories.add(trimCategory(a.category));
        }
        catch (error) {
            const warning = readFailure(error, 'base-alerts', opts.ctx);
            if (warning)
                return { categories, warnings: [warning] };
        }
    }
    return { categories, warnings: [] };
}
/**
 * The tools with reported findings in a category no alert read from the base shows: only for these
 * must the base's analyses say whether it analyzed that category at all.
 */
function toolsToConfirm(verdict, baseAlerts, categoryPrefix) {
    const seen = new Set(baseAlerts.map(a => trimCategory(a.category)));
    const tools = new Set();
    for (const d of reportedDecisions(verdict)) {
        if (!seen.has(trimCategory(categoryOf(categoryPrefix, d.finding.tool, d.finding.subject))))
            tools.add(d.finding.tool);
    }
    return tools;
}
/** What the SARIF carries: the decisions that are neither ignored nor suppressed. */
function reportedDecisions(verdict) {
    return verdict.decisions.filter(d => d.action !== 'ignore' && !d.suppressedBy);
}
/**
 * Compares this run's reported findings (everything the SARIF carries: not ignored) with the base
 * branch's alerts. Only categories analyzed now count as fixed: a category this run did not scan
 * says nothing. A finding matching no alert is new only when its tool's alerts were all read:
 * otherwise its alert may be among those not read, and it counts as `unread`, never as new.
 */
function diffAgainstBase(verdict, base, categoryPrefix, analyzedCategories) {
    const all = reportedDecisions(verdict);
    const onBase = (d) => !base.categories ||
        base.categories.has(trimCategory(categoryOf(categoryPrefix, d.finding.tool, d.finding.subject)));
    const reported = all.filter(onBase);
    const baseKeys = new Set();
    for (const a of base.alerts) {
        baseKeys.add(alertKey(a.category, a.ruleId, a.path));
        baseKeys.add(alertKey(a.category, a.ruleId, ''));
    }
    const currentKeys = new Set(all.flatMap(d => findingAlertKeys(d.finding, categoryPrefix)));
    const unmatched = reported.filter(d => !findingAlertKeys(d.finding, categoryPrefix).some(k => baseKeys.has(k)));
    const added = unmatched.filter(d => !base.truncated.has(d.finding.tool));
    const analyzed = new Set(analyzedCategories.map(trimCategory));
    const fixed = base.alerts.filter(a => a.state === 'open' &&
        analyzed.has(trimCategory(a.category)) &&
        !currentKeys.has(alertKey(a.category, a.ruleId, a.path)) &&
        !currentKeys.has(alertKey(a.category, a.ruleId, '')));
    return {
        added,
        fixed,
        notCompared: all.length - reported.length,
        unread: unmatched.length - added.length
    };
}

;// CONCATENATED MODULE: ./src/github/baseline.ts
/**
 * The code-scanning alerts a run is compared with, each listing read once per run.
 *
 * A run needs alerts twice: the default branch's, for first-seen dates (before the policy decides),
 * and the pull request's base branch's, for "new" and "fixed" (after the upload). Usually the base
 * is the default branch: the second read is then the first one again. So listings are kept per
 * client (one client per run) and per ref and tool, and only the tools that ran are asked for.
 * Which categories the base has analyzed comes from its alerts first; the analyses listing is asked
 * only for categories none of its alerts shows.
 */



/** Listings already read (or under way), per client: `ref|tool|category prefix` → the listing. */
const listings = new WeakMap();
/**
 * The alerts of `branch` for `tools`, each (ref, tool) listing read at most once per client. A failed
 * listing is a warning (404 "no analysis found" is an empty listing, not a failure).
 */
async function readKnownAlerts(opts) {
    const { client, ctx } = opts;
    const branch = opts.branch ?? ctx.defaultBranch;
    // Without the default branch's name, ask without a ref: GitHub answers for the default branch.
    const ref = branch ? `refs/heads/${branch}` : undefined;
    let memo = listings.get(client);
    if (!memo)
        listings.set(client, (memo = new Map()));
    const tools = [...new Set(opts.tools)];
    const read = await Promise.all(tools.map(tool => {
        const key = `${ref ?? '(default)'}|${tool}|${opts.categoryPrefix}`;
        let listing = memo.get(key);
        if (!listing) {
            listing = listToolAlerts({
                client,
                ctx,
                logger: opts.logger,
                categoryPrefix: opts.categoryPrefix,
                ...(ref ? { ref } : {}),
                toolName: driverName(tool),
                ...(opts.maxPages ? { maxPages: opts.maxPages } : {})
            });
            memo.set(key, listing);
        }
        return listing;
    }));
    const known = { alerts: [], truncated: new Set(), warnings: [] };
    read.forEach((listing, i) => {
        known.alerts.push(...listing.alerts);
        if (!listing.complete)
            known.truncated.add(tools[i]);
        const warning = listing.error === undefined ? undefined : readFailure(listing.error, opts.feature, ctx);
        // The same token refuses every tool alike: one warning is enough.
        if (warning && known.warnings.length === 0)
            known.warnings.push(warning);
    });
    return known;
}
/**
 * First-seen dates for `EvaluationContext.firstSeen`, from the default branch's code-scanning alerts
 * of the tools that found something. Call before evaluate(). Without `security-events: read` the map
 * is empty and one warning says why (deadlines then count from the advisory's dates instead).
 */
async function fetchFirstSeen(opts) {
    const { alerts, warnings } = await readKnownAlerts({
        client: opts.client,
        ctx: opts.ctx,
        logger: opts.logger,
        categoryPrefix: opts.categoryPrefix,
        tools: opts.findings.map(f => f.tool),
        feature: 'first-seen'
    });
    for (const w of warnings)
        opts.logger.warning(w.message);
    return { firstSeen: firstSeenFor(opts.findings, alerts, opts.categoryPrefix), warnings };
}
/**
 * New and fixed against the base branch's alerts, in the categories it has analyzed; no diff (and
 * the warnings why) when they could not be read.
 */
async function compareWithBase(opts) {
    const { client, ctx } = opts;
    const base = await readKnownAlerts({
        client,
        ctx,
        logger: opts.logger,
        categoryPrefix: opts.categoryPrefix,
        branch: opts.baseBranch,
        tools: opts.tools,
        feature: 'base-alerts'
    });
    if (base.warnings.length > 0)
        return { warnings: base.warnings };
    // A category with an alert on the base was analyzed there; only the others need the analyses.
    const categories = new Set(base.alerts.map(a => trimCategory(a.category)));
    const unconfirmed = toolsToConfirm(opts.verdict, base.alerts, opts.categoryPrefix);
    if (unconfirmed.size > 0) {
        const analyzed = await listAnalyzedCategories({
            client,
            ctx,
            ref: `refs/heads/${opts.baseBranch}`,
            toolNames: [...unconfirmed].map(driverName)
        });
        if (analyzed.warnings.length > 0)
            return { warnings: analyzed.warnings };
        for (const c of analyzed.categories)
            categories.add(c);
    }
    const diff = diffAgainstBase(opts.verdict, { alerts: base.alerts, truncated: base.truncated, categories }, opts.categoryPrefix, opts.categories);
    return { diff, warnings: [] };
}

// EXTERNAL MODULE: ./src/github/context.ts
var context = __webpack_require__(19556);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(38522);
;// CONCATENATED MODULE: ./src/github/sarif-limits.ts
/**
 * Shapes a SARIF log into uploads GitHub accepts (pure). GitHub's documented limits: at most 20 runs
 * per upload, 25,000 results per run and 10 MB per gzipped upload; since July 2025 an upload with two
 * runs of the same tool and category is rejected. So: runs of one tool and category are merged into
 * one, uploads carry one tool's runs (so `tool_name` is true), at most 20 of them, and when a run is
 * too big its least severe results are dropped first — and every drop is reported, never silent.
 */


const GITHUB_LIMITS = {
    runsPerUpload: 20,
    resultsPerRun: 25_000,
    gzippedBytes: 10 * 1000 * 1000
};
function categoryOfRun(run) {
    return run.automationDetails?.id ?? '';
}
const LEVEL_SEVERITY = {
    error: 'HIGH',
    warning: 'MEDIUM',
    note: 'LOW',
    none: 'UNKNOWN'
};
/** A result's severity: the `severity` property container-gate writes, else its level. */
function resultSeverity(result) {
    const raw = result.properties?.severity;
    return typeof raw === 'string' ? (0,severity/* normalizeSeverity */.lv)(raw) : LEVEL_SEVERITY[result.level];
}
/** Runs of the same tool and category become one run (rules de-duplicated, indexes remapped). */
function mergeRuns(runs) {
    const merged = new Map();
    for (const run of runs) {
        const key = `${run.tool.driver.name}\u0000${categoryOfRun(run)}`;
        const into = merged.get(key);
        if (!into) {
            merged.set(key, {
                ...run,
                tool: { driver: { ...run.tool.driver, rules: [...run.tool.driver.rules] } },
                results: [...run.results]
            });
            continue;
        }
        const rules = into.tool.driver.rules;
        for (const r of run.results) {
            const rule = r.ruleIndex !== undefined ? run.tool.driver.rules[r.ruleIndex] : undefined;
            let index = rules.findIndex(x => x.id === r.ruleId);
            if (index < 0 && rule)
                index = rules.push(rule) - 1;
            into.results.push(index >= 0 ? { ...r, ruleIndex: index } : { ...r, ruleIndex: undefined });
        }
    }
    return [...merged.values()];
}
/** Keeps the `keep` most severe results (stable within a severity) and only the rules they use. */
function keepMostSevere(run, keep) {
    const ranked = run.results
        .map((r, i) => ({ r, i, rank: (0,severity/* severityRank */.qs)(resultSeverity(r)) }))
        .sort((a, b) => a.rank - b.rank || a.i - b.i);
    const kept = ranked.slice(0, keep).sort((a, b) => a.i - b.i);
    const dropped = ranked.slice(keep).map(x => x.r);
    return {
        run: withResults(run, kept.map(x => x.r)),
        dropped
    };
}
/** A copy of `run` with `results` and just the rules they reference, re-indexed. */
function withResults(run, results) {
    const old = run.tool.driver.rules;
    const rules = [];
    const remap = new Map();
    const out = results.map(r => {
        if (r.ruleIndex === undefined || !old[r.ruleIndex])
            return r;
        let index = remap.get(r.ruleIndex);
        if (index === undefined) {
            index = rules.push(old[r.ruleIndex]) - 1;
            remap.set(r.ruleIndex, index);
        }
        return index === r.ruleIndex ? r : { ...r, ruleIndex: index };
    });
    return { ...run, tool: { driver: { ...run.tool.driver, rules } }, results: out };
}
function gzip(log) {
    return (0,external_node_zlib_.gzipSync)(Buffer.from(JSON.stringify(log)));
}
function logOf(template, runs) {
    return { ...template, runs };
}
/**
 * Shrinks one run until its own upload fits `gzippedBytes`, dropping the least severe results; the
 * kept count is estimated from the compression ratio and tightened until it fits.
 */
function fitRun(template, run, limits) {
    let gz = gzip(logOf(template, [run]));
    if (gz.length <= limits.gzippedBytes)
        return { run, dropped: [], gzipped: gz };
    let keep = run.results.length;
    let current = run;
    let dropped = [];
    while (gz.length > limits.gzippedBytes && keep > 0) {
        keep = Math.min(keep - 1, Math.floor((keep * limits.gzippedBytes * 0.97) / gz.length));
        const attempt = keepMostSevere(run, Math.max(0, keep));
        current = attempt.run;
        dropped = attempt.dropped;
        gz = gzip(logOf(template, [current]));
    }
    return { run: current, dropped, gzipped: gz };
}
/** Plans the uploads for a log; never returns an upload over any limit. */
function planUploads(log, limits = GITHUB_LIMITS) {
    const template = { ...log, runs: [] };
    const dropped = [];
    const note = (run, results, reason) => {
        if (results.length === 0)
            return;
        dropped.push({
            tool: run.tool.driver.name,
            category: categoryOfRun(run),
            count: results.length,
            severityCounts: (0,severity/* countSeverities */.ng)(results.map(resultSeverity)),
            reason
        });
    };
    // Per tool, so each upload's tool_name is the one tool it carries.
    const byTool = new Map();
    for (let run of mergeRuns(log.runs)) {
        if (run.results.length > limits.resultsPerRun) {
            const cut = keepMostSevere(run, limits.resultsPerRun);
            note(run, cut.dropped, 'results-per-run');
            run = cut.run;
        }
        const fit = fitRun(template, run, limits);
        note(run, fit.dropped, 'upload-size');
        byTool.set(run.tool.driver.name, [...(byTool.get(run.tool.driver.name) ?? []), fit.run]);
    }
    const uploads = [];
    for (const [tool, runs] of byTool) {
        let batch = [];
        let batchGz;
        const flush = () => {
            if (batch.length === 0)
                return;
            const sarif = logOf(template, batch);
            uploads.push({
                tool,
                categories: batch.map(categoryOfRun),
                sarif,
                gzipped: batchGz ?? gzip(sarif),
                resultCount: batch.reduce((n, r) => n + r.results.length, 0)
            });
            batch = [];
            batchGz = undefined;
        };
        for (const run of runs) {
            if (batch.length >= limits.runsPerUpload)
                flush();
            const candidate = [...batch, run];
            const gz = gzip(logOf(template, candidate));
            if (gz.length > limits.gzippedBytes && batch.length > 0) {
                flush();
                batch = [run];
                batchGz = undefined;
            }
            else {
                batch = candidate;
                batchGz = gz;
            }
        }
        flush();
    }
    return { uploads, dropped };
}
/** One sentence per drop, for the summary and the comment. */
function droppedNotes(dropped) {
    return dropped.map(d => {
        const parts = severity/* SEVERITIES */.oC.filter(s => d.severityCounts[s]).map(s => `${d.severityCounts[s]} ${s}`);
        const why = d.reason === 'results-per-run'
            ? 'code scanning accepts at most 25,000 results per run'
            : 'the upload would exceed 10 MB gzipped';
        return `Code scanning: ${d.count} of ${d.tool}'s results in ${d.category} (${parts.join(', ')}) were not uploaded because ${why}; the least severe were left out first. All are in the SARIF file.`;
    });
}

// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(73136);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
;// CONCATENATED MODULE: ./src/github/fingerprints.ts
/**
 * `partialFingerprints.primaryLocationLineHash` for results in repository files, computed the way
 * github/codeql-action does (src/fingerprints.ts there), so code scanning keeps an alert's identity
 * when lines above it move. Only results whose primary location is an existing file under the
 * workspace get one; image findings point at pseudo-paths and are left alone.
 *
 * The hash of a line is a rolling polynomial hash (base 37, modulo 2^64) over the 100 characters
 * that start at the line, with spaces and tabs skipped, every line ending normalized to '\n', and an
 * end-of-input marker (65535) followed by zeros so lines near the end still have 100 characters.
 * Identical hashes are told apart by a running count: "<hex>:<n>".
 */



const WINDOW = 100;
const BASE = 37n;
const MASK = (1n << 64n) - 1n;
const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const END = 65535;
/** 37^100 mod 2^64: the weight of the character leaving the window. */
const LEAVING = (() => {
    let v = 1n;
    for (let i = 0; i < WINDOW; i++)
        v = (v * BASE) & MASK;
    return v;
})();
/** Hashes of every line of `text`, in order: element i belongs to line i + 1. */
function lineHashes(text) {
    const window = new Array(WINDOW).fill(0);
    const lineAt = new Array(WINDOW).fill(-1);
    const seen = new Map();
    const out = [];
    let hash = 0n;
    let index = 0;
    let line = 0;
    let atLineStart = true;
    let afterCR = false;
    const emit = () => {
        const hex = hash.toString(16);
        const n = (seen.get(hex) ?? 0) + 1;
        seen.set(hex, n);
        out[lineAt[index] - 1] = `${hex}:${n}`;
        lineAt[index] = -1;
    };
    const push = (c) => {
        const leaving = window[index];
        window[index] = c;
        hash = (BASE * hash + BigInt(c) - LEAVING * BigInt(leaving)) & MASK;
        index = (index + 1) % WINDOW;
    };
    const take = (c) => {
        if (c === SPACE || c === TAB || (afterCR && c === LF)) {
            afterCR = false;
            return;
        }
        afterCR = c === CR;
        if (c === CR)
            c = LF;
        // The window has come round to a line's first character: 100 characters of it are hashed.
        if (lineAt[index] !== -1)
            emit();
        if (atLineStart) {
            atLineStart = false;
            line++;
            lineAt[index] = line;
        }
        if (c === LF)
            atLineStart = true;
        push(c);
    };
    for (let i = 0; i < text.length; i++)
        take(text.charCodeAt(i));
    take(END);
    for (let i = 0; i < WINDOW; i++) {
        if (lineAt[index] !== -1)
            emit();
        push(0);
    }
    return out;
}
/** The repository file a SARIF URI names, or undefined when it is not an existing file in `root`. */
function repositoryFile(uri, root) {
    let decoded;
    try {
        decoded = decodeURIComponent(uri);
    }
    catch {
        return undefined;
    }
    if (decoded.startsWith('file://'))
        decoded = decoded.slice('file://'.length);
    if (decoded.includes('://'))
        return undefined;
    const rootAbs = external_node_path_default().resolve(root);
    const abs = external_node_path_default().resolve(rootAbs, decoded);
    if (abs !== rootAbs && !abs.startsWith(rootAbs + (external_node_path_default()).sep))
        return undefined;
    try {
        return (0,external_node_fs_.existsSync)(abs) && (0,external_node_fs_.statSync)(abs).isFile() ? abs : undefined;
    }
    catch {
        return undefined;
    }
}
/** A repository file's text for hashing, read like every repository file (inside the workspace
 * once links are followed, a regular file, size-limited): a result cannot make us hash a secret. */
function repositoryText(file, root) {
    const read = (0,safe_read/* readFileSafely */.fJ)(file, { workspace: root, maxBytes: safe_read/* READ_LIMITS */.Cl.source, scope: 'workspace' });
    if (!read.ok)
        throw new Error(`${file} ${read.detail}`);
    return read.text;
}
/**
 * Adds primaryLocationLineHash to every result located in a repository file (in place; returns the
 * number of results fingerprinted). Each file is read and hashed once. An existing, different
 * fingerprint is kept: whoever wrote it knew better.
 */
function addLineHashes(sarif, root, read = (file) => repositoryText(file, root)) {
    const hashes = new Map();
    let count = 0;
    for (const run of sarif.runs) {
        for (const result of run.results) {
            const loc = result.locations[0]?.physicalLocation;
            if (!loc?.region?.startLine)
                continue;
            const file = repositoryFile(loc.artifactLocation.uri, root);
            if (!file)
                continue;
            if (!hashes.has(file)) {
                try {
                    hashes.set(file, lineHashes(read(file)));
                }
                catch {
                    hashes.set(file, undefined);
                }
            }
            const value = hashes.get(file)?.[loc.region.startLine - 1];
            if (!value)
                continue;
            result.partialFingerprints ??= {};
            result.partialFingerprints.primaryLocationLineHash ??= value;
            count++;
        }
    }
    return count;
}

;// CONCATENATED MODULE: ./src/github/sarif-upload.ts
/**
 * Uploads SARIF to code scanning and, when asked, waits until GitHub has processed it. Each planned
 * upload is one POST /repos/{owner}/{repo}/code-scanning/sarifs; failures become warnings.
 */




/** Fingerprints, splits within GitHub's limits and uploads; stops at the first refused upload. */
async function uploadSarif(opts) {
    const { client, ctx, target, logger } = opts;
    // Work on a copy: the SARIF file on disk stays what the renderer produced.
    const sarif = JSON.parse(JSON.stringify(opts.sarif));
    const hashed = addLineHashes(sarif, ctx.workspace);
    logger.debug(`Fingerprinted ${hashed} results located in repository files.`);
    const plan = planUploads(sarif, opts.limits ?? GITHUB_LIMITS);
    const checkoutUri = (0,external_node_url_.pathToFileURL)(ctx.workspace).href.replace(/\/?$/, '/');
    const uploaded = [];
    const warnings = [];
    for (const upload of plan.uploads) {
        try {
            const response = await client.request('POST /repos/{owner}/{repo}/code-scanning/sarifs', {
                owner: ctx.owner,
                repo: ctx.repo,
                commit_sha: target.commitSha,
                ref: target.ref,
                sarif: upload.gzipped.toString('base64'),
                checkout_uri: checkoutUri,
                started_at: opts.startedAt,
                tool_name: upload.tool
            });
            const id = String(response.data.id ?? '');
            uploaded.push({ id, tool: upload.tool, categories: upload.categories, results: upload.resultCount });
            logger.info(`Uploaded ${upload.resultCount} ${upload.tool} results (${upload.categories.join(', ')}) to code scanning for ${target.ref}: ${id}`);
        }
        catch (error) {
            warnings.push((0,permissions/* warningFor */.C)('sarif-upload', error, 'security-events: write', { fromFork: ctx.pullRequest?.fromFork }));
            // The same token and repository refuse every upload alike: one warning is enough.
            break;
        }
    }
    return { uploaded, dropped: plan.dropped, warnings };
}
const realSleep = (ms) => new Promise(resolve => setTimeout(resolve, ms));
/** One status poll of an upload: its state, and a warning when it failed or reported errors. */
async function pollOnce(opts, id) {
    try {
        const { data } = await opts.client.request('GET /repos/{owner}/{repo}/code-scanning/sarifs/{sarif_id}', {
            owner: opts.ctx.owner,
            repo: opts.ctx.repo,
            sarif_id: id
        });
        const errors = (data.errors ?? []).filter((e) => typeof e === 'string');
        if (data.processing_status !== 'complete' && data.processing_status !== 'failed')
            return { status: 'pending' };
        if (data.processing_status === 'complete')
            opts.logger.info(`Code scanning processed upload ${id}.`);
        if (data.processing_status === 'complete' && errors.length === 0)
            return { status: 'complete' };
        return {
            status: data.processing_status,
            warning: {
                feature: 'sarif-processing',
                message: `Code scanning ${data.processing_status === 'failed' ? 'could not process' : 'reported errors for'} upload ${id}: ${errors.join('; ') || 'no reason given'}`
            }
        };
    }
    catch (error) {
        return { status: 'unknown', error };
    }
}
/**
 * Waits until code scanning processed every upload: all pending uploads are polled together
 * (GET .../code-scanning/sarifs/{id}) after each wait, so k uploads cost one wait, not k. The first
 * poll comes after the first wait: GitHub never processes an upload in the instant after receiving it.
 */
async function waitForProcessing(opts) {
    const sleep = opts.sleep ?? realSleep;
    const timeout = opts.timeoutMs ?? 120_000;
    const cap = opts.maxDelayMs ?? 15_000;
    const status = {};
    const warnings = [];
    const notFound = new Map();
    let pending = [...opts.ids];
    for (const id of pending)
        status[id] = 'pending';
    let delay = opts.initialDelayMs ?? 1_000;
    let waited = 0;
    while (pending.length > 0) {
        if (waited >= timeout) {
            for (const id of pending)
                warnings.push({
                    feature: 'sarif-processing',
                    message: `Code scanning had not finished processing upload ${id} after ${Math.round(waited / 1000)} s; results will appear when it has.`
                });
            break;
        }
        await sleep(delay);
        waited += delay;
        delay = Math.min(delay * 2, cap);
        const polled = await Promise.all(pending.map(async (id) => ({ id, ...(await pollOnce(opts, id)) })));
        pending = [];
        for (const p of polled) {
            if (p.status === 'pending')
                pending.push(p.id);
            else if (p.status === 'unknown') {
                // Right after the upload the receipt can be briefly unknown: keep polling on a few 404s.
                const misses = (notFound.get(p.id) ?? 0) + 1;
                notFound.set(p.id, misses);
                if ((0,permissions/* httpFailure */.t)(p.error).status === 404 && misses <= 3)
                    pending.push(p.id);
                else
                    warnings.push((0,permissions/* warningFor */.C)('sarif-processing', p.error, 'security-events: read'));
            }
            else {
                status[p.id] = p.status;
                if (p.warning)
                    warnings.push(p.warning);
            }
        }
    }
    return { status, warnings };
}

;// CONCATENATED MODULE: ./src/github/publish.ts









/**
 * First-seen dates for the policy's deadlines, from the default branch's code-scanning alerts of
 * the tools that found something; undefined when not on GitHub.
 */
async function readFirstSeen(gh, settings, findings) {
    if (!gh)
        return undefined;
    const { firstSeen } = await fetchFirstSeen({
        client: gh.client,
        ctx: gh.ctx,
        findings,
        categoryPrefix: settings.sarifCategory,
        logger: log/* log */.Rm
    });
    return firstSeen;
}
/** The commit the workspace holds, to tell a pull request's head checkout from its merge commit. */
async function gitHead(workspace) {
    try {
        const result = await execTool('git', ['rev-parse', 'HEAD'], { cwd: workspace });
        const sha = result.stdout.trim();
        return result.exitCode === 0 && /^[0-9a-f]{40,64}$/.test(sha) ? sha : undefined;
    }
    catch {
        return undefined;
    }
}
/** Publishes the run's results as the inputs ask; undefined when not on GitHub. */
async function publishResults(gh, settings, report) {
    if (!gh)
        return undefined;
    return publish({
        client: gh.client,
        ctx: gh.ctx,
        verdict: report.verdict,
        sarif: report.sarif(),
        categoryPrefix: settings.sarifCategory,
        subjects: report.subjects,
        upload: settings.uploadSarif,
        waitForProcessing: settings.waitForProcessing,
        comment: gh.ctx.pullRequest ? settings.comment : 'off',
        commentKey: (0,comment/* commentKey */.Td)({
            workflow: gh.ctx.workflow,
            job: gh.ctx.job,
            matrix: settings.matrix,
            override: settings.commentKey
        }),
        checkoutSha: await gitHead(report.workspace),
        startedAt: report.startedAt.toISOString(),
        ...(report.signing ? { signing: report.signing } : {}),
        ...(report.artifactUrl ? { artifactUrl: report.artifactUrl } : {}),
        logger: log/* log */.Rm
    });
}
/** Keeps one warning per missing permission (a fork's token refuses everything alike). */
function dedupeWarnings(warnings) {
    const seen = new Set();
    return warnings.filter(w => {
        const key = w.permission ?? `${w.feature}:${w.message}`;
        if (seen.has(key))
            return false;
        seen.add(key);
        return true;
    });
}
/** Uploads the SARIF within GitHub's limits and, when asked, waits until code scanning processed it. */
async function uploadResults(opts) {
    const { client, ctx, logger } = opts;
    const up = await uploadSarif({
        client,
        ctx,
        target: (0,context/* uploadTarget */.rn)(ctx, opts.checkoutSha),
        sarif: opts.sarif,
        startedAt: opts.startedAt,
        logger
    });
    const sarifIds = up.uploaded.map(u => u.id);
    const warnings = [...up.warnings];
    if (opts.waitForProcessing && sarifIds.length > 0) {
        const waited = await waitForProcessing({
            client,
            ctx,
            ids: sarifIds,
            logger,
            ...(opts.sleep ? { sleep: opts.sleep } : {}),
            ...(opts.processingTimeoutMs !== undefined ? { timeoutMs: opts.processingTimeoutMs } : {})
        });
        warnings.push(...waited.warnings);
    }
    return { sarifIds, dropped: up.dropped, warnings };
}
/** Renders the comment body (with what publishing had to say) and keeps the one comment up to date. */
async function writeComment(opts, pr, diff, notes) {
    const { client, ctx, logger } = opts;
    const repoUrl = `${ctx.serverUrl}/${ctx.owner}/${ctx.repo}`;
    const body = (0,report_comment/* renderComment */.w)(opts.verdict, {
        marker: (0,comment/* commentMarker */.Ql)(opts.commentKey),
        subjects: opts.subjects,
        ...(diff ? { diff } : {}),
        baseRef: pr.baseRef,
        serverUrl: ctx.serverUrl,
        codeScanningUrl: `${repoUrl}/security/code-scanning?query=${encodeURIComponent(`is:open pr:${pr.number}`)}`,
        ...(ctx.runId ? { runUrl: `${repoUrl}/actions/runs/${ctx.runId}` } : {}),
        ...(opts.artifactUrl ? { artifactUrl: opts.artifactUrl } : {}),
        commit: (opts.checkoutSha ?? ctx.sha).slice(0, 7),
        notes,
        ...(opts.signing ? { signing: opts.signing } : {})
    });
    return (0,comment/* upsertComment */.lB)({ client, ctx, key: opts.commentKey, body, mode: opts.comment, logger });
}
async function publish(opts) {
    const uploaded = opts.upload
        ? await uploadResults(opts)
        : { sarifIds: [], dropped: [], warnings: [] };
    const warnings = [...uploaded.warnings];
    let commentUrl;
    let diff;
    const pr = opts.ctx.pullRequest;
    if (opts.comment !== 'off' && pr) {
        if (pr.baseRef) {
            const compared = await compareWithBase({
                client: opts.client,
                ctx: opts.ctx,
                logger: opts.logger,
                verdict: opts.verdict,
                categoryPrefix: opts.categoryPrefix,
                baseBranch: pr.baseRef,
                tools: opts.sarif.runs.flatMap(r => toolOfDriver(r.tool.driver.name) ?? []),
                categories: opts.sarif.runs.map(categoryOfRun)
            });
            warnings.push(...compared.warnings);
            diff = compared.diff;
        }
        const notes = [...droppedNotes(uploaded.dropped), ...dedupeWarnings(warnings).map(w => w.message)];
        const written = await writeComment(opts, pr, diff, notes);
        warnings.push(...written.warnings);
        commentUrl = written.url;
    }
    const unique = dedupeWarnings(warnings);
    for (const w of unique)
        opts.logger.warning(w.message);
    return {
        sarifIds: uploaded.sarifIds,
        ...(commentUrl ? { commentUrl } : {}),
        dropped: uploaded.dropped,
        ...(diff ? { diff } : {}),
        warnings: unique,
        notes: [...droppedNotes(uploaded.dropped), ...unique.map(w => w.message)]
    };
}

// EXTERNAL MODULE: ./src/report/markdown/cells.ts
var cells = __webpack_require__(92815);
;// CONCATENATED MODULE: ./src/report/annotations.ts


/** GitHub's display limit per step and per level. */
const ANNOTATION_LIMIT = 10;
function located(d) {
    return (typeof d.finding.file === 'string' && d.finding.file !== '' && typeof d.finding.startLine === 'number');
}
function toAnnotation(d, mode) {
    const f = d.finding;
    const pkg = f.package ? ` in ${f.package.name} ${f.package.installedVersion ?? ''}`.trimEnd() : '';
    const fix = f.package?.fixedVersion ? ` (fixed in ${f.package.fixedVersion})` : '';
    const deadline = d.deadline && d.action === 'warn'
        ? ` Blocks on ${d.deadline.blocksOn} (${d.deadline.daysLeft} days left).`
        : '';
    // Annotation text is plain text in the UI (not markdown), so no escaping is needed; keep it short.
    const text = (f.message && f.message !== f.title ? f.message : f.title) || f.ruleId;
    // An image finding on a Dockerfile line: which image, and what the line has to do with it.
    const origin = f.origin ? ` ${(0,markdown_origin/* originSentence */.y)(d, mode)} Image: ${f.image ?? f.subject}.` : '';
    return {
        title: `${f.severity} ${f.ruleId}${pkg}${fix}`.slice(0, 255),
        message: `${text.slice(0, 500)} — ${d.rule}.${deadline}${origin}`,
        file: f.file,
        startLine: f.startLine,
        ...(f.endLine && f.endLine >= f.startLine ? { endLine: f.endLine } : {})
    };
}
/** Picks the annotations to emit: blocking → error, warn → warning, at most 10 each, most severe first. */
function selectAnnotations(verdict, limit = ANNOTATION_LIMIT) {
    const errors = verdict.blocking.filter(located).sort(cells/* compareDecisions */.nU);
    const warnings = verdict.warnings
        .filter(located)
        .sort((a, b) => (0,cells/* compareDecisions */.nU)(a, b) || (a.deadline?.daysLeft ?? 0) - (b.deadline?.daysLeft ?? 0));
    const omitted = {
        errors: Math.max(0, errors.length - limit),
        warnings: Math.max(0, warnings.length - limit)
    };
    const parts = [];
    if (omitted.errors > 0)
        parts.push(`${omitted.errors} more blocking`);
    if (omitted.warnings > 0)
        parts.push(`${omitted.warnings} more warning`);
    return {
        errors: errors.slice(0, limit).map(d => toAnnotation(d, verdict.mode)),
        warnings: warnings.slice(0, limit).map(d => toAnnotation(d, verdict.mode)),
        omitted,
        ...(parts.length > 0
            ? {
                omittedNote: `${parts.join(' and ')} findings in files are not annotated (GitHub shows ${limit} per level); they are in code scanning and the job summary.`
            }
            : {})
    };
}

// EXTERNAL MODULE: ./src/report/json-report.ts
var json_report = __webpack_require__(4225);
;// CONCATENATED MODULE: ./src/report/json-pieces.ts
/**
 * `JSON.stringify(value, null, 2)`, in pieces: the reports run to tens of MiB (the JSON report of
 * 50,000 findings is 74 MiB, its SARIF 45 MiB), and one string of them, then its UTF-8 copy for the
 * write, cost more memory than the findings. The arrays at the given paths are written element by
 * element (an element may come from a generator, made only when it is written); every other value
 * is one `JSON.stringify`, indented to its depth, so the bytes and the escaping are JSON.stringify's
 * own. Pure: writeJsonFile (src/deliver.ts) writes the pieces.
 */
const INDENT = '  ';
/** A value JSON.stringify leaves out of an object (and writes as null in an array). */
const isSkipped = (v) => v === undefined || typeof v === 'function' || typeof v === 'symbol';
/** One value at a depth: JSON.stringify's text with its line breaks indented to the depth. */
function whole(value, indent, inArray) {
    if (isSkipped(value))
        return inArray ? 'null' : '';
    const text = JSON.stringify(value, null, 2);
    if (text === undefined)
        return 'null';
    // A line break in JSON.stringify's output is always its own: breaks inside strings are escaped.
    return indent === '' ? text : text.replaceAll('\n', `\n${indent}`);
}
function isPlainObject(value) {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
        return false;
    const proto = Object.getPrototypeOf(value);
    return ((proto === Object.prototype || proto === null) &&
        typeof value.toJSON !== 'function');
}
function isIterable(value) {
    return typeof value === 'object' && value !== null && Symbol.iterator in value;
}
/**
 * The pieces that, joined, are `JSON.stringify(value, null, 2)` with the arrays at `paths` given as
 * any iterable (an array or a generator). Paths are followed through plain objects and arrays only.
 */
function* jsonPieces(value, paths, indent = '') {
    const here = paths.filter(p => p.length > 0);
    const streamHere = paths.some(p => p.length === 0);
    if (streamHere && isIterable(value) && typeof value !== 'string') {
        yield* json_pieces_elements(value, indent);
        return;
    }
    if (here.length === 0) {
        yield whole(value, indent, false);
        return;
    }
    if (Array.isArray(value)) {
        const below = here.filter(p => p[0] === '*').map(p => p.slice(1));
        if (below.length === 0 || value.length === 0)
            return yield whole(value, indent, false);
        const inner = indent + INDENT;
        yield '[';
        for (let i = 0; i < value.length; i++) {
            yield `${i === 0 ? '' : ','}\n${inner}`;
            if (isSkipped(value[i]))
                yield 'null';
            else
                yield* jsonPieces(value[i], below, inner);
        }
        yield `\n${indent}]`;
        return;
    }
    if (!isPlainObject(value))
        return yield whole(value, indent, false);
    const inner = indent + INDENT;
    let first = true;
    for (const key of Object.keys(value)) {
        const field = value[key];
        if (isSkipped(field))
            continue;
        yield `${first ? '{' : ','}\n${inner}${JSON.stringify(key)}: `;
        first = false;
        yield* jsonPieces(field, here.filter(p => p[0] === key).map(p => p.slice(1)), inner);
    }
    yield first ? '{}' : `\n${indent}}`;
}
/** An array given as an iterable, element by element: `[]` when it has none. */
function* json_pieces_elements(list, indent) {
    const inner = indent + INDENT;
    let first = true;
    for (const element of list) {
        yield `${first ? '[' : ','}\n${inner}`;
        first = false;
        yield whole(element, inner, true);
    }
    yield first ? '[]' : `\n${indent}]`;
}

// EXTERNAL MODULE: ./src/report/summary.ts
var report_summary = __webpack_require__(57994);
;// CONCATENATED MODULE: ./src/deliver.ts
/**
 * What a run leaves behind, once the verdict is made: the SARIF and the JSON report written (and
 * kept as a workflow artifact), code scanning, the pull-request comment, the job summary, the
 * annotations, the step's outputs and where each went. main.ts calls these in its story; nothing
 * here decides anything about the verdict.
 */











const count = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const CHUNK = 1 << 16;
/**
 * Writes a report as JSON in chunks of about 1 MiB (report/json-pieces.ts), so neither the whole
 * text nor its UTF-8 copy is ever held: the file's bytes are those of writeFile(JSON.stringify(value,
 * null, 2)). A piece is never split, so a character is never cut between two chunks.
 */
async function writeJsonFile(file, value, paths, chunk = CHUNK) {
    const handle = await (0,promises_.open)(file, 'w');
    try {
        let pending = [];
        let size = 0;
        for (const piece of jsonPieces(value, paths)) {
            pending.push(piece);
            size += piece.length;
            if (size < chunk)
                continue;
            await handle.writeFile(pending.join(''));
            pending = [];
            size = 0;
        }
        if (pending.length > 0)
            await handle.writeFile(pending.join(''));
    }
    finally {
        await handle.close();
    }
}
/** The SARIF's results are written one at a time (the log is kept whole for code scanning). */
const SARIF_STREAMED = [['runs', '*', 'results']];
/** The SARIF and the JSON report, written to this run's folder and kept as a workflow artifact. */
async function writeReports({ inputs, paths, policy }, run) {
    const { verdict, scanned } = run;
    const sarifFile = (0,external_node_path_.join)(paths.outDir, 'container-gate.sarif');
    const reportFile = (0,external_node_path_.join)(paths.outDir, 'container-gate-report.json');
    const sarifMeta = {
        categoryPrefix: inputs.github.sarifCategory,
        subjects: run.subjects,
        toolVersions: scanned.versions
    };
    const lazy = renderSarifLazily(verdict, sarifMeta);
    await writeJsonFile(sarifFile, lazy, SARIF_STREAMED);
    const scans = scanned.outcomes.map(o => ({
        tool: o.job.tool,
        label: o.job.label,
        exitCode: o.exitCode,
        reportFile: o.reportFile
    }));
    const meta = {
        generatedAt: run.now,
        policySource: policy.source,
        toolVersions: scanned.versions,
        scans,
        imported: inputs.reports,
        sarifFile,
        job: process.env.GITHUB_JOB ?? '',
        baseImages: run.checked.baseImages
    };
    await writeJsonFile(reportFile, (0,json_report/* jsonReportValue */.kI)((0,json_report/* describeRun */.vZ)(inputs), verdict, meta), json_report/* JSON_REPORT_STREAMED */.co);
    log/* log */.Rm.info(`SARIF: ${sarifFile} (${count(lazy.runs.length, 'run')}).`);
    log/* log */.Rm.info(`JSON report: ${reportFile}.`);
    const artifact = await uploadReportArtifact({
        enabled: inputs.github.uploadArtifact,
        files: [sarifFile, reportFile],
        rootDirectory: paths.outDir,
        matrix: inputs.github.matrix,
        commentKey: inputs.github.commentKey,
        logger: log/* log */.Rm
    });
    return { sarif: () => renderSarif(verdict, sarifMeta), sarifFile, reportFile, artifact };
}
/** The job summary, after publishing so it can say what code scanning refused or what was dropped. */
async function writeSummary(inputs, verdict, report) {
    if (!inputs.summary)
        return "the input 'summary' is false";
    if (!process.env.GITHUB_STEP_SUMMARY)
        return 'this run has no job summary (GITHUB_STEP_SUMMARY is not set)';
    const { sarifFile, reportFile, artifact } = report.written;
    const summary = (0,report_summary/* renderSummary */.B)(verdict, {
        subjects: report.subjects,
        sarifFile,
        reportFile,
        ...(artifact.url ? { artifactUrl: artifact.url } : {}),
        notes: report.notes,
        ...(report.signing ? { signing: report.signing } : {})
    });
    await workflow_commands/* summary */.z.addRaw(summary).write();
    return undefined;
}
/** Annotations on the diff for blocking findings and warnings that have a file and line. */
function annotate(verdict) {
    const picked = selectAnnotations(verdict);
    const where = (a) => ({
        title: a.title,
        file: a.file,
        startLine: a.startLine,
        endLine: a.endLine
    });
    for (const a of picked.errors)
        log/* log */.Rm.error(a.message, where(a));
    for (const a of picked.warnings)
        log/* log */.Rm.warning(a.message, where(a));
    if (picked.omittedNote)
        log/* log */.Rm.info(picked.omittedNote);
}
/** Code scanning, the pull-request comment, the job summary and the annotations on the diff. */
async function publishEverywhere({ inputs, paths }, github, run) {
    const { verdict, subjects, written, signing } = run;
    if (!github)
        log/* log */.Rm.info('GitHub: not connected (no repository or token, or nothing to publish there).');
    const published = await publishResults(github, inputs.github, {
        verdict,
        sarif: written.sarif,
        subjects,
        workspace: paths.workspace,
        startedAt: run.now,
        ...(written.artifact.url ? { artifactUrl: written.artifact.url } : {}),
        ...(signing ? { signing } : {})
    });
    const notes = [...run.notes, ...(published?.notes ?? [])];
    const summarySkipped = await writeSummary(inputs, verdict, { subjects, written, notes, signing });
    annotate(verdict);
    return { ...(published ? { github: published } : {}), ...(summarySkipped ? { summarySkipped } : {}) };
}
function setOutputs(verdict, written, published, signing) {
    workflow_commands/* setOutput */.uH('verdict', verdict.outcome);
    workflow_commands/* setOutput */.uH('blocking-count', verdict.blocking.length);
    workflow_commands/* setOutput */.uH('critical', verdict.counts.CRITICAL);
    workflow_commands/* setOutput */.uH('high', verdict.counts.HIGH);
    workflow_commands/* setOutput */.uH('medium', verdict.counts.MEDIUM);
    workflow_commands/* setOutput */.uH('low', verdict.counts.LOW);
    workflow_commands/* setOutput */.uH('rebuild-required', verdict.rebuildRequired);
    workflow_commands/* setOutput */.uH('sarif-file', written.sarifFile);
    workflow_commands/* setOutput */.uH('report-file', written.reportFile);
    workflow_commands/* setOutput */.uH('sarif-ids', (published?.sarifIds ?? []).join(','));
    workflow_commands/* setOutput */.uH('comment-url', published?.commentUrl ?? '');
    workflow_commands/* setOutput */.uH('artifact-url', written.artifact.url ?? '');
    const signed = signing?.images.filter(i => i.signed && i.pinned) ?? [];
    workflow_commands/* setOutput */.uH('signed', signed.map(i => i.pinned).join('\n'));
    workflow_commands/* setOutput */.uH('attestations', signed.flatMap(i => i.attestations.map(t => `${i.pinned} ${t}`)).join('\n'));
}
/** Where each result went, for the verdict block. */
function destinations(inputs, written, published) {
    const gh = published.github;
    const ghSkipped = 'not connected to GitHub (no repository or token)';
    return {
        sarifFile: written.sarifFile,
        reportFile: written.reportFile,
        sarifIds: gh?.sarifIds ?? [],
        sarifSkipped: !inputs.github.uploadSarif ? "the input 'upload-sarif' is false" : ghSkipped,
        ...(written.artifact.url ? { artifactUrl: written.artifact.url } : {}),
        ...(written.artifact.skipped ? { artifactSkipped: written.artifact.skipped } : {}),
        ...(published.summarySkipped ? { summarySkipped: published.summarySkipped } : {}),
        ...(gh?.commentUrl ? { commentUrl: gh.commentUrl } : {}),
        commentSkipped: inputs.github.comment === 'off' ? "the input 'comment' is off" : gh ? 'not a pull request' : ghSkipped
    };
}

;// CONCATENATED MODULE: ./src/github/connect.ts
/**
 * Whom the action talks to on GitHub: a client and the run's context, when there is a repository
 * and a token and something to publish (the demo and local runs have neither and stay offline).
 */


/**
 * A client and the run's context, or undefined when the run is not on GitHub (no repository or token).
 * Octokit and its plugins are loaded here, not at start-up: a run that never talks to GitHub (a bad
 * input, a local run) does not compile them.
 */
async function connectGitHub(settings, token, env = process.env) {
    if (!env.GITHUB_REPOSITORY || !token)
        return undefined;
    if (!settings.uploadSarif && settings.comment === 'off')
        return undefined;
    const ctx = (0,context/* readRunContext */.$p)(env);
    const { createGitHubClient } = await Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(913), __webpack_require__.e(154)]).then(__webpack_require__.bind(__webpack_require__, 43154));
    return { client: createGitHubClient({ token, apiUrl: ctx.apiUrl, logger: log/* log */.Rm, setSecret: log/* log */.Rm.mask }), ctx };
}

;// CONCATENATED MODULE: ./src/inputs/pairing.ts
/**
 * Which Dockerfile built which image, as the `image` and `image-input` lines say it:
 * `ghcr.io/acme/app:1.2 | services/app/Dockerfile`, the Dockerfile written as docker/build-push-action's
 * `file:` is (a path from the repository root). The image's findings are then shown on that
 * Dockerfile's lines (checks/image-origin). Whether the file exists is the workspace's to check.
 */


const ACCEPTED = 'expected what to scan, optionally followed by " | " and the Dockerfile it was built from, relative to the repository root (for example ghcr.io/acme/app:1.2 | services/app/Dockerfile)';
/** Splits each line at its `|`; a line with two, or a `|` with no Dockerfile after it, is an error. */
function pairedLines(input, lines) {
    return lines.map(line => {
        const parts = line.split('|');
        if (parts.length === 1)
            return { target: line };
        const [target = '', file = ''] = parts.map(p => p.trim());
        if (parts.length > 2 || target === '' || file === '')
            throw (0,errors/* badInput */.AN)(input, line, ACCEPTED);
        const normalized = external_node_path_.posix.normalize(file.replaceAll('\\', '/'));
        if (external_node_path_.posix.isAbsolute(normalized) ||
            normalized === '..' ||
            normalized.startsWith('../') ||
            normalized === '.')
            throw (0,errors/* badInput */.AN)(input, line, `${ACCEPTED}; the Dockerfile must be a file inside the repository`);
        return { target, dockerfile: normalized };
    });
}
/**
 * The Dockerfile of each scanned subject, keyed as the scan names it (the spelling kept after
 * repeats are dropped). One image paired with two different Dockerfiles is an error.
 */
function dockerfilePairings(input, lines, kept, keyOf) {
    const byKey = new Map();
    for (const line of lines) {
        if (!line.dockerfile)
            continue;
        const earlier = byKey.get(keyOf(line.target));
        if (earlier && earlier.dockerfile !== line.dockerfile)
            throw (0,errors/* badInput */.AN)(input, `${line.target} | ${line.dockerfile}`, `${ACCEPTED}; this image is already paired with ${earlier.dockerfile}, and one image is built from one Dockerfile`);
        byKey.set(keyOf(line.target), line);
    }
    const out = {};
    for (const subject of kept) {
        const file = byKey.get(keyOf(subject))?.dockerfile;
        if (file)
            out[subject] = file;
    }
    return out;
}

// EXTERNAL MODULE: ./src/inputs/values.ts
var values = __webpack_require__(18463);
;// CONCATENATED MODULE: ./src/inputs/signing.ts
/**
 * The signature inputs: what every scanned image must be signed with (the quick path for
 * workflows without a policy file), which Sigstore deployment to trust, and whether to sign and
 * attest what passed. Only their form is checked here; the files they name are read (inside
 * limits) and checked before any scan, by the signature stages.
 */


/** What `attest` accepts: the vulnerability report and the SBOM of the scan, in cosign's predicates. */
const ATTEST_KINDS = ['vuln', 'sbom'];
const SIGNING_INPUT_NAMES = (/* unused pure expression or super */ null && ([
    'sign',
    'attest',
    'cosign-key',
    'certificate-identity',
    'certificate-identity-regexp',
    'certificate-oidc-issuer',
    'sigstore-trusted-root',
    'sigstore-signing-config'
]));
/** Constructs RE2 (cosign's regular expressions) does not have, which JavaScript would accept. */
const NOT_RE2 = /\(\?<?[=!]|\\[1-9]/;
/**
 * Why cosign could not use `pattern` as --certificate-identity-regexp safely, or undefined. cosign
 * matches it anywhere in the identity, so an unanchored `github.com/acme/` also accepts a workflow
 * of another owner on a branch named `github.com/acme/x`: the pattern must start with ^.
 */
function identityRegexpProblem(pattern) {
    try {
        new RegExp(pattern);
    }
    catch (error) {
        return `it is not a regular expression (${error.message})`;
    }
    if (NOT_RE2.test(pattern))
        return 'lookarounds and back-references are not RE2 syntax, which cosign uses';
    if (!pattern.startsWith('^'))
        return "it must be anchored with ^: cosign matches it anywhere in the identity, so an unanchored pattern also accepts identities that merely contain it (for example a branch named after it). Write '^https://github\\.com/acme/' or '^.*@acme\\.com$'";
    return undefined;
}
function optional(value) {
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
}
function attestInput(raw) {
    const kinds = [];
    for (const value of (0,values/* list */.p_)(raw)) {
        const word = value.toLowerCase();
        if (!ATTEST_KINDS.includes(word))
            throw (0,errors/* badInput */.AN)('attest', value, `expected a list of ${ATTEST_KINDS.join(', ')} (vuln: the scan's vulnerabilities as cosign's vuln predicate; sbom: its CycloneDX SBOM)`);
        if (!kinds.includes(word))
            kinds.push(word);
    }
    return kinds;
}
/** The keyless inputs: exactly one of identity and identity-regexp, always with an issuer. */
function checkIdentityInputs(inputs) {
    const { certificateIdentity: id, certificateIdentityRegexp: re, certificateOidcIssuer: issuer } = inputs;
    if (id && re)
        throw (0,errors/* badInput */.AN)('certificate-identity-regexp', re, 'give either certificate-identity or certificate-identity-regexp, not both (cosign takes one)');
    if ((id || re) && !issuer)
        throw (0,errors/* badInput */.AN)('certificate-oidc-issuer', '', `a keyless identity needs its OIDC issuer: set certificate-oidc-issuer (for GitHub Actions workflows https://token.actions.githubusercontent.com) along with ${id ? 'certificate-identity' : 'certificate-identity-regexp'}`);
    if (issuer && !id && !re)
        throw (0,errors/* badInput */.AN)('certificate-oidc-issuer', issuer, 'an issuer alone says nothing about who signed: set certificate-identity (or certificate-identity-regexp) too');
    const problem = re === undefined ? undefined : identityRegexpProblem(re);
    if (problem)
        throw (0,errors/* badInput */.AN)('certificate-identity-regexp', re, `expected a regular expression (RE2 syntax, as cosign reads it), but ${problem}`);
}
/** Reads and checks the form of the signature inputs (not yet the files they name). */
function readSigningInputs(get, mode) {
    const inputs = {
        sign: (0,values/* booleanInput */.tE)('sign', get('sign'), false),
        attest: attestInput(get('attest')),
        cosignKey: optional(get('cosign-key')),
        certificateIdentity: optional(get('certificate-identity')),
        certificateIdentityRegexp: optional(get('certificate-identity-regexp')),
        certificateOidcIssuer: optional(get('certificate-oidc-issuer')),
        trustedRoot: optional(get('sigstore-trusted-root')),
        signingConfig: optional(get('sigstore-signing-config'))
    };
    checkIdentityInputs(inputs);
    if (inputs.attest.length > 0 && !inputs.sign)
        throw (0,errors/* badInput */.AN)('attest', get('attest').trim(), 'attestations are made only with the signature of an image that passed: set sign: true as well');
    if (inputs.sign && mode === 'monitor')
        throw (0,errors/* badInput */.AN)('sign', 'true', 'a signature says the image passed the gate; mode monitor reports on published images without gating them: sign in the gate workflow (mode: gate)');
    if (inputs.cosignKey && !inputs.sign && (inputs.certificateIdentity || inputs.certificateIdentityRegexp))
        throw (0,errors/* badInput */.AN)('cosign-key', inputs.cosignKey, 'key and keyless in the same requirement: every scanned image would need both a signature by this key and one by the certificate identity. Keep one, or write two rules in the policy file (signatures:)');
    return inputs;
}

;// CONCATENATED MODULE: ./src/inputs/denylist.ts
/**
 * Tool versions known to be compromised, kept as data. A listed version is refused by name when
 * the input asks for it (tool-versions.ts), before anything is looked up in the tool cache, on PATH
 * or on the network: the installer only ever installs the version that passed that check, so a
 * malicious binary never runs, not even its version command. New entries go at the end with a
 * reason a user can act on and a public reference.
 */

const DENYLIST = [
    {
        tool: 'trivy',
        version: '0.69.4',
        reason: 'a malicious Trivy v0.69.4 was published in the March 2026 supply-chain attack on Trivy releases; ' +
            'use the default version or another release published after the incident',
        reference: 'CVE-2026-33634'
    }
];
function denylistEntry(tool, version) {
    return DENYLIST.find(entry => entry.tool === tool && entry.version === version);
}
/** The error for a refused version: the user chose it, so it is theirs to change. */
function deniedVersionError(entry, input) {
    const where = input ? `Input '${input}' asks for` : 'Refusing';
    return new errors/* ConfigurationError */.j1(`${where} ${entry.tool} ${entry.version}, a known-compromised release (${entry.reference}): ${entry.reason}.`);
}

;// CONCATENATED MODULE: ./src/inputs/tool-versions.ts
/**
 * Which tool versions may be asked for: the one check every version passes before anything is
 * looked up, downloaded or run. A version is canonical (a plain release number: it ends up in a
 * URL path and a tool-cache directory name, so no `latest`, no ranges, no path tricks such as
 * `v1/../../x`) and never a known-compromised release (denylist.ts). The installer only accepts a
 * ToolVersion, which only this module makes.
 */


/** The versions installed when the workflow names none: action.yml's defaults, which the README
 * states too. The installer's pinned digests (src/tools/pinned.ts) are for these. */
const DEFAULT_TOOL_VERSIONS = {
    trivy: '0.74.0',
    hadolint: '2.15.1',
    cosign: '3.1.3',
    gator: '3.23.0',
    kustomize: '5.8.2',
    crane: '0.22.1'
};
/** MAJOR.MINOR.PATCH with an optional dotted pre-release (`0.70.0-rc.1`); no build metadata. */
const STRICT_VERSION = /^(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})(?:-([0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*))?$/;
/**
 * The canonical form of a version, or undefined when it is not one. A leading `v` is accepted
 * (`v0.74.0` is how the tags read) and dropped.
 */
function normalizeVersion(input) {
    const trimmed = input.trim();
    const candidate = trimmed.startsWith('v') ? trimmed.slice(1) : trimmed;
    if (candidate.length > 64 || !STRICT_VERSION.test(candidate))
        return undefined;
    return candidate;
}
/**
 * The version of `tool` the input asks for, checked: canonical, and not a known-compromised release.
 * Throws a ConfigurationError naming the input otherwise.
 */
function checkToolVersion(tool, raw, input = `${tool}-version`) {
    const version = normalizeVersion(raw);
    if (version === undefined) {
        throw (0,errors/* badInput */.AN)(input, raw.trim(), `an exact release version such as ${DEFAULT_TOOL_VERSIONS[tool]} (ranges, 'latest' and paths are not accepted, ` +
            'so the tool cannot change under you)');
    }
    const denied = denylistEntry(tool, version);
    if (denied)
        throw deniedVersionError(denied, input);
    return version;
}

;// CONCATENATED MODULE: ./src/inputs/tools.ts
/**
 * The tool-related inputs: which versions to install, from where, how they are verified, and where
 * Trivy's databases come from. A credential in a mirror URL is never echoed back.
 */




const TOOL_INPUT_NAMES = [
    'trivy-version',
    'hadolint-version',
    'cosign-version',
    'gator-version',
    'kustomize-version',
    'crane-version',
    'tool-mirror',
    'cache-db',
    'trivy-db-repository',
    'trivy-java-db-repository',
    'tool-digests',
    'trust-path-tools'
];
/**
 * Trivy ≥ 0.56 takes `--db-repository` / `--java-db-repository` as a list tried in order
 * (pkg/flag/db_flags.go: "OCI repository(ies) to retrieve trivy-db in order of priority"), defaulting
 * to mirror.gcr.io then ghcr.io (pkg/db/db.go, pkg/javadb/client.go); action.yml says the same.
 */
const DEFAULT_TRIVY_DB_REPOSITORIES = [
    'mirror.gcr.io/aquasec/trivy-db:2',
    'ghcr.io/aquasecurity/trivy-db:2'
];
const DEFAULT_TRIVY_JAVA_DB_REPOSITORIES = [
    'mirror.gcr.io/aquasec/trivy-java-db:1',
    'ghcr.io/aquasecurity/trivy-java-db:1'
];
/** The tool inputs (raw strings, empty or absent = not set), validated. */
function parseToolInputs(raw) {
    const warnings = [];
    const versions = {};
    for (const tool of model/* INSTALLABLE_TOOLS */.yk) {
        const given = orDefault(raw[`${tool}-version`]);
        versions[tool] = checkToolVersion(tool, given ?? DEFAULT_TOOL_VERSIONS[tool]);
    }
    const mirror = parseMirror(raw['tool-mirror'], warnings);
    return {
        settings: {
            versions,
            ...(mirror !== undefined ? { mirror } : {}),
            cacheDb: (0,values/* booleanInput */.tE)('cache-db', raw['cache-db'] ?? '', true),
            digests: parseDigests(raw['tool-digests']),
            trustPathTools: (0,values/* booleanInput */.tE)('trust-path-tools', raw['trust-path-tools'] ?? '', false),
            trivyDbRepositories: parseRepositoryList('trivy-db-repository', orDefault(raw['trivy-db-repository']) ?? DEFAULT_TRIVY_DB_REPOSITORIES.join(',')),
            trivyJavaDbRepositories: parseRepositoryList('trivy-java-db-repository', orDefault(raw['trivy-java-db-repository']) ?? DEFAULT_TRIVY_JAVA_DB_REPOSITORIES.join(','))
        },
        warnings
    };
}
function orDefault(value) {
    const trimmed = value?.trim();
    return trimmed ? trimmed : undefined;
}
/** The mirror base URL, normalized; credentials in it are refused without echoing them. */
function parseMirror(value, warnings = []) {
    const given = orDefault(value);
    if (given === undefined)
        return undefined;
    let url;
    try {
        url = new URL(given);
    }
    catch {
        throw (0,errors/* badInput */.AN)('tool-mirror', redact(given), 'an http(s) base URL such as https://artifacts.example.com/github');
    }
    if (url.username || url.password) {
        url.username = url.username ? '***' : '';
        url.password = url.password ? '***' : '';
        throw (0,errors/* badInput */.AN)('tool-mirror', url.toString(), "a URL without credentials (put a token in the mirror's own access rules or a proxy, never in the workflow file)");
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw (0,errors/* badInput */.AN)('tool-mirror', given, 'an http:// or https:// URL');
    }
    if (url.search || url.hash) {
        throw (0,errors/* badInput */.AN)('tool-mirror', given, 'a base URL without a query string or fragment');
    }
    if (url.protocol === 'http:') {
        warnings.push(`tool-mirror ${url.origin} is plain http: downloads of the default versions are still checked against digests ` +
            'pinned in container-gate, but other versions are only as trustworthy as the checksum file that mirror serves.');
    }
    return url.toString().replace(/\/+$/, '');
}
/** Hides anything that looks like userinfo in a string that did not even parse as a URL. */
function redact(value) {
    return value.replace(/\/\/[^/@]*@/, '//***@');
}
/**
 * The `tool-digests` input: lines of "<sha256>  <asset>" (the format of sha256sum and of the tools'
 * own checksum files, `*` and `./` prefixes accepted). A listed asset is verified against this digest
 * instead of the pinned one or the release's checksum file.
 */
function parseDigests(value) {
    const digests = new Map();
    const lines = (value ?? '')
        .split(/\r?\n/)
        .map(l => l.trim())
        .filter(l => l !== '');
    for (const line of lines) {
        const match = /^([0-9a-fA-F]{64})\s+\*?(?:\.\/)?([^\s/\\]+)$/.exec(line);
        if (!match) {
            throw (0,errors/* badInput */.AN)('tool-digests', line, 'expected lines of "<sha256>  <asset file name>", as sha256sum and the release checksum files print them');
        }
        digests.set(match[2], match[1].toLowerCase());
    }
    return digests;
}
// registry[:port]/path[:tag][@sha256:digest] — the OCI reference grammar, without a scheme.
const REFERENCE = /^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::\d{1,5})?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)+(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;
/** A comma- or newline-separated list of OCI repositories, order kept, duplicates dropped. */
function parseRepositoryList(input, value) {
    const items = value
        .split(/[,\n]/)
        .map(item => item.trim())
        .filter(item => item !== '');
    if (items.length === 0)
        throw (0,errors/* badInput */.AN)(input, value, 'one or more registry references separated by commas');
    for (const item of items) {
        if (!REFERENCE.test(item)) {
            throw (0,errors/* badInput */.AN)(input, item, 'registry references such as ghcr.io/aquasecurity/trivy-db:2, separated by commas (no https://)');
        }
    }
    return [...new Set(items)];
}

;// CONCATENATED MODULE: ./src/inputs/read.ts
/**
 * Every input is read and validated once, here, into a typed Inputs object; nothing else reads
 * INPUT_*. A bad value is one ConfigurationError naming the input, the value and what is accepted.
 * The settings later stages consume (GitHubSettings, ToolSettings) are defined in this folder, so
 * reading the inputs never depends on a later stage.
 */










const COMMENT_MODES = ['update', 'recreate', 'off'];
/** Severities fail-on accepts: UNKNOWN is not a threshold anyone means. */
const FAIL_ON = severity/* SEVERITIES */.oC.filter(s => s !== 'UNKNOWN');
/** fail-on: a severity, or empty to let the policy decide. */
function severityInput(name, raw) {
    const value = raw.trim().toUpperCase();
    if (value === '')
        return undefined;
    if (FAIL_ON.includes(value))
        return value;
    throw (0,errors/* badInput */.AN)(name, raw, `expected one of ${FAIL_ON.join(', ')} (or empty to let the policy decide)`);
}
/** The sarif-category prefix: GitHub treats the text up to the last '/' of an id as the category. */
function categoryPrefix(raw) {
    const value = trimCategory(raw.trim());
    if (value === '')
        return 'container-gate';
    if (!/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(value)) {
        throw (0,errors/* badInput */.AN)('sarif-category', raw, 'expected letters, digits, ".", "_", "-" and "/" (for example container-gate or security/containers)');
    }
    return value;
}
/** Image references: one per line; whitespace inside a reference or a leading '-' is refused. */
function imageRefs(refs) {
    for (const ref of refs) {
        if (/\s/.test(ref) || ref.startsWith('-')) {
            throw (0,errors/* badInput */.AN)('image', ref, 'expected an image reference such as ghcr.io/owner/app:1.2 or app@sha256:<digest>');
        }
    }
    return refs;
}
/** `platforms`: comma- or newline-separated os/arch[/variant], normalized as buildx does. */
function platformsInput(raw) {
    const out = new Map();
    for (const value of (0,values/* list */.p_)(raw)) {
        const p = parsePlatform(value);
        if (!isPlatform(p))
            throw (0,errors/* badInput */.AN)('platforms', value, `${p.error}; expected platforms as docker/build-push-action takes them, os/arch or os/arch/variant separated by commas or newlines (for example linux/amd64,linux/arm64,linux/arm/v7)`);
        out.set(formatPlatform(p), p);
    }
    return [...out.values()];
}
/** `build-args`: one NAME=value per line, as docker/build-push-action passes them to --build-arg. */
function buildArgsInput(raw) {
    const args = new Map();
    for (const line of (0,values/* lines */.Mn)('build-args', raw, { allowEmptyLines: true })) {
        const eq = line.indexOf('=');
        const name = eq < 0 ? '' : line.slice(0, eq);
        if (name === '' || /\s/.test(name))
            throw (0,errors/* badInput */.AN)('build-args', line, 'expected one NAME=value per line (NAME an ARG of the Dockerfile, the value taken literally), as docker/build-push-action takes build-args');
        args.set(name, line.slice(eq + 1)); // a later line for the same name wins, as with --build-arg
    }
    return args;
}
/** One image however it is written: registry, `library/` and `:latest` filled in as Docker does;
 * with a digest, the digest alone says which image it is. */
function imageKey(ref) {
    const parsed = (0,image_ref/* parseImageRef */.Q)(ref);
    if (!(0,image_ref/* isImageRef */.rK)(parsed))
        return ref;
    return parsed.digest ? `${parsed.registry}/${parsed.repository}@${parsed.digest}` : parsed.normalized;
}
/** One path however it is written: `./a/`, `a` and `a/b/..` are the same relative path. */
function pathKey(path) {
    const normalized = external_node_path_.posix.normalize(path.replaceAll('\\', '/'));
    return normalized === '/' ? normalized : normalized.replace(/\/+$/, '') || '.';
}
/** Where the results go on GitHub: code scanning, the artifact, the comment, the fleet's leg. */
function readGitHubInputs(get) {
    return {
        uploadSarif: (0,values/* booleanInput */.tE)('upload-sarif', get('upload-sarif'), true),
        uploadArtifact: (0,values/* booleanInput */.tE)('upload-artifact', get('upload-artifact'), true),
        sarifCategory: categoryPrefix(get('sarif-category')),
        waitForProcessing: (0,values/* booleanInput */.tE)('wait-for-processing', get('wait-for-processing'), true),
        // A fleet leg (leg-name set) leaves the pull-request comment to the aggregate unless told otherwise.
        comment: (0,values/* choiceInput */.ij)('comment', get('comment'), COMMENT_MODES, get('leg-name').trim() ? 'off' : 'update'),
        commentKey: get('comment-key').trim(),
        matrix: get('matrix'),
        legName: get('leg-name').trim()
    };
}
function readInputs(get) {
    const notes = [];
    const image = { same: 'image', done: 'scanned' };
    const path = { same: 'path', done: 'scanned' };
    const dockerfile = (0,values/* optionalLines */.uc)('dockerfile', get('dockerfile'));
    const policy = get('policy').trim();
    const tools = parseToolInputs(Object.fromEntries(TOOL_INPUT_NAMES.map(name => [name, get(name)])));
    const mode = (0,values/* choiceInput */.ij)('mode', get('mode'), ['gate', 'monitor'], 'gate');
    const imageLines = pairedLines('image', (0,values/* lines */.Mn)('image', get('image')));
    const inputLines = pairedLines('image-input', (0,values/* lines */.Mn)('image-input', get('image-input')));
    const images = (0,values/* withoutRepeats */.jP)('image', imageRefs(imageLines.map(l => l.target)), imageKey, image, notes);
    const imageInputs = (0,values/* withoutRepeats */.jP)('image-input', inputLines.map(l => l.target), pathKey, path, notes);
    return {
        images,
        imageInputs,
        dockerfileFor: {
            ...dockerfilePairings('image', imageLines, images, imageKey),
            ...dockerfilePairings('image-input', inputLines, imageInputs, pathKey)
        },
        dockerfiles: dockerfile,
        hadolint: (0,values/* booleanInput */.tE)('hadolint', get('hadolint'), true),
        platforms: platformsInput(get('platforms')),
        buildArgs: buildArgsInput(get('build-args')),
        configPaths: (0,values/* withoutRepeats */.jP)('config-path', (0,values/* list */.p_)(get('config-path')), pathKey, path, notes),
        manifests: (0,values/* optionalLines */.uc)('manifests', get('manifests')),
        gatekeeperPolicies: (0,values/* optionalLines */.uc)('gatekeeper-policies', get('gatekeeper-policies')),
        reports: (0,values/* lines */.Mn)('report', get('report')),
        failOn: severityInput('fail-on', get('fail-on')),
        ignoreUnfixed: (0,values/* optionalBoolean */.Jz)('ignore-unfixed', get('ignore-unfixed')),
        mode,
        fail: (0,values/* booleanInput */.tE)('fail', get('fail'), true),
        summary: (0,values/* booleanInput */.tE)('summary', get('summary'), true),
        githubToken: get('github-token'),
        github: readGitHubInputs(get),
        policyPath: policy === '' ? undefined : policy,
        tools: tools.settings,
        signing: readSigningInputs(get, mode),
        warnings: tools.warnings,
        notes
    };
}

// EXTERNAL MODULE: ./src/policy/defaults.ts
var defaults = __webpack_require__(66794);
// EXTERNAL MODULE: ./src/policy/evaluate.ts + 1 modules
var evaluate = __webpack_require__(9997);
// EXTERNAL MODULE: ./src/checks/admission/quantity.ts
var quantity = __webpack_require__(19918);
// EXTERNAL MODULE: ./src/policy/days.ts
var days = __webpack_require__(89079);
;// CONCATENATED MODULE: ./src/checks/signatures/keys.ts
/**
 * Key references as cosign reads them (`--key`): a PEM file, an environment variable (`env://NAME`)
 * or a key held by a KMS (`awskms://`, `gcpkms://`, `azurekms://`, `hashivault://`, `k8s://`). A
 * file is checked and copied before cosign reads it; a reference is passed as written, and cosign
 * gets, for that call only, the variables its provider reads to reach the key, and nothing else
 * of the runner's environment beyond the scrubbed one. Pure.
 */
/** The variables each KMS provider reads for its credentials (their SDKs' documented names). */
const KMS_CREDENTIALS = {
    awskms: [
        'AWS_ACCESS_KEY_ID',
        'AWS_SECRET_ACCESS_KEY',
        'AWS_SESSION_TOKEN',
        'AWS_REGION',
        'AWS_DEFAULT_REGION',
        'AWS_PROFILE',
        'AWS_CONFIG_FILE',
        'AWS_SHARED_CREDENTIALS_FILE',
        'AWS_ROLE_ARN',
        'AWS_ROLE_SESSION_NAME',
        'AWS_WEB_IDENTITY_TOKEN_FILE',
        'AWS_CA_BUNDLE',
        'AWS_ENDPOINT_URL'
    ],
    gcpkms: [
        'GOOGLE_APPLICATION_CREDENTIALS',
        'GOOGLE_CLOUD_PROJECT',
        'CLOUDSDK_CONFIG',
        'CLOUDSDK_CORE_PROJECT'
    ],
    azurekms: [
        'AZURE_TENANT_ID',
        'AZURE_CLIENT_ID',
        'AZURE_CLIENT_SECRET',
        'AZURE_CLIENT_CERTIFICATE_PATH',
        'AZURE_FEDERATED_TOKEN_FILE',
        'AZURE_AUTHORITY_HOST',
        'AZURE_ENVIRONMENT'
    ],
    hashivault: ['VAULT_ADDR', 'VAULT_TOKEN', 'VAULT_NAMESPACE', 'VAULT_CACERT', 'TRANSIT_SECRET_ENGINE_PATH'],
    k8s: ['KUBECONFIG']
};
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** What a key written in a rule or an input is, or why cosign cannot be given it. */
function keyReference(key) {
    const scheme = /^([a-z0-9]+):\/\//.exec(key)?.[1];
    if (scheme === undefined) {
        if (/^[a-z0-9]+:/.test(key) && !/^[a-zA-Z]:[\\/]/.test(key))
            return {
                error: `'${key.split(':')[0]}:' references are not supported; give a key file, env://NAME or a KMS reference`
            };
        return { kind: 'file', path: key };
    }
    if (scheme === 'env') {
        const variable = key.slice('env://'.length);
        return ENV_NAME.test(variable)
            ? { kind: 'env', variable }
            : { error: `env://${variable} does not name an environment variable` };
    }
    if (KMS_CREDENTIALS[scheme])
        return { kind: 'kms', scheme };
    if (scheme === 'http' || scheme === 'https')
        return {
            error: 'a key fetched from a URL at run time is only as trustworthy as that server: commit the public key to the repository and give its path'
        };
    return {
        error: `'${scheme}://' keys are not supported; give a key file, env://NAME or one of ${Object.keys(KMS_CREDENTIALS)
            .map(s => `${s}://`)
            .join(', ')}`
    };
}
/** The variables cosign needs for this key, taken from the runner's environment (set ones only). */
function keyEnvironment(reference, environment) {
    const names = reference.kind === 'env'
        ? [reference.variable]
        : reference.kind === 'kms'
            ? (KMS_CREDENTIALS[reference.scheme] ?? [])
            : [];
    const out = {};
    for (const name of names) {
        const value = environment[name];
        if (value !== undefined)
            out[name] = value;
    }
    return out;
}
/** The PEM block types of keys, as cosign loads them. */
const PUBLIC_KEY = /^-----BEGIN (PUBLIC KEY|RSA PUBLIC KEY)-----$/m;
const PRIVATE_KEY = /^-----BEGIN (ENCRYPTED SIGSTORE PRIVATE KEY|ENCRYPTED COSIGN PRIVATE KEY)-----$/m;
const ANY_PEM = /^-----BEGIN ([A-Z0-9 ]+)-----$/m;
/** Whether a key file holds what its use needs: a public key to verify, cosign's private key to sign. */
function keyFileProblem(text, use) {
    const found = ANY_PEM.exec(text)?.[1];
    if (use === 'verify') {
        if (PUBLIC_KEY.test(text))
            return undefined;
        if (found && /PRIVATE KEY/.test(found))
            return 'it is a private key; verifying takes the public key (cosign.pub, from cosign public-key)';
        return `it is not a PEM public key (${found ? `it holds ${found}` : 'no -----BEGIN PUBLIC KEY----- block'})`;
    }
    if (PRIVATE_KEY.test(text))
        return undefined;
    if (found && /PUBLIC KEY/.test(found))
        return 'it is a public key; signing takes the private key (cosign.key)';
    return `it is not a cosign private key (${found ? `it holds ${found}; cosign import-key-pair converts other keys` : 'no -----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY----- block'})`;
}

;// CONCATENATED MODULE: ./src/policy/yaml-source.ts
/**
 * Reading YAML the user wrote, with line numbers: every error names the file and line, and a
 * misspelt key gets a suggestion instead of being silently ignored.
 */


/** Edit distance (insertions, deletions, substitutions), for "did you mean" suggestions. */
function levenshtein(a, b) {
    let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        const row = [i];
        for (let j = 1; j <= b.length; j++) {
            row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        prev = row;
    }
    return prev[b.length];
}
/** The closest candidate within a third of the word's length (at least 2 edits), if any. */
function suggest(word, candidates) {
    const w = word.toLowerCase();
    let best;
    let bestDistance = Math.max(2, Math.floor(w.length / 3)) + 1;
    for (const c of candidates) {
        const d = levenshtein(w, c.toLowerCase());
        if (d < bestDistance)
            [best, bestDistance] = [c, d];
    }
    return best;
}
/** A YAML text being read: knows its file name and turns offsets into line numbers. */
class YamlSource {
    file;
    text;
    lines = new dist/* LineCounter */.HN();
    constructor(file, text) {
        this.file = file;
        this.text = text;
    }
    line(node) {
        const offset = node?.range?.[0];
        return offset === undefined ? undefined : this.lines.linePos(offset).line;
    }
    where(node) {
        const line = this.line(node);
        return line === undefined ? this.file : `${this.file}:${line}`;
    }
    error(node, message) {
        return new errors/* ConfigurationError */.j1(`${this.where(node)}: ${message}`);
    }
    /** Parses one YAML document; syntax errors, duplicate keys and anchors/aliases are errors. */
    parse() {
        const doc = (0,dist/* parseDocument */.Tp)(this.text, {
            lineCounter: this.lines,
            prettyErrors: false,
            uniqueKeys: true,
            strict: true
        });
        const [first] = doc.errors;
        if (first) {
            const line = this.lines.linePos(first.pos[0]).line;
            const message = first.code === 'MULTIPLE_DOCS'
                ? 'it holds more than one YAML document (---)'
                : first.message.split('\n')[0];
            throw new errors/* ConfigurationError */.j1(`${this.file}:${line}: the file is not valid YAML: ${message}`);
        }
        return doc;
    }
    /** Rejects anchors and aliases anywhere below `node`: a policy has no use for them, and refusing
     * them rules out alias-expansion bombs in untrusted YAML. */
    noAliases(node) {
        if ((0,dist/* isAlias */.Vj)(node))
            throw this.error(node, 'YAML aliases (*name) are not supported here; write the value out');
        if ((0,dist/* isMap */.jh)(node) || (0,dist/* isSeq */.oP)(node)) {
            for (const item of node.items) {
                if ((0,dist/* isSeq */.oP)(node))
                    this.noAliases(item);
                else {
                    this.noAliases(item.key);
                    this.noAliases(item.value);
                }
            }
        }
    }
    /** The pairs of a mapping, keys unchecked. */
    pairs(node, what, accepted) {
        if (!(0,dist/* isMap */.jh)(node))
            throw this.error(node, `${what} must be a mapping${accepted ? ` with the keys ${accepted.join(', ')}` : ''}`);
        return node.items.map(pair => {
            const keyNode = pair.key;
            return { key: (0,dist/* isScalar */.jn)(keyNode) ? String(keyNode.value) : '', keyNode, value: pair.value };
        });
    }
    /** The pairs of a mapping, each key checked against `accepted` (case-sensitive). */
    entries(node, what, accepted) {
        const out = this.pairs(node, what, accepted);
        for (const { key, keyNode } of out) {
            if (!accepted.includes(key)) {
                const hint = suggest(key, accepted);
                throw this.error(keyNode, `unknown key '${key}' in ${what}.${hint ? ` Did you mean '${hint}'?` : ''} Accepted keys: ${accepted.join(', ')}.`);
            }
        }
        return out;
    }
    string(node, what) {
        if (!(0,dist/* isScalar */.jn)(node) || typeof node.value !== 'string' || node.value.trim() === '')
            throw this.error(node, `${what} must be a non-empty string`);
        return node.value.trim();
    }
    boolean(node, what) {
        if (!(0,dist/* isScalar */.jn)(node) || typeof node.value !== 'boolean')
            throw this.error(node, `${what} must be true or false, not ${describe(node)}`);
        return node.value;
    }
    sequence(node, what) {
        if ((0,dist/* isScalar */.jn)(node) && node.value === null)
            return [];
        if (!(0,dist/* isSeq */.oP)(node))
            throw this.error(node, `${what} must be a list`);
        return node.items;
    }
}
/** A short description of a node's value for error messages. */
function describe(node) {
    if ((0,dist/* isScalar */.jn)(node))
        return JSON.stringify(node.value) ?? String(node.value);
    if ((0,dist/* isMap */.jh)(node))
        return 'a mapping';
    if ((0,dist/* isSeq */.oP)(node))
        return 'a list';
    return 'nothing';
}

;// CONCATENATED MODULE: ./src/policy/signatures.ts





const RULE_KEYS = ['images', 'key', 'identity', 'identity-regexp', 'issuer', 'type'];
function patterns(src, node, what) {
    const items = src.sequence(node, `${what}.images`);
    if (items.length === 0)
        throw src.error(node, `${what}.images is empty: list the image patterns the rule covers`);
    return items.map(item => {
        const pattern = src.string(item, `${what}.images entry`);
        const compiled = (0,image_ref/* compileImagePattern */.b4)(pattern);
        if (!(0,image_ref/* isImagePattern */.sL)(compiled))
            throw src.error(item, `${what} pattern '${pattern}' can never match an image: ${compiled.error}`);
        return pattern;
    });
}
function regexpOf(src, node, what) {
    const text = src.string(node, `${what}.identity-regexp`);
    const problem = identityRegexpProblem(text);
    if (problem)
        throw src.error(node, `${what}.identity-regexp is not a pattern cosign can use: ${problem}`);
    return text;
}
function typeOf(src, node, what) {
    const name = src.string(node, `${what}.type`);
    const type = attestationType(name);
    if (type)
        return type;
    const hint = suggest(name, Object.keys(ATTESTATION_TYPES));
    throw src.error(node, `${what}.type is ${describe(node)}, an unknown attestation type.${hint ? ` Did you mean '${hint}'?` : ''} Accepted: ${Object.keys(ATTESTATION_TYPES).join(', ')}, or a predicate type URI.`);
}
function keyOf(src, node, what) {
    const key = src.string(node, `${what}.key`);
    const reference = keyReference(key);
    if ('error' in reference)
        throw src.error(node, `${what}.key '${key}': ${reference.error}`);
    return key;
}
/** Who must have signed: key, or identity / identity-regexp with issuer; never both kinds. */
function signerOf(src, item, what, values) {
    const text = (key) => (values.has(key) ? src.string(values.get(key), `${what}.${key}`) : undefined);
    const keyless = values.has('identity') || values.has('identity-regexp');
    if (values.has('key') && (keyless || values.has('issuer')))
        throw src.error(item, `${what} has key and keyless (identity, issuer) in the same rule; a rule names one signer: write two rules to require both`);
    if (values.has('key'))
        return { kind: 'key', key: keyOf(src, values.get('key'), what) };
    if (values.has('identity') && values.has('identity-regexp'))
        throw src.error(item, `${what} has both identity and identity-regexp; give one (cosign takes one)`);
    if (!keyless)
        throw src.error(item, `${what} names no signer: give key (a public key file or KMS reference), or identity (or identity-regexp) with issuer`);
    const issuer = text('issuer');
    if (!issuer)
        throw src.error(item, `${what} has an identity without an issuer: add issuer (for GitHub Actions workflows https://token.actions.githubusercontent.com)`);
    const identityRegexp = values.has('identity-regexp')
        ? regexpOf(src, values.get('identity-regexp'), what)
        : undefined;
    return {
        kind: 'identity',
        issuer,
        ...(identityRegexp ? { identityRegexp } : { identity: text('identity') })
    };
}
function parseRule(src, item, index) {
    const what = `signatures[${index}]`;
    const values = new Map();
    for (const { key, value } of src.entries(item, what, RULE_KEYS))
        values.set(key, value);
    if (!values.has('images'))
        throw src.error(item, `${what} needs images: the image patterns it covers (as in base-images.allow)`);
    const images = patterns(src, values.get('images'), what);
    const signer = signerOf(src, item, what, values);
    const attestation = values.has('type') ? typeOf(src, values.get('type'), what) : undefined;
    return {
        images,
        signer,
        ...(attestation ? { attestation } : {}),
        source: src.where(item),
        appliesTo: 'scanned-and-base'
    };
}
/** The rules of a `signatures:` section. */
function parseSignatureRules(src, node) {
    return src.sequence(node, 'signatures').map((item, i) => parseRule(src, item, i));
}

;// CONCATENATED MODULE: ./src/policy/load.ts
/**
 * The policy file (`.github/container-gate.yml` by default): parsed and validated into a Policy.
 * Everything not written in the file keeps its built-in default, so a file may hold one setting.
 */








/** Where the action looks for a policy when the `policy` input is empty. */
const DEFAULT_POLICY_PATH = '.github/container-gate.yml';
const TOP_KEYS = [
    'version',
    'ignore-unfixed',
    'tiers',
    'ignores',
    'base-images',
    'admission',
    'signatures',
    'monitor'
];
/** The policy file's name for each finding kind. */
const KIND_KEYS = {
    vulnerabilities: 'vuln',
    misconfigurations: 'misconfig',
    secrets: 'secret',
    lint: 'lint',
    coverage: 'coverage',
    signatures: 'signature'
};
const ACTIONS = ['block', 'warn', 'record', 'ignore'];
const IGNORE_KEYS = ['id', 'package', 'path', 'image', 'target', 'reason', 'expires'];
const BASE_IMAGE_KEYS = ['allow', 'require-digest'];
const ADMISSION_KEYS = [
    'deny-privileged',
    'require-limits',
    'require-read-only-root-filesystem',
    'require-network-policy',
    'exempt-images',
    'max-limits'
];
const LIMITS = ['cpu', 'memory'];
const GRACE = /^(\d{1,4})d$/;
function parseTier(src, node, what) {
    let actionNode = node;
    let afterNode;
    if ((0,dist/* isMap */.jh)(node)) {
        for (const { key, value } of src.entries(node, what, ['action', 'after'])) {
            if (key === 'action')
                actionNode = value;
            else
                afterNode = value;
        }
        if (actionNode === node)
            throw src.error(node, `${what} needs an action (${ACTIONS.join(', ')})`);
    }
    const word = (0,dist/* isScalar */.jn)(actionNode) && typeof actionNode.value === 'string'
        ? actionNode.value.trim().toLowerCase()
        : undefined;
    if (!word || !ACTIONS.includes(word)) {
        const hint = word ? suggest(word, ACTIONS) : undefined;
        throw src.error(actionNode, `${what} has the action ${describe(actionNode)}, which does not exist.${hint ? ` Did you mean '${hint}'?` : ''} Accepted: ${ACTIONS.join(', ')}, or { action: block, after: 30d }.`);
    }
    const action = word;
    if (afterNode === undefined)
        return { action };
    if (action !== 'block')
        throw src.error(afterNode, `${what}: 'after' only applies to the action block, not ${action}`);
    const text = (0,dist/* isScalar */.jn)(afterNode) ? String(afterNode.value).trim() : '';
    const m = GRACE.exec(text);
    if (!m)
        throw src.error(afterNode, `${what}.after is ${describe(afterNode)}; write a number of days such as 30d (0d to 9999d)`);
    const days = Number(m[1]);
    return days > 0 ? { action, afterDays: days } : { action };
}
function parseTiers(src, node, policy) {
    for (const { key, value } of src.entries(node, 'tiers', Object.keys(KIND_KEYS))) {
        const kind = KIND_KEYS[key];
        if (!(0,dist/* isMap */.jh)(value))
            throw src.error(value, `tiers.${key} must map severities (${severity/* SEVERITIES */.oC.join(', ')}) to actions`);
        for (const pair of value.items) {
            const keyNode = pair.key;
            const word = (0,dist/* isScalar */.jn)(keyNode) ? String(keyNode.value).toUpperCase() : '';
            if (!severity/* SEVERITIES */.oC.includes(word)) {
                const hint = suggest(word, severity/* SEVERITIES */.oC);
                throw src.error(keyNode, `tiers.${key} has the severity ${describe(keyNode)}, which does not exist.${hint ? ` Did you mean '${hint}'?` : ''} Accepted: ${severity/* SEVERITIES */.oC.join(', ')}.`);
            }
            policy.tiers[kind][word] = parseTier(src, pair.value, `tiers.${key}.${word}`);
        }
    }
}
function parseIgnore(src, node, index) {
    const what = `ignores[${index}]`;
    const rule = { source: src.where(node) };
    for (const { key, value } of src.entries(node, what, IGNORE_KEYS)) {
        const text = src.string(value, `${what}.${key}`);
        if (key === 'expires' && !(0,days/* isIsoDate */.s6)(text))
            throw src.error(value, `${what}.expires is ${describe(value)}; write a date as YYYY-MM-DD`);
        Object.assign(rule, { [key]: text });
    }
    if (!rule.id)
        throw src.error(node, `${what} needs an id (CVE-…, GHSA-…, DS-0002, DL3008, CG-…)`);
    if (!rule.reason)
        throw src.error(node, `${what} (${rule.id}) needs a reason: say why it is safe to ignore`);
    return rule;
}
function parseAdmission(src, node, admission) {
    for (const { key, value } of src.entries(node, 'admission', ADMISSION_KEYS)) {
        if (key === 'deny-privileged')
            admission.denyPrivileged = src.boolean(value, `admission.${key}`);
        else if (key === 'require-read-only-root-filesystem')
            admission.requireReadOnlyRootFilesystem = src.boolean(value, `admission.${key}`);
        else if (key === 'require-network-policy')
            admission.requireNetworkPolicy = src.boolean(value, `admission.${key}`);
        else if (key === 'exempt-images')
            admission.exemptImages = src
                .sequence(value, `admission.${key}`)
                .map(item => src.string(item, `admission.${key} entry`));
        else if (key === 'max-limits') {
            const max = {};
            for (const e of src.entries(value, `admission.${key}`, LIMITS)) {
                const text = (0,dist/* isScalar */.jn)(e.value) && e.value.value !== null ? String(e.value.value).trim() : '';
                const resource = e.key;
                if ((0,quantity/* quantityFromText */.rk)(text) === undefined)
                    throw src.error(e.value, `admission.max-limits.${resource} is ${describe(e.value)}, not a Kubernetes quantity (${resource === 'cpu' ? '2, 0.5 or 500m' : '512Mi, 1Gi or 1G'})`);
                max[resource] = text;
            }
            admission.maxLimits = max;
        }
        else {
            const limits = new Set();
            for (const item of src.sequence(value, `admission.${key}`)) {
                const word = (0,dist/* isScalar */.jn)(item) ? String(item.value) : '';
                if (!LIMITS.includes(word))
                    throw src.error(item, `admission.${key} accepts cpu and memory, not ${describe(item)}`);
                limits.add(word);
            }
            admission.requireLimits = LIMITS.filter(l => limits.has(l));
        }
    }
}
/**
 * Parses and validates a policy file. `file` is the path used in messages (repository-relative).
 * Throws ConfigurationError, naming file and line, for anything it cannot accept; never anything else.
 */
function parsePolicy(text, file) {
    const src = new YamlSource(file, text);
    const doc = src.parse();
    const policy = (0,defaults/* defaultPolicy */.G4)();
    policy.source = file;
    const root = doc.contents;
    if (root === null || ((0,dist/* isScalar */.jn)(root) && root.value === null))
        return policy;
    src.noAliases(root);
    for (const { key, value } of src.entries(root, 'the policy file', TOP_KEYS)) {
        switch (key) {
            case 'version':
                if (!(0,dist/* isScalar */.jn)(value) || value.value !== 1)
                    throw src.error(value, `version must be 1, not ${describe(value)}`);
                break;
            case 'ignore-unfixed':
                policy.ignoreUnfixed = src.boolean(value, key);
                break;
            case 'tiers':
                parseTiers(src, value, policy);
                break;
            case 'ignores':
                policy.ignores = src.sequence(value, key).map((item, i) => parseIgnore(src, item, i));
                break;
            case 'base-images':
                for (const entry of src.entries(value, 'base-images', BASE_IMAGE_KEYS)) {
                    if (entry.key === 'require-digest')
                        policy.baseImages.requireDigest = src.boolean(entry.value, 'base-images.require-digest');
                    else
                        policy.baseImages.allow = src.sequence(entry.value, 'base-images.allow').map(item => {
                            const pattern = src.string(item, 'base-images.allow entry');
                            const compiled = (0,image_ref/* compileImagePattern */.b4)(pattern);
                            if (!(0,image_ref/* isImagePattern */.sL)(compiled))
                                throw src.error(item, `base-images.allow pattern '${pattern}' can never match an image: ${compiled.error}`);
                            return pattern;
                        });
                }
                break;
            case 'admission':
                parseAdmission(src, value, policy.admission);
                break;
            case 'signatures':
                policy.signatures = parseSignatureRules(src, value);
                break;
            case 'monitor':
                for (const entry of src.entries(value, 'monitor', ['fail-on-rebuild']))
                    policy.monitor.failOnRebuild = src.boolean(entry.value, 'monitor.fail-on-rebuild');
                break;
        }
    }
    return policy;
}

;// CONCATENATED MODULE: ./src/policy/trivyignore.ts
/**
 * Trivy's own ignore files, read into the same IgnoreRules as the policy file's `ignores`, so they
 * apply the same way to scanned and to imported reports (an imported report was filtered by whatever
 * ignore file its producer had, or by none).
 *
 * Expiry: an entry applies through its expiry day (UTC), like the policy file's `expires`. Trivy
 * itself drops an entry from the first second of that day, so for that one day container-gate still
 * shows the finding as ignored where a bare Trivy run would report it.
 */




/** The ignore files Trivy reads from the directory it runs in, in the order it looks for them. */
const TRIVY_IGNORE_FILES = ['.trivyignore.yaml', '.trivyignore.yml', '.trivyignore'];
/**
 * `.trivyignore`: one ID per line, optionally followed by `exp:YYYY-MM-DD`; `#` starts a comment
 * line. Trivy applies each ID to every kind of finding, and so does this.
 */
function parseTrivyIgnore(text, file) {
    const rules = [];
    text.split(/\r?\n/).forEach((raw, index) => {
        const line = raw.trim();
        if (!line || line.startsWith('#'))
            return;
        const [id, ...rest] = line.split(/\s+/);
        const exp = rest.find(f => f.startsWith('exp:'))?.slice(4);
        if (exp !== undefined && !(0,days/* isIsoDate */.s6)(exp))
            throw new errors/* ConfigurationError */.j1(`${file}:${index + 1}: the expiry '${exp}' of ${id} is not a date; write exp:YYYY-MM-DD`);
        rules.push({
            id: id,
            reason: `listed in ${file}`,
            source: `${file}:${index + 1}`,
            ...(exp ? { expires: exp } : {})
        });
    });
    return rules;
}
const SECTIONS = {
    vulnerabilities: 'vuln',
    misconfigurations: 'misconfig',
    secrets: 'secret',
    // container-gate has no license findings; entries are read (and validated) but match nothing.
    licenses: null
};
const ENTRY_KEYS = ['id', 'paths', 'purls', 'expired_at', 'statement'];
/** Keys Trivy does not know are ignored, as Trivy does, unless they look like a misspelt known key —
 * then the entry would silently not do what its author meant, which is worth an error. */
function checkKey(src, keyNode, key, known, where) {
    if (known.includes(key))
        return true;
    const hint = suggest(key, known);
    if (hint)
        throw src.error(keyNode, `unknown key '${key}' in ${where}. Did you mean '${hint}'? Accepted keys: ${known.join(', ')}.`);
    return false;
}
function expiry(src, node, where) {
    const text = (0,dist/* isScalar */.jn)(node)
        ? String(node.value instanceof Date ? node.value.toISOString() : node.value).trim()
        : '';
    // Trivy accepts a date or a full timestamp; the policy works in whole days.
    const day = text.slice(0, 10);
    if (!(0,days/* isIsoDate */.s6)(day) || (text.length > 10 && Number.isNaN(Date.parse(text))))
        throw src.error(node, `${where}.expired_at is ${describe(node)}; write a date as YYYY-MM-DD`);
    return day;
}
function strings(src, node, where) {
    return src.sequence(node, where).map(item => src.string(item, `${where} entry`));
}
/**
 * `.trivyignore.yaml`: lists `vulnerabilities`, `misconfigurations`, `secrets` (and `licenses`) of
 * entries with `id`, optional `paths` (globs), `purls`, `expired_at` and `statement`. An entry with
 * several paths or purls becomes one rule per combination; the statement becomes the reason.
 */
function parseTrivyIgnoreYaml(text, file) {
    const src = new YamlSource(file, text);
    const doc = src.parse();
    const root = doc.contents;
    if (root === null || ((0,dist/* isScalar */.jn)(root) && root.value === null))
        return [];
    src.noAliases(root);
    const rules = [];
    for (const { key, keyNode, value } of src.pairs(root, file, Object.keys(SECTIONS))) {
        if (!checkKey(src, keyNode, key, Object.keys(SECTIONS), file))
            continue;
        const kind = SECTIONS[key] ?? null;
        src.sequence(value, key).forEach((entry, i) => {
            const where = `${key}[${i}]`;
            let id;
            let paths = [];
            let purls = [];
            let expires;
            let statement;
            for (const e of src.pairs(entry, where, ENTRY_KEYS)) {
                if (!checkKey(src, e.keyNode, e.key, ENTRY_KEYS, where))
                    continue;
                if (e.key === 'id')
                    id = src.string(e.value, `${where}.id`);
                else if (e.key === 'paths')
                    paths = strings(src, e.value, `${where}.paths`);
                else if (e.key === 'purls')
                    purls = strings(src, e.value, `${where}.purls`);
                else if (e.key === 'expired_at')
                    expires = expiry(src, e.value, where);
                else if ((0,dist/* isScalar */.jn)(e.value) && e.value.value !== null)
                    statement = String(e.value.value).trim() || undefined;
            }
            if (!id)
                throw src.error(entry, `${where} needs an id`);
            if (kind === null)
                return;
            const base = {
                id,
                reason: statement ?? `listed in ${file}`,
                source: src.where(entry),
                kinds: [kind],
                ...(expires ? { expires } : {})
            };
            for (const path of paths.length ? paths : [undefined])
                for (const purl of purls.length ? purls : [undefined])
                    rules.push({
                        ...base,
                        ...(path !== undefined ? { path } : {}),
                        ...(purl !== undefined ? { purl } : {})
                    });
        });
    }
    return rules;
}

;// CONCATENATED MODULE: ./src/policy/read.ts
/**
 * The only part of the policy that touches the file system: find and read the policy file and
 * Trivy's ignore files in the workspace, then hand the text to the pure parsers.
 */






/**
 * Reads a repository configuration file, or undefined when it does not exist. Anything else that
 * stops the read (a link out of the workspace, a directory or device, over 1 MiB) is an error naming
 * `label`: these files decide what blocks, so they are never skipped silently.
 */
function readOptional(file, workspace, label) {
    const result = (0,safe_read/* readFileSafely */.fJ)(file, { workspace, maxBytes: safe_read/* READ_LIMITS */.Cl.config, scope: 'given-path' });
    if (result.ok)
        return result.text;
    if (result.problem === 'missing')
        return undefined;
    throw (0,safe_read/* refusedRead */.DC)(label, result, '');
}
/** The path shown in messages: relative to the workspace when the file is inside it. */
function display(file, workspace) {
    const rel = external_node_path_default().relative(workspace, file);
    return rel && !rel.startsWith('..') && !external_node_path_default().isAbsolute(rel) ? rel.split((external_node_path_default()).sep).join('/') : file;
}
/** Trivy's ignore files at the workspace root (`.trivyignore.yaml`, `.trivyignore.yml`, `.trivyignore`). */
async function readTrivyIgnores(workspace) {
    const rules = [];
    for (const name of TRIVY_IGNORE_FILES) {
        const text = readOptional(name, workspace, name);
        if (text === undefined)
            continue;
        rules.push(...(name === '.trivyignore' ? parseTrivyIgnore(text, name) : parseTrivyIgnoreYaml(text, name)));
    }
    return rules;
}
/**
 * The policy in force: the file named by the `policy` input (relative to the workspace; an error when
 * it is missing), else `.github/container-gate.yml` when present, else the built-in defaults — plus
 * the entries of Trivy's ignore files in the workspace, after the policy file's own ignores.
 */
async function readPolicy(policyInput, workspace) {
    const explicit = policyInput?.trim() ? policyInput.trim() : undefined;
    const file = external_node_path_default().resolve(workspace, explicit ?? DEFAULT_POLICY_PATH);
    const label = explicit ? `Input 'policy': ${JSON.stringify(explicit)}` : DEFAULT_POLICY_PATH;
    const text = readOptional(explicit ?? DEFAULT_POLICY_PATH, workspace, label);
    if (text === undefined && explicit)
        throw new errors/* ConfigurationError */.j1(`Input 'policy' names ${JSON.stringify(explicit)}, which does not exist; give a policy file path relative to the repository, or leave it empty to use ${DEFAULT_POLICY_PATH} or the built-in defaults.`);
    const policy = text === undefined ? (0,defaults/* defaultPolicy */.G4)() : parsePolicy(text, display(file, workspace));
    policy.ignores = [...policy.ignores, ...(await readTrivyIgnores(workspace))];
    return policy;
}

// EXTERNAL MODULE: ./src/report/headline.ts
var headline = __webpack_require__(14512);
;// CONCATENATED MODULE: ./src/report/log-verdict.ts
/**
 * The verdict block: the last thing the step prints, plain text for the raw log and the terminal
 * (`npm run demo`). The headline, the counts, what blocks and what warns (one aligned line each,
 * the first ones only), and where every result went. Pure: lines out, which the caller prints
 * through the log boundary (every value in them can come from outside).
 */


/** Findings listed one per line before "… and N more". */
const LISTED = 15;
/** Where a finding is, in a few words: "examples/k8s/deployment.yaml:19", "libidn2-0 in debian-vuln:1". */
function placeText(d) {
    const f = d.finding;
    if (f.file)
        return (0,headline/* shortenPath */.nf)(f.startLine ? `${f.file}:${f.startLine}` : f.file);
    const image = (0,headline/* shortImage */.Uq)(f.image ?? f.subject);
    return f.package ? `${f.package.name} in ${image}` : image;
}
/** The last column: what to do about it (a fix), or when it blocks. */
function noteText(d) {
    const fixed = d.finding.package?.fixedVersion;
    if (d.action === 'warn')
        return d.deadline ? `blocks on ${d.deadline.blocksOn}` : 'no deadline — warns only';
    return fixed ? `fixed in ${fixed}` : d.rule;
}
function rowOf(d) {
    return [d.finding.severity, d.finding.ruleId, placeText(d), noteText(d)];
}
const log_verdict_length = (text) => Array.from(text).length;
/** Column widths over every row of both lists, so the blocking and warning lines align. */
function widths(rows) {
    return [0, 1, 2].map(c => Math.min(44, Math.max(0, ...rows.map(r => log_verdict_length(r[c])))));
}
function findingLines(title, list, columns) {
    if (list.length === 0)
        return [];
    const pad = (text, c) => text + ' '.repeat(Math.max(0, columns[c] - log_verdict_length(text)));
    const lines = list
        .slice(0, LISTED)
        .map(rowOf)
        .map(r => `  ${pad(r[0], 0)}  ${pad(r[1], 1)}  ${pad(r[2], 2)}  ${r[3]}`.trimEnd());
    if (list.length > LISTED)
        lines.push(`  … and ${list.length - LISTED} more (the job summary and the JSON report list them all)`);
    return [`${title} (${list.length}):`, ...lines];
}
function countsLine(verdict) {
    const counts = severity/* SEVERITIES */.oC.map(s => `${verdict.counts[s]} ${s}`).join(', ');
    const suppressed = verdict.decisions.filter(d => d.suppressedBy).length;
    const byTier = verdict.decisions.filter(d => d.action === 'ignore' && !d.suppressedBy).length;
    const recorded = verdict.decisions.filter(d => d.action === 'record').length;
    const aside = [
        `${recorded} recorded`,
        ...(byTier > 0 ? [`${byTier} ignored by tier`] : []),
        ...(suppressed > 0 ? [`${suppressed} ignored explicitly`] : []),
        ...(verdict.expiredIgnores.length === 1 ? ['1 expired ignore'] : []),
        ...(verdict.expiredIgnores.length > 1 ? [`${verdict.expiredIgnores.length} expired ignores`] : [])
    ];
    return `Findings: ${counts} (${aside.join(', ')})`;
}
function destinationLines(to) {
    const row = (label, text) => `  ${label.padEnd(12)} ${text}`;
    const sarifNote = to.sarifIds.length > 0
        ? `uploaded to code scanning, ${to.sarifIds.length} analyses`
        : `not uploaded to code scanning${to.sarifSkipped ? `: ${to.sarifSkipped}` : ''}`;
    return [
        'Where the results went:',
        row('SARIF', `${to.sarifFile} (${sarifNote})`),
        row('JSON report', to.reportFile),
        row('Artifact', to.artifactUrl ?? `not uploaded: ${to.artifactSkipped ?? 'unknown reason'}`),
        row('Job summary', to.summarySkipped ? `not written: ${to.summarySkipped}` : 'written'),
        row('PR comment', to.commentUrl ?? `none: ${to.commentSkipped ?? 'unknown reason'}`)
    ];
}
/** The verdict block, line by line. */
function verdictLines(verdict, to) {
    const listed = [...verdict.blocking.slice(0, LISTED), ...verdict.warnings.slice(0, LISTED)];
    const columns = widths(listed.map(rowOf));
    return [
        `=== container-gate: ${verdict.outcome} ===`,
        (0,headline/* headline */.Pl)(verdict),
        countsLine(verdict),
        ...findingLines('Blocking', verdict.blocking, columns),
        ...findingLines('Warnings', verdict.warnings, columns),
        ...destinationLines(to)
    ];
}

;// CONCATENATED MODULE: ./src/findings/intern.ts
function intern_textInterner() {
    const known = new Map();
    return (text) => {
        if (text === undefined)
            return text;
        const shared = known.get(text);
        if (shared !== undefined)
            return shared;
        known.set(text, text);
        return text;
    };
}

;// CONCATENATED MODULE: ./src/scanners/hadolint.ts
/**
 * hadolint: argv builder and the parser of `--format json` output (hadolint 2.12–2.15 print the
 * same shape: an array of {code, column, file, level, line, message}). Both pure.
 */



/** `hadolint --format json` over repository-relative Dockerfile paths (run with cwd = workspace). */
function hadolintArgs(dockerfiles) {
    // --no-fail: the exit code would only repeat the findings; the policy decides. `--` keeps a file
    // named like a flag from being read as one.
    return ['--format', 'json', '--no-fail', '--', ...dockerfiles];
}
/** hadolint's levels mapped onto the severity scale the policy speaks. */
const hadolint_LEVEL_SEVERITY = {
    error: 'HIGH',
    warning: 'MEDIUM',
    info: 'LOW',
    style: 'LOW'
};
function ruleUrl(code) {
    if (/^DL\d+$/.test(code))
        return `https://github.com/hadolint/hadolint/wiki/${code}`;
    if (/^SC\d+$/.test(code))
        return `https://www.shellcheck.net/wiki/${code}`;
    return undefined;
}
function isHadolintReport(value) {
    return (Array.isArray(value) &&
        value.every(v => (0,json_input/* isObject */.Gv)(v) && typeof v.code === 'string' && typeof v.level === 'string'));
}
/** Parses hadolint's JSON array into lint Findings, one per reported line. */
function parseHadolintReport(text, file, ctx) {
    return hadolintFindings((0,json_input/* parseJson */.qF)(text, file), file, ctx);
}
/** The Findings of an already-parsed hadolint report. */
function hadolintFindings(report, file, ctx) {
    if (!isHadolintReport(report)) {
        throw new errors/* ToolError */.v4(`${file} is not a hadolint JSON report: expected an array of {code, level, line, message}.`);
    }
    return report.filter(json_input/* isObject */.Gv).map(entry => {
        const code = (0,json_input/* str */.gx)(entry, 'code');
        const level = (0,json_input/* str */.gx)(entry, 'level');
        const path = (0,json_input/* str */.gx)(entry, 'file') ?? ctx.subject;
        const joined = external_node_path_.posix.normalize(external_node_path_.posix.join(ctx.fileBase, path.replaceAll('\\', '/')));
        const start = (0,json_input/* line */.n8)((0,json_input/* num */.bu)(entry, 'line'));
        const message = (0,json_input/* str */.gx)(entry, 'message') ?? code;
        const repoFile = joined.startsWith('../') || external_node_path_.posix.isAbsolute(joined) ? undefined : joined;
        return {
            tool: 'hadolint',
            kind: 'lint',
            ruleId: code,
            aliases: [],
            severity: hadolint_LEVEL_SEVERITY[level] ?? 'UNKNOWN',
            title: message,
            description: `hadolint ${level}: ${message}`,
            message,
            primaryUrl: ruleUrl(code),
            status: level,
            target: path,
            // One SARIF run per Dockerfile: each file is its own subject.
            subject: repoFile ?? ctx.subject,
            file: repoFile,
            startLine: start,
            endLine: start
        };
    });
}

;// CONCATENATED MODULE: ./src/scanners/json-stream.ts
/**
 * Reads a JSON document in chunks and keeps only the parts a shape asks for, so a report of hundreds
 * of MiB never exists as one string or one object tree: an imported Trivy report of 50,000 findings
 * is 195 MiB of JSON, most of it advisory texts repeated per package, and `JSON.parse` of the whole
 * text holds the text and its tree at once (~1 GiB at 60,000 findings).
 *
 * The containers a shape descends into are walked here, byte by byte; every other value (a
 * vulnerability, a key, a string, a number) is cut out of the bytes whole and given to `JSON.parse`,
 * so the text is checked exactly as `JSON.parse` of the document would check it: a syntax error or a
 * truncation anywhere, kept or not, is an error naming the file. Keys the shape does not name are
 * parsed and dropped (arrays element by element, so the memory held is one element's). Duplicate
 * keys keep the last value, as `JSON.parse` does. Pure: the bytes come from the caller.
 */

const json_stream_KEEP = { kind: 'keep' };
const DROP = { kind: 'drop' };
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const json_stream_isSpace = (b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
/** Where a number, true, false or null ends. */
const endsScalar = (b) => b === 0x2c || b === 0x7d || b === 0x5d || json_stream_isSpace(b);
class JsonStreamReader {
    label;
    rootShape;
    buf = Buffer.alloc(0);
    /** The absolute offset of buf[0], for messages. */
    base = 0;
    pos = 0;
    stack = [];
    cut;
    started = false;
    done = false;
    result;
    /**
     * @param label the file as messages name it
     * @param rootShape the shape of the document, chosen by its first byte (`{` or `[`)
     */
    constructor(label, rootShape) {
        this.label = label;
        this.rootShape = rootShape;
    }
    /** Reads the next bytes; the chunk is not kept after the call, so the caller may reuse it. */
    write(chunk) {
        // What is left of earlier chunks starts at 0: the unfinished value, or nothing.
        this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
        this.run(false);
        // The caller may reuse the chunk for the next read: keep a copy of what is not consumed yet.
        const unread = this.cut ? this.cut.start : this.pos;
        this.buf = Buffer.from(this.buf.subarray(unread));
        this.base += unread;
        this.pos -= unread;
        if (this.cut) {
            this.cut.scanned -= unread;
            this.cut.start = 0;
        }
    }
    /** The kept parts of the document, once every byte is written. */
    end() {
        this.run(true);
        if (!this.started)
            throw new errors/* ToolError */.v4(`${this.label} is empty: expected a JSON report.`);
        if (!this.done || this.result === undefined)
            throw this.truncated();
        return this.result;
    }
    truncated() {
        const total = this.base + this.buf.length;
        return this.invalid(`it ends before the JSON is complete (${total} bytes: truncated?)`);
    }
    invalid(why) {
        return new errors/* ToolError */.v4(`${this.label} is not valid JSON: ${why}.`);
    }
    syntaxError(at) {
        return this.invalid(`it has a syntax error at byte ${this.base + at}`);
    }
    run(last) {
        for (;;) {
            if (this.cut) {
                const end = this.scanCut(this.cut, last);
                if (end === undefined) {
                    if (last)
                        throw this.truncated();
                    return;
                }
                const cut = this.cut;
                this.cut = undefined;
                this.pos = end;
                this.finishCut(cut, end);
                continue;
            }
            while (this.pos < this.buf.length && json_stream_isSpace(this.buf[this.pos]))
                this.pos++;
            if (this.pos >= this.buf.length)
                return;
            const byte = this.buf[this.pos];
            if (this.done)
                throw this.syntaxError(this.pos);
            if (!this.started)
                this.begin(byte);
            else
                this.step(byte);
        }
    }
    begin(byte) {
        this.started = true;
        if (byte !== 0x7b && byte !== 0x5b)
            throw this.invalid('it does not start with { or [, so it is not a JSON report');
        this.openValue(this.rootShape(byte === 0x7b ? '{' : '['));
    }
    /** A value starts at pos: descend into it when the shape asks for its container, else cut it out. */
    openValue(shape) {
        const byte = this.buf[this.pos];
        const object = byte === 0x7b;
        const array = byte === 0x5b;
        const descend = (object && shape.kind === 'object') || (array && (shape.kind === 'array' || shape.kind === 'drop'));
        if (descend) {
            if (shape.kind !== 'drop')
                shape.open?.();
            const target = shape.kind === 'drop' ? undefined : object ? {} : [];
            this.stack.push({ container: object ? 'object' : 'array', shape, target, expect: 'first' });
            this.pos++;
            return;
        }
        const kept = shape.kind === 'drop' ? DROP : shape.kind === 'keep' ? shape : json_stream_KEEP;
        this.startCut('value', kept);
    }
    startCut(role, shape) {
        const byte = this.buf[this.pos];
        const what = byte === QUOTE ? 'string' : byte === 0x7b || byte === 0x5b ? 'container' : 'scalar';
        const scanned = this.pos + 1;
        this.cut = { start: this.pos, scanned, what, depth: 1, inString: false, role, shape };
    }
    /** The next structural byte of the innermost open container. */
    step(byte) {
        const frame = this.stack[this.stack.length - 1];
        const closes = byte === (frame.container === 'object' ? 0x7d : 0x5d);
        switch (frame.expect) {
            case 'first':
                if (closes)
                    return this.close();
                if (frame.container === 'object')
                    return this.key(frame, byte);
                frame.expect = 'more';
                return this.openValue(this.childShape(frame));
            case 'key':
                return this.key(frame, byte);
            case 'colon':
                if (byte !== 0x3a)
                    throw this.syntaxError(this.pos);
                this.pos++;
                frame.expect = 'value';
                return;
            case 'value':
                frame.expect = 'more';
                return this.openValue(this.childShape(frame));
            case 'more':
                if (closes)
                    return this.close();
                if (byte !== 0x2c)
                    throw this.syntaxError(this.pos);
                this.pos++;
                // After a comma a closing bracket is an error: the key or value opened next refuses it.
                frame.expect = frame.container === 'object' ? 'key' : 'value';
                return;
        }
    }
    key(frame, byte) {
        if (byte !== QUOTE)
            throw this.syntaxError(this.pos);
        frame.expect = 'colon';
        this.startCut('key', json_stream_KEEP);
    }
    childShape(frame) {
        const shape = frame.shape;
        if (shape.kind === 'array')
            return shape.each;
        if (shape.kind === 'object' && frame.key !== undefined && Object.hasOwn(shape.keys, frame.key))
            return shape.keys[frame.key];
        return DROP;
    }
    close() {
        this.pos++;
        const frame = this.stack.pop();
        this.deliver(frame.target, frame.shape.kind === 'drop');
    }
    /** A finished value goes to its container (or becomes the result). */
    deliver(value, dropped) {
        const parent = this.stack[this.stack.length - 1];
        if (!parent) {
            this.done = true;
            this.result = dropped ? null : (value ?? null);
            return;
        }
        if (dropped || value === undefined || !parent.target)
            return;
        if (Array.isArray(parent.target))
            parent.target.push(value);
        else
            parent.target[parent.key] = value;
    }
    finishCut(cut, end) {
        const text = this.buf.toString('utf8', cut.start, end);
        let value;
        try {
            value = JSON.parse(text);
        }
        catch (error) {
            // JSON.parse names a position inside the cut (in characters: bytes for ASCII text).
            const inside = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
            throw this.syntaxError(cut.start + Number(inside ?? 0));
        }
        const frame = this.stack[this.stack.length - 1];
        if (cut.role === 'key') {
            frame.key = value;
            return;
        }
        if (cut.shape.kind === 'drop')
            return this.deliver(undefined, true);
        const map = cut.shape.kind === 'keep' ? cut.shape.map : undefined;
        this.deliver(map ? map(value) : value, false);
    }
    /**
     * Where the value being cut ends (exclusive), or undefined when more bytes are needed. Strings
     * (most of the bytes: advisory texts) are skipped with a native search for the next quote, the
     * rest byte by byte: 0.65 × the time of one loop over every byte, measured on the 50k report.
     */
    scanCut(cut, last) {
        const buf = this.buf;
        if (cut.what === 'scalar') {
            let i = cut.scanned;
            while (i < buf.length && !endsScalar(buf[i]))
                i++;
            cut.scanned = i;
            return i < buf.length || last ? i : undefined;
        }
        if (cut.what === 'string') {
            const end = this.stringEnd(cut.scanned);
            if (end === undefined)
                cut.scanned = buf.length;
            return end;
        }
        let i = cut.scanned;
        while (i < buf.length) {
            if (cut.inString) {
                const end = this.stringEnd(i);
                if (end === undefined) {
                    cut.scanned = buf.length;
                    return undefined;
                }
                cut.inString = false;
                i = end;
                continue;
            }
            const byte = buf[i];
            if (byte === QUOTE)
                cut.inString = true;
            else if (byte === 0x7b || byte === 0x5b)
                cut.depth++;
            else if (byte === 0x7d || byte === 0x5d) {
                if (--cut.depth === 0)
                    return i + 1;
            }
            i++;
        }
        cut.scanned = i;
        return undefined;
    }
    /**
     * Given the offset just after an opening quote (or where the search resumes inside a string),
     * the offset just after its closing quote; undefined when the string goes on past the buffer. A
     * quote is a string's end when an even number of backslashes precedes it; the bytes before it
     * are still in the buffer when the search resumes, since a cut keeps its bytes from its start.
     */
    stringEnd(from) {
        const buf = this.buf;
        let at = from;
        for (;;) {
            const quote = buf.indexOf(QUOTE, at);
            if (quote < 0)
                return undefined;
            let backslashes = 0;
            while (buf[quote - 1 - backslashes] === BACKSLASH)
                backslashes++;
            if (backslashes % 2 === 0)
                return quote + 1;
            at = quote + 1;
        }
    }
}

;// CONCATENATED MODULE: ./src/scanners/trivy.ts
/**
 * Trivy: argv builders and the parser of its JSON report (SchemaVersion 2). Both pure.
 *
 * The parser accepts Trivy 0.68 and 0.69+: built-in misconfiguration IDs changed from `DS002` with
 * `AVDID: AVD-DS-0002` to `DS-0002` without AVDID. Findings carry the current form as ruleId and the
 * older forms as aliases, so ignores and alert history written for either generation still match.
 */






function commonFlags(o) {
    const flags = ['--format', 'json', '--output', o.outputFile, '--cache-dir', o.cacheDir, '--quiet'];
    flags.push('--ignorefile', o.ignoreFile, '--config', o.configFile);
    // No update check and no telemetry: a gate must not phone home, and air-gapped runners would wait.
    flags.push('--timeout', o.timeout, '--exit-code', '0', '--skip-version-check', '--disable-telemetry');
    if (o.offlineChecks)
        flags.push('--skip-check-update');
    return flags;
}
/** `trivy image` for a registry reference or a `docker save` tarball / OCI layout (`--input`). */
function trivyImageArgs(source, o) {
    // Everything is reported and the policy filters: no --severity, no --ignore-unfixed, no
    // .trivyignore here, so ignored findings stay visible as ignored.
    const args = ['image', ...commonFlags(o), ...o.dbArgs, '--scanners', 'vuln,secret'];
    // Trivy's default layer cache is a file it locks for the whole scan and waits 5 s for: a second
    // image scan running alongside would fail. The cache is not kept between runs, so memory loses nothing.
    args.push('--cache-backend', 'memory');
    args.push('--secret-config', o.secretConfigFile);
    if (source.kind === 'input')
        return [...args, '--input', source.path];
    // `--` ends the options: a reference can never be read as a flag.
    return [...args, '--', source.ref];
}
/** `trivy config` for a repository path (Dockerfiles, Kubernetes, Helm, Terraform...). */
function trivyConfigArgs(path, o) {
    // The same folders Dockerfile discovery skips: vendored packages are not this repository's config.
    const skip = ['--skip-dirs', '**/node_modules', '--skip-dirs', '**/.git'];
    return ['config', ...commonFlags(o), ...skip, '--', path];
}
function checkAliases(misconf, ruleId) {
    const ids = [(0,json_input/* str */.gx)(misconf, 'ID'), (0,json_input/* str */.gx)(misconf, 'AVDID')].filter((v) => !!v && v !== ruleId);
    // Let ignores written in either generation's form match whatever this Trivy printed.
    ids.push(...(0,rule_id/* olderCheckIds */.vG)(ruleId));
    return [...new Set(ids.filter(id => id !== ruleId))];
}
function maxCvss(vuln) {
    const cvss = (0,json_input/* obj */.WL)(vuln, 'CVSS');
    if (!cvss)
        return undefined;
    let best;
    for (const source of Object.values(cvss)) {
        if (!(0,json_input/* isObject */.Gv)(source))
            continue;
        const score = (0,json_input/* num */.bu)(source, 'V3Score') ?? (0,json_input/* num */.bu)(source, 'V40Score');
        if (score !== undefined && score >= 0 && score <= 10 && (best === undefined || score > best))
            best = score;
    }
    return best;
}
function fileOf(target, ctx) {
    if (ctx.fileBase === undefined)
        return undefined;
    // Helm archives appear as "chart.tgz:templates/pod.yaml"; the repository file is the archive.
    const inRepo = target.split(':')[0] ?? target;
    const joined = external_node_path_.posix.normalize(external_node_path_.posix.join(ctx.fileBase.replaceAll('\\', '/'), inRepo));
    return joined.startsWith('../') || external_node_path_.posix.isAbsolute(joined) ? undefined : joined;
}
function imageOf(report, ctx) {
    if ((0,json_input/* str */.gx)(report, 'ArtifactType') !== 'container_image')
        return undefined;
    return (0,json_input/* str */.gx)((0,json_input/* obj */.WL)(report, 'Metadata') ?? {}, 'Reference') ?? (0,json_input/* str */.gx)(report, 'ArtifactName') ?? ctx.subject;
}
/** Most advisories have no other ID: they share one empty list (50,000 findings, 50,000 arrays). */
const NO_ALIASES = Object.freeze([]);
function aliasesOf(ids, id) {
    const others = ids.filter(a => a !== id);
    return others.length === 0 ? NO_ALIASES : others;
}
function vulnFinding(v, result, base, intern) {
    const id = (0,json_input/* str */.gx)(v, 'VulnerabilityID') ?? 'UNKNOWN-VULNERABILITY';
    const identifier = (0,json_input/* obj */.WL)(v, 'PkgIdentifier');
    // The layer, by its uncompressed digest: the compressed one depends on how the image was stored.
    const layer = (0,json_input/* str */.gx)((0,json_input/* obj */.WL)(v, 'Layer') ?? {}, 'DiffID');
    return {
        ...base,
        ...(layer && base.image ? { layer } : {}),
        tool: 'trivy',
        kind: 'vuln',
        ruleId: id,
        aliases: aliasesOf((0,json_input/* strings */.P$)(v, 'VendorIDs'), id),
        severity: (0,severity/* normalizeSeverity */.lv)(v.Severity),
        title: intern((0,json_input/* str */.gx)(v, 'Title') ?? id),
        description: intern((0,json_input/* str */.gx)(v, 'Description') ?? ''),
        primaryUrl: intern((0,json_input/* str */.gx)(v, 'PrimaryURL')),
        package: {
            name: (0,json_input/* str */.gx)(v, 'PkgName') ?? (0,json_input/* str */.gx)(v, 'PkgID') ?? 'unknown',
            installedVersion: (0,json_input/* str */.gx)(v, 'InstalledVersion'),
            fixedVersion: (0,json_input/* str */.gx)(v, 'FixedVersion') || undefined,
            purl: identifier ? (0,json_input/* str */.gx)(identifier, 'PURL') : undefined,
            class: (0,json_input/* str */.gx)(result, 'Class'),
            ecosystem: (0,json_input/* str */.gx)(result, 'Type')
        },
        status: (0,json_input/* str */.gx)(v, 'Status'),
        publishedDate: (0,json_input/* str */.gx)(v, 'PublishedDate'),
        lastModifiedDate: (0,json_input/* str */.gx)(v, 'LastModifiedDate'),
        cvssScore: maxCvss(v)
    };
}
/** The lines a check or secret rule points at, when the tool gave a start line. */
function trivy_located(entry) {
    const start = (0,json_input/* line */.n8)((0,json_input/* num */.bu)(entry, 'StartLine'));
    return { startLine: start, endLine: start ? ((0,json_input/* line */.n8)((0,json_input/* num */.bu)(entry, 'EndLine')) ?? start) : undefined };
}
function misconfFinding(m, base, intern) {
    const ruleId = (0,rule_id/* currentCheckId */.RF)((0,json_input/* str */.gx)(m, 'ID') ?? (0,json_input/* str */.gx)(m, 'AVDID') ?? 'UNKNOWN-CHECK', (0,json_input/* str */.gx)(m, 'AVDID'));
    return {
        ...base,
        tool: 'trivy',
        kind: 'misconfig',
        ruleId,
        aliases: checkAliases(m, ruleId),
        severity: (0,severity/* normalizeSeverity */.lv)(m.Severity),
        title: intern((0,json_input/* str */.gx)(m, 'Title') ?? ruleId),
        description: intern([(0,json_input/* str */.gx)(m, 'Description'), (0,json_input/* str */.gx)(m, 'Resolution')].filter(Boolean).join(' ')),
        message: intern((0,json_input/* str */.gx)(m, 'Message')),
        primaryUrl: intern((0,json_input/* str */.gx)(m, 'PrimaryURL')),
        status: (0,json_input/* str */.gx)(m, 'Status'),
        ...trivy_located((0,json_input/* obj */.WL)(m, 'CauseMetadata') ?? {})
    };
}
function secretFinding(s, base, intern) {
    const ruleId = (0,json_input/* str */.gx)(s, 'RuleID') ?? 'secret';
    return {
        ...base,
        tool: 'trivy',
        kind: 'secret',
        ruleId,
        aliases: [],
        severity: (0,severity/* normalizeSeverity */.lv)(s.Severity),
        title: intern((0,json_input/* str */.gx)(s, 'Title') ?? ruleId),
        // Never copy the matched text: Trivy masks it, but the report must not be a second leak.
        description: intern(`${(0,json_input/* str */.gx)(s, 'Category') ?? 'Secret'} found by rule ${ruleId}.`),
        ...trivy_located(s)
    };
}
/** Parses a Trivy JSON report (`--format json`, SchemaVersion 2) into Findings. */
function parseTrivyReport(text, file, ctx) {
    return trivyFindings((0,json_input/* parseJson */.qF)(text, file), file, ctx);
}
/**
 * The Findings of an already-parsed Trivy report (reports can be hundreds of MiB: parse once), or of
 * what trivyReportShape kept of one. Equal rule texts become one string (see findings/intern.ts).
 */
function trivyFindings(report, file, ctx, intern = intern_textInterner()) {
    if (!isTrivyReport(report)) {
        throw new errors/* ToolError */.v4(`${file} is not a Trivy JSON report: expected an object with SchemaVersion 2 and Results.`);
    }
    const image = imageOf(report, ctx);
    const findings = [];
    for (const result of (0,json_input/* objects */.JD)(report, 'Results')) {
        const target = (0,json_input/* str */.gx)(result, 'Target') ?? ctx.subject;
        const base = { target, subject: ctx.subject, image };
        for (const v of (0,json_input/* objects */.JD)(result, 'Vulnerabilities'))
            findings.push(vulnFinding(v, result, base, intern));
        const located = { ...base, file: image ? undefined : fileOf(target, ctx) };
        for (const m of (0,json_input/* objects */.JD)(result, 'Misconfigurations')) {
            // Passed checks appear only with --include-non-failures; they are not findings.
            if ((0,json_input/* str */.gx)(m, 'Status') === 'PASS')
                continue;
            findings.push(misconfFinding(m, located, intern));
        }
        for (const s of (0,json_input/* objects */.JD)(result, 'Secrets'))
            findings.push(secretFinding(s, located, intern));
    }
    return findings;
}
function isTrivyReport(value) {
    return (0,json_input/* isObject */.Gv)(value) && value.SchemaVersion === 2 && ('Results' in value || 'ArtifactName' in value);
}

;// CONCATENATED MODULE: ./src/scanners/trivy-stream.ts
/**
 * An imported Trivy report read in chunks (json-stream.ts) straight into Findings: each
 * vulnerability, misconfiguration and secret becomes a Finding as it is read, and its JSON (with
 * the package lists, CVSS vectors and references the gate does not read) is garbage at once. Only
 * the Findings and one copy of each rule text (findings/intern.ts) outlive the read, so memory goes
 * to what the gate keeps: building a tree first made the runtime grow its young generation to
 * 128 MiB for the survivors.
 *
 * What a Finding says about where it is (target, subject, image, file, layer, package class) comes
 * from the report's and the result's own fields, which Trivy writes before the findings but JSON
 * does not order: those are set once the whole report is read, so a report with its fields in any
 * order gives the Findings trivyFindings gives for it (the tests compare both on every fixture).
 */



/** Set when the report is read: the builders get placeholders, in the same key order. */
const PENDING = { target: '', subject: '', image: '(pending)' };
const PENDING_LOCATED = { ...PENDING, file: undefined };
function trivyStream(intern) {
    let results = [];
    let current = { vulns: [], misconfs: [], secrets: [] };
    /** An array whose objects `add` turns into Findings; `open` starts the list over. */
    const each = (add, open) => ({
        kind: 'array',
        open,
        each: {
            kind: 'keep',
            map: value => {
                if ((0,json_input/* isObject */.Gv)(value))
                    add(value);
                return undefined;
            }
        }
    });
    const keep = { kind: 'keep' };
    const text = { kind: 'keep', map: v => (typeof v === 'string' ? intern(v) : v) };
    const shape = {
        kind: 'object',
        keys: {
            SchemaVersion: keep,
            ArtifactName: keep,
            ArtifactType: keep,
            Metadata: { kind: 'object', keys: { Reference: keep } },
            Results: {
                kind: 'array',
                // A repeated key keeps its last value, as JSON.parse does: start over.
                open: () => (results = []),
                each: {
                    kind: 'object',
                    open: () => {
                        current = { vulns: [], misconfs: [], secrets: [] };
                        results.push(current);
                    },
                    keys: {
                        Target: keep,
                        Class: text,
                        Type: text,
                        Vulnerabilities: each(v => current.vulns.push(vulnFinding(v, {}, PENDING, intern)), () => (current.vulns = [])),
                        Misconfigurations: each(m => {
                            // Passed checks appear only with --include-non-failures; they are not findings.
                            if ((0,json_input/* str */.gx)(m, 'Status') !== 'PASS')
                                current.misconfs.push(misconfFinding(m, PENDING_LOCATED, intern));
                        }, () => (current.misconfs = [])),
                        Secrets: each(s => current.secrets.push(secretFinding(s, PENDING_LOCATED, intern)), () => (current.secrets = []))
                    }
                }
            }
        }
    };
    return { shape, findings: (kept, file, context) => placed(kept, results, file, context) };
}
/** The findings with what the report and each result say about where they are. */
function placed(kept, results, file, context) {
    if (!isTrivyReport(kept)) {
        throw new errors/* ToolError */.v4(`${file} is not a Trivy JSON report: expected an object with SchemaVersion 2 and Results.`);
    }
    const ctx = context(kept);
    const image = imageOf(kept, ctx);
    const findings = [];
    // The results that were objects, in order: the ones the reader entered (and `results` lists).
    const entered = Array.isArray(kept.Results) ? kept.Results.filter(json_input/* isObject */.Gv) : [];
    entered.forEach((result, i) => {
        const found = results[i];
        const target = (0,json_input/* str */.gx)(result, 'Target') ?? ctx.subject;
        const file = image ? undefined : fileOf(target, ctx);
        // A field that was not an array (the last of repeated keys wins) lists nothing, as objects() says.
        const listed = (key, list) => (Array.isArray(result[key]) ? list : []);
        const place = (f) => {
            f.target = target;
            f.subject = ctx.subject;
            f.image = image;
            findings.push(f);
        };
        for (const f of listed('Vulnerabilities', found.vulns)) {
            if (!image)
                f.layer = undefined;
            f.package.class = (0,json_input/* str */.gx)(result, 'Class');
            f.package.ecosystem = (0,json_input/* str */.gx)(result, 'Type');
            place(f);
        }
        for (const f of [...listed('Misconfigurations', found.misconfs), ...listed('Secrets', found.secrets)]) {
            f.file = file;
            place(f);
        }
    });
    return findings;
}

;// CONCATENATED MODULE: ./src/scanners/import.ts
/**
 * Existing reports given through the `report` input: a Trivy JSON or a hadolint JSON, recognized by
 * shape. An imported report becomes the same Findings a scan of the same subject would give, so the
 * policy and every ignore apply to both alike.
 */








function detectReportFormat(value) {
    if (isTrivyReport(value))
        return 'trivy';
    if (isHadolintReport(value))
        return 'hadolint';
    return undefined;
}
/**
 * @param text the report's content
 * @param file the path as the user wrote it, for messages
 */
function parseImportedReport(text, file) {
    let value;
    try {
        value = parseJson(text, file);
    }
    catch (error) {
        // The input named a file that is no report: the user's to fix, not a tool's failure.
        throw new ConfigurationError(`Input 'report': ${messageOf(error)}`);
    }
    return importedFindings(value, file, textInterner());
}
/** The findings of a parsed report. */
function importedFindings(value, file, intern) {
    const format = detectReportFormat(value);
    if (format === 'hadolint')
        return { format, findings: hadolintFindings(value, file, { subject: file, fileBase: '' }) };
    if (format === 'trivy' && (0,json_input/* isObject */.Gv)(value))
        return { format, findings: trivyFindings(value, file, importContext(value, file), intern) };
    throw notAReport(file);
}
function notAReport(file) {
    return new errors/* ConfigurationError */.j1(`Input 'report' names ${JSON.stringify(file)}, which is neither a Trivy JSON report (trivy --format json) nor a hadolint JSON report (hadolint --format json).`);
}
/** The subject is what Trivy scanned, as a scan of the same image or path would name it. */
function importContext(report, file) {
    const artifact = (0,json_input/* str */.gx)(report, 'ArtifactName') ?? file;
    const isRepository = (0,json_input/* str */.gx)(report, 'ArtifactType') !== 'container_image';
    return { subject: artifact, fileBase: isRepository ? repoRelative(artifact) : undefined };
}
/**
 * Reads one imported report in chunks (json-stream.ts): a Trivy report becomes Findings as it is
 * read (trivy-stream.ts), so a report of hundreds of MiB costs its findings, not its text and a
 * tree of it. A hadolint report (a JSON array) is kept whole. Undefined when already imported.
 */
function readImportedReport(file, workspace, seen, note) {
    const label = `Input 'report': ${JSON.stringify(file)}`;
    const intern = intern_textInterner();
    const trivy = trivyStream(intern);
    const opened = {};
    const reader = new JsonStreamReader(file, byte => {
        opened.first = byte;
        return byte === '{' ? trivy.shape : { kind: 'keep' };
    });
    try {
        const read = (0,safe_read/* readFileChunksSafely */.RH)(file, { workspace, maxBytes: safe_read/* READ_LIMITS */.Cl.report, scope: 'given-path' }, realPath => (seen.has(realPath) ? undefined : (chunk) => reader.write(chunk)));
        if (!read.ok)
            throw (0,safe_read/* refusedRead */.DC)(label, read, REPORT_ACCEPTED);
        if (read.skipped) {
            note(`${label} is the same file as ${JSON.stringify(seen.get(read.realPath))}; imported once.`);
            return undefined;
        }
        seen.set(read.realPath, file);
        const kept = reader.end();
        if (opened.first === '[')
            return { realPath: read.realPath, ...importedFindings(kept, file, intern) };
        if (!isTrivyReport(kept))
            throw notAReport(file);
        const findings = trivy.findings(kept, file, report => importContext(report, file));
        return { realPath: read.realPath, format: 'trivy', findings };
    }
    catch (error) {
        // The input named a file that is no report: the user's to fix, not a tool's failure.
        throw error instanceof errors/* ToolError */.v4 ? new errors/* ConfigurationError */.j1(`Input 'report': ${(0,errors/* messageOf */.bD)(error)}`) : error;
    }
}
/** A scanned path as a repository-relative directory ('' when it is the repository itself). */
function repoRelative(path) {
    const p = path
        .replaceAll('\\', '/')
        .replace(/^\.\/?/, '')
        .replace(/\/$/, '');
    if (p.startsWith('/') || p.startsWith('../'))
        return undefined;
    return p;
}
const REPORT_ACCEPTED = 'Expected the path of a Trivy or hadolint JSON report: relative to the workspace (and inside it), or absolute.';
/**
 * Reads the `report` input's files; a missing, unreadable or unrecognized file is the user's to fix.
 * Relative paths (and absolute ones inside the workspace) must stay inside the workspace once links
 * are followed; an absolute path elsewhere (a report an earlier step wrote to RUNNER_TEMP) is the
 * workflow's own choice. Either way only a regular file under READ_LIMITS.report is read. The same
 * file given twice (`r.json`, `./r.json`, its absolute path, a link to it) is imported once.
 */
async function importReports(reports, workspace, note = () => undefined) {
    const findings = [];
    const subjects = [];
    const seen = new Map();
    const listed = new Set();
    for (const file of reports) {
        const imported = readImportedReport(file, workspace, seen, note);
        if (!imported)
            continue;
        note(`Imported ${JSON.stringify(file)}: a ${imported.format} report, ${imported.findings.length} findings.`);
        // One at a time: a spread of 100,000 arguments overflows the call stack. Each subject once:
        // every reader of the list keeps the first of each (SARIF runs, the summary's rows).
        for (const f of imported.findings) {
            findings.push(f);
            const key = `${f.tool}\u0000${f.subject}`;
            if (!listed.has(key))
                subjects.push({ tool: f.tool, subject: f.subject });
            listed.add(key);
        }
        if (imported.findings.length === 0 && imported.format === 'trivy')
            subjects.push({ tool: 'trivy', subject: file });
    }
    return { findings, subjects };
}

// EXTERNAL MODULE: ./node_modules/@actions/io/lib/io.js
var io = __webpack_require__(88701);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(46466);
;// CONCATENATED MODULE: ./src/tools/download.ts
/**
 * Downloading release files: one HTTP attempt behind a small interface (so tests can count or
 * replace it), and the retry policy around it. Retries cover what is worth retrying — 408, 429,
 * 5xx, connection resets and truncated bodies — with exponential backoff through an injected sleep;
 * anything else fails at once. The final error always names the URL.
 *
 * The default attempt uses @actions/http-client, which honours the runner's proxy settings
 * (HTTPS_PROXY / NO_PROXY, needed on many self-hosted and GHES runners), follows GitHub's redirect
 * to its object store, and refuses HTTPS→HTTP redirects.
 */






const DEFAULT_RETRY = { attempts: 4, baseDelayMs: 1000, maxDelayMs: 30_000 };
/** A transport failure worth another try (connection reset, timeout, truncated body). */
class TransientDownloadError extends Error {
    name = 'TransientDownloadError';
}
/** A failure the same server would repeat (a body over the size cap, a refused redirect): not retried. */
class PermanentDownloadError extends Error {
    name = 'PermanentDownloadError';
}
const TRANSIENT_CODES = new Set([
    'ECONNRESET',
    'ECONNREFUSED',
    'ECONNABORTED',
    'ETIMEDOUT',
    'EPIPE',
    'EAI_AGAIN',
    'ENETUNREACH',
    'EHOSTUNREACH',
    'ERR_STREAM_PREMATURE_CLOSE',
    'UND_ERR_SOCKET'
]);
function isTransient(error) {
    if (error instanceof TransientDownloadError)
        return true;
    if (error instanceof PermanentDownloadError)
        return false;
    const code = error?.code;
    if (typeof code === 'string' && TRANSIENT_CODES.has(code))
        return true;
    const message = (0,errors/* messageOf */.bD)(error);
    return /socket hang up|aborted|Request timeout|premature close/i.test(message);
}
function isRetryableStatus(status) {
    return status === 408 || status === 429 || (status >= 500 && status <= 599);
}
/** The delay before retry number `retry` (1-based): base·2^(retry-1), or Retry-After, capped. */
function backoffDelay(retry, policy, retryAfterSeconds) {
    const exponential = policy.baseDelayMs * 2 ** (retry - 1);
    const wanted = retryAfterSeconds !== undefined ? Math.max(retryAfterSeconds * 1000, exponential) : exponential;
    return Math.min(wanted, policy.maxDelayMs);
}
/**
 * Downloads `url` to `dest` with retries; the SHA-256 of what was written (hashed while it arrived,
 * so the file is not read again). Throws a ToolError naming the URL, the last failure and the
 * number of tries when it gives up.
 */
async function downloadWithRetry(url, dest, maxBytes, deps) {
    const attempts = Math.max(1, deps.retry.attempts);
    for (let attempt = 1;; attempt++) {
        let outcome;
        try {
            outcome = await deps.http(url, dest, { maxBytes });
        }
        catch (error) {
            await (0,promises_.rm)(dest, { force: true });
            if (isTransient(error) && attempt < attempts) {
                const delay = backoffDelay(attempt, deps.retry);
                deps.debug(`GET ${url} failed (${(0,errors/* messageOf */.bD)(error)}); retry ${attempt}/${attempts - 1} in ${delay} ms`);
                await deps.sleep(delay);
                continue;
            }
            throw new errors/* ToolError */.v4(`Could not download ${url}: ${(0,errors/* messageOf */.bD)(error)} (${tries(attempt)}).`);
        }
        if (outcome.status === 200)
            return outcome.sha256 ?? (await sha256File(dest));
        await (0,promises_.rm)(dest, { force: true });
        if (isRetryableStatus(outcome.status) && attempt < attempts) {
            const delay = backoffDelay(attempt, deps.retry, outcome.retryAfterSeconds);
            deps.debug(`GET ${url} answered HTTP ${outcome.status}; retry ${attempt}/${attempts - 1} in ${delay} ms`);
            await deps.sleep(delay);
            continue;
        }
        if (outcome.status === 404) {
            throw new errors/* ToolError */.v4(`Could not download ${url}: HTTP 404 Not Found. Check that this release and asset exist ` +
                `(and, with tool-mirror, that the mirror holds them).`);
        }
        throw new errors/* ToolError */.v4(`Could not download ${url}: HTTP ${outcome.status} (${tries(attempt)}).`);
    }
}
function tries(n) {
    return n === 1 ? 'after 1 attempt' : `after ${n} attempts`;
}
function parseRetryAfter(value) {
    const text = Array.isArray(value) ? value[0] : value;
    if (text === undefined)
        return undefined;
    if (/^\d{1,6}$/.test(text.trim()))
        return Number(text.trim());
    const date = Date.parse(text);
    if (Number.isNaN(date))
        return undefined;
    return Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
const USER_AGENT = 'container-gate';
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 10;
/**
 * The real attempt: streams the body to disk, enforcing the size cap and Content-Length. Redirects
 * are followed here rather than by http-client, which cannot resolve a relative Location; an
 * HTTPS→HTTP redirect is refused.
 */
const httpGet = async (url, dest, { maxBytes }) => {
    // Loaded here, not at the top: http-client brings undici, which a run that needs no download
    // (every tool cached, or a bad input refused) should not compile and evaluate.
    const { HttpClient } = await Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(942)]).then(__webpack_require__.bind(__webpack_require__, 44942));
    const client = new HttpClient(USER_AGENT, [], {
        allowRetries: false,
        allowRedirects: false,
        socketTimeout: 120_000
    });
    try {
        let current = url;
        for (let hop = 0;; hop++) {
            const message = (await client.get(current)).message;
            const status = message.statusCode ?? 0;
            const location = message.headers.location;
            if (REDIRECTS.has(status) && location) {
                message.resume();
                if (hop >= MAX_REDIRECTS)
                    throw new Error(`more than ${MAX_REDIRECTS} redirects`);
                const next = new URL(location, current);
                if (new URL(current).protocol === 'https:' && next.protocol !== 'https:') {
                    throw new PermanentDownloadError(`refusing a redirect from https to ${next.protocol} (${next.origin})`);
                }
                current = next.toString();
                continue;
            }
            if (status !== 200) {
                message.resume();
                return { status, retryAfterSeconds: parseRetryAfter(message.headers['retry-after']) };
            }
            return { status, sha256: await saveBody(message, dest, maxBytes) };
        }
    }
    finally {
        client.dispose();
    }
};
/** Streams the body to `dest` within the size cap; its SHA-256, computed on the way. */
async function saveBody(message, dest, maxBytes) {
    const declared = message.headers['content-length'];
    const expected = declared !== undefined && /^\d+$/.test(declared) ? Number(declared) : undefined;
    if (expected !== undefined && expected > maxBytes) {
        message.destroy();
        throw new PermanentDownloadError(`${expected} bytes announced, more than the ${maxBytes}-byte limit`);
    }
    let received = 0;
    const hash = (0,external_node_crypto_.createHash)('sha256');
    const counter = new external_node_stream_.Transform({
        transform(chunk, _encoding, callback) {
            received += chunk.length;
            hash.update(chunk);
            if (received > maxBytes)
                callback(new PermanentDownloadError(`more than the ${maxBytes}-byte limit`));
            else
                callback(null, chunk);
        }
    });
    try {
        await (0,external_node_stream_promises_.pipeline)(message, counter, (0,external_node_fs_.createWriteStream)(dest, { flags: 'wx', mode: 0o600 }));
    }
    catch (error) {
        await (0,promises_.rm)(dest, { force: true });
        if (error instanceof PermanentDownloadError)
            throw error;
        throw new TransientDownloadError(`transfer interrupted after ${received} bytes (${(0,errors/* messageOf */.bD)(error)})`);
    }
    if (expected !== undefined && received !== expected) {
        await (0,promises_.rm)(dest, { force: true });
        throw new TransientDownloadError(`truncated body: ${received} of ${expected} bytes`);
    }
    return hash.digest('hex');
}
/**
 * SHA-256 of a file on disk. Up to 256 MiB it is read whole and hashed by WebCrypto on the thread
 * pool, so several files (the tools a run checks) are hashed in parallel; larger ones are streamed.
 */
async function sha256File(path) {
    if ((await (0,promises_.stat)(path)).size <= 256 * 1024 * 1024) {
        const digest = await external_node_crypto_.webcrypto.subtle.digest('SHA-256', await (0,promises_.readFile)(path));
        return Buffer.from(digest).toString('hex');
    }
    const hash = (0,external_node_crypto_.createHash)('sha256');
    for await (const chunk of (0,external_node_fs_.createReadStream)(path))
        hash.update(chunk);
    return hash.digest('hex');
}

;// CONCATENATED MODULE: ./src/tools/pinned.ts
const PINNED_DIGESTS = {
    // Transcriptions of trivy_0.74.0_checksums.txt (e.g. Homebrew-style formulas, bazel toolchain
    // rules and installer scripts in public repositories; all agree).
    trivy: {
        '0.74.0': {
            'trivy_0.74.0_Linux-64bit.tar.gz': '2ae6fe3ee734b7fdf11335663e18c75ea12dccc76062f09f164a3b0f8be4371a',
            'trivy_0.74.0_Linux-ARM64.tar.gz': 'b94ce1976bbf3c15b514b605ee88be7c6d94a29be2302847ff01cb794d47aad5',
            'trivy_0.74.0_macOS-64bit.tar.gz': '472816f6888dda689d075c30254d4210b4d1035acf365aa72332f584c2f60485',
            'trivy_0.74.0_macOS-ARM64.tar.gz': '1caada5e0e2091909357c7525d3aa76f4b660b13821bc143b190c7483e31cc11',
            'trivy_0.74.0_windows-64bit.zip': '94c40e0696e4b907a74b7b2e1438d5d72ebaca83115817407f568a002d520842'
        }
    },
    // Transcriptions of hadolint v2.15.1 checksums.sha256.
    hadolint: {
        '2.15.1': {
            'hadolint-linux-x86_64': 'c7187db94eeeeca956519a6af171adc31453941a1e777961f6e680f697c8c507',
            'hadolint-linux-arm64': 'f6198ef8090f404dbb771abfee086eb8c48ac177f30da7fd3510aca35b344b5d',
            'hadolint-macos-x86_64': 'ffe9bb18b23d5ed1eae50237aecdbb523d016e96da0bd4e7aa432040acfc3fde',
            'hadolint-macos-arm64': '5c09f3213f8e40406abe048233d985eebef336d4a6a20021be47fadb6cf480a2',
            'hadolint-windows-x86_64.exe': '01d927294962b5387f9ead4f18679158452be4f17c765ad0bdffe5264b9c7b0a'
        }
    },
    // Transcriptions of cosign v3.1.3 cosign_checksums.txt (a Homebrew-style formula, installer
    // scripts and pinned-tool tables in public repositories; all agree).
    cosign: {
        '3.1.3': {
            'cosign-linux-amd64': '4629c757b7618056f8ddd7e2625ae9fdd94c0372a65049520bc7d9df9efc7f71',
            'cosign-linux-arm64': 'c5d324e091826b0d7a78eb16fef316450b4eb9aaec045611c08ba06f5e73220a',
            'cosign-darwin-amd64': '2347488e5d5b25336644024dfeca5601b190e91197a71a917bda44744aff106c',
            'cosign-darwin-arm64': '5cf948c2f4dfe59687bdd0b8523709067383e03982cc543475c8a7dc70e92a76',
            'cosign-windows-amd64.exe': '9fe59be0eca1271873ce019061335eb1ac419b7059202e797828467ddabe33be'
        }
    },
    gator: {},
    kustomize: {},
    // go-containerregistry v0.22.1 checksums.txt, linux x86_64 only: the one asset whose digest
    // several independent public sources transcribe (install scripts pinning it, a nixpkgs-style
    // SRI hash of the same value); the other platforms go through the release's checksums.txt.
    crane: {
        '0.22.1': {
            'go-containerregistry_Linux_x86_64.tar.gz': '0ab7a1d6932a213aed964ce97666c3077fe691c8606413674a8b3e0b9ec4cda0'
        }
    }
};
/** The pinned digest of one asset, if the action carries one. */
function pinnedDigest(tool, version, asset, table = PINNED_DIGESTS) {
    return table[tool][version]?.[asset];
}

;// CONCATENATED MODULE: ./src/tools/deps.ts
/**
 * The side effects the installer needs, behind one small interface, and the default implementation
 * that really does them on a runner: the runner tool cache (in @actions/tool-cache's layout, which
 * other actions and the runner's images share), @actions/http-client for downloads, @actions/io for
 * PATH, exec.ts for running tools, src/log.ts for logs.
 * Tests replace single members (a counting HTTP server, a fake sleep) and keep the rest real.
 */









/**
 * The executable named `binary` on PATH (PATHEXT on Windows), as @actions/io finds it. The installer
 * calls it only when the workflow trusts the runner image (`trust-path-tools: true`).
 */
async function onPath(binary) {
    return (await io/* which */.K7(binary, false)) || undefined;
}
function toolCacheRoot() {
    const dir = process.env.RUNNER_TOOL_CACHE;
    if (!dir)
        throw new errors/* ConfigurationError */.j1('RUNNER_TOOL_CACHE is not set: the installer keeps verified tools there (set it when running the action outside GitHub Actions).');
    return dir;
}
/**
 * The tool cache in @actions/tool-cache's layout: `<root>/<tool>/<version>/<arch>`, usable once the
 * marker file `<arch>.complete` beside it exists.
 */
const runnerToolCache = {
    find: (tool, version, arch) => {
        const dir = (0,external_node_path_.join)(toolCacheRoot(), tool, version, arch);
        return (0,external_node_fs_.existsSync)(dir) && (0,external_node_fs_.existsSync)(`${dir}.complete`) ? dir : '';
    },
    stage: async () => {
        await (0,promises_.mkdir)(toolCacheRoot(), { recursive: true });
        return (0,promises_.mkdtemp)((0,external_node_path_.join)(toolCacheRoot(), '.container-gate-staging-'));
    },
    complete: async (staged, tool, version, arch) => {
        const dir = (0,external_node_path_.join)(toolCacheRoot(), tool, version, arch);
        await (0,promises_.rm)(`${dir}.complete`, { force: true });
        await (0,promises_.rm)(dir, { recursive: true, force: true });
        await (0,promises_.mkdir)((0,external_node_path_.dirname)(dir), { recursive: true });
        await (0,promises_.rename)(staged, dir);
        await (0,promises_.writeFile)(`${dir}.complete`, '');
        return dir;
    },
    // Only Windows assets are zips: the library is loaded for them alone.
    extractZip: async (file, dest) => (await Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(942), __webpack_require__.e(838), __webpack_require__.e(805)]).then(__webpack_require__.bind(__webpack_require__, 59805))).extractZip(file, dest)
};
function runnerTemp() {
    const dir = process.env.RUNNER_TEMP;
    // Always set on a runner; outside one (a local run) it is the caller's to set.
    if (!dir)
        throw new errors/* ConfigurationError */.j1('RUNNER_TEMP is not set: the installer needs the runner temp directory (set it when running the action outside GitHub Actions).');
    return dir;
}
/** The real thing, as the action installs with it. */
function defaultInstallDeps(overrides = {}) {
    return {
        http: httpGet,
        exec: execTool,
        toolCache: runnerToolCache,
        sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
        logger: log/* log */.Rm,
        which: onPath,
        tempRoot: runnerTemp,
        retry: DEFAULT_RETRY,
        pinned: PINNED_DIGESTS,
        ...overrides
    };
}

// EXTERNAL MODULE: ./node_modules/semver/index.js
var semver = __webpack_require__(62088);
var semver_default = /*#__PURE__*/__webpack_require__.n(semver);
;// CONCATENATED MODULE: ./src/tools/catalog.ts

const SEMVER_IN_TEXT = '(\\d+\\.\\d+\\.\\d+(?:-[0-9A-Za-z]+(?:\\.[0-9A-Za-z]+)*)?)';
function exe(platform, name) {
    return platform.os === 'win32' ? `${name}.exe` : name;
}
function firstMatch(pattern, output) {
    return pattern.exec(output)?.[1];
}
/**
 * Trivy. Assets per aquasecurity/trivy `goreleaser.yml`: archives named
 * `{{.ProjectName}}_{{.Version}}_{{.Os}}-{{.Arch}}` with replacements darwin→macOS, linux→Linux,
 * amd64→64bit, arm64→ARM64 and no replacement for windows (so `windows`, lower case), tar.gz except
 * a zip format override for windows, where only amd64 is built. Checksums: goreleaser's
 * `trivy_<version>_checksums.txt` (`<sha256>  <asset>`). Asset names confirmed against the 0.74.0
 * release names quoted by several public installers (e.g. `trivy_0.74.0_windows-64bit.zip`).
 * `trivy --version` prints `Version: 0.74.0` first (DB lines that follow are indented).
 */
const trivy = {
    name: 'trivy',
    owner: 'aquasecurity',
    repo: 'trivy',
    tag: v => `v${v}`,
    assets: v => ({
        'linux-x64': `trivy_${v}_Linux-64bit.tar.gz`,
        'linux-arm64': `trivy_${v}_Linux-ARM64.tar.gz`,
        'darwin-x64': `trivy_${v}_macOS-64bit.tar.gz`,
        'darwin-arm64': `trivy_${v}_macOS-ARM64.tar.gz`,
        'win32-x64': `trivy_${v}_windows-64bit.zip`
    }),
    binary: p => exe(p, 'trivy'),
    member: p => exe(p, 'trivy'),
    checksums: v => ({ file: `trivy_${v}_checksums.txt`, perAsset: false }),
    versionArgs: ['--version'],
    parseVersion: out => firstMatch(new RegExp(`^Version:\\s*v?${SEMVER_IN_TEXT}\\s*$`, 'm'), out)
};
/**
 * hadolint publishes raw binaries. Up to 2.12.x (hadolint `.github/workflows/release.yml`):
 * `hadolint-Linux-x86_64`, `hadolint-Linux-arm64` (from 2.10.0), `hadolint-Darwin-x86_64`,
 * `hadolint-Windows-x86_64.exe`, each with `<asset>.sha256` written by `sha256sum -b`
 * (`<sha256> *<asset>`). From 2.13.1 the names are lower case with a macOS arm64 build:
 * `hadolint-linux-x86_64`, `hadolint-linux-arm64`, `hadolint-macos-x86_64`, `hadolint-macos-arm64`,
 * `hadolint-windows-x86_64.exe` (cashapp/hermit-packages hadolint.hcl switches darwin→macos at 2.13.1;
 * 2.13.1 and 2.14.0 digests published per asset). From 2.15.0 the per-asset files were replaced by
 * one `checksums.sha256` with `<sha256> *<asset>` lines. No Windows arm64 build exists.
 * `hadolint --version` prints `Haskell Dockerfile Linter 2.15.1`.
 */
const hadolint = {
    name: 'hadolint',
    owner: 'hadolint',
    repo: 'hadolint',
    tag: v => `v${v}`,
    assets: v => {
        if (semver_default().gte(v, '2.13.1')) {
            return {
                'linux-x64': 'hadolint-linux-x86_64',
                'linux-arm64': 'hadolint-linux-arm64',
                'darwin-x64': 'hadolint-macos-x86_64',
                'darwin-arm64': 'hadolint-macos-arm64',
                'win32-x64': 'hadolint-windows-x86_64.exe'
            };
        }
        return {
            'linux-x64': 'hadolint-Linux-x86_64',
            ...(semver_default().gte(v, '2.10.0') ? { 'linux-arm64': 'hadolint-Linux-arm64' } : {}),
            'darwin-x64': 'hadolint-Darwin-x86_64',
            'win32-x64': 'hadolint-Windows-x86_64.exe'
        };
    },
    binary: p => exe(p, 'hadolint'),
    member: p => exe(p, 'hadolint'),
    checksums: (v, asset) => semver_default().gte(v, '2.15.0')
        ? { file: 'checksums.sha256', perAsset: false }
        : { file: `${asset}.sha256`, perAsset: true },
    versionArgs: ['--version'],
    parseVersion: out => firstMatch(new RegExp(`Haskell Dockerfile Linter\\s+v?${SEMVER_IN_TEXT}`), out)
};
/**
 * cosign publishes raw binaries named by goreleaser build id (sigstore/cosign `.goreleaser.yml`:
 * `cosign-linux-{{ .Arch }}`, `cosign-darwin-amd64`, `cosign-darwin-arm64`, `cosign-windows-amd64`
 * with `.exe`; no Windows arm64 build) and `{{ .ProjectName }}_checksums.txt` = `cosign_checksums.txt`.
 * `cosign version` prints a banner then `GitVersion:    v3.1.3`.
 */
const cosign = {
    name: 'cosign',
    owner: 'sigstore',
    repo: 'cosign',
    tag: v => `v${v}`,
    assets: () => ({
        'linux-x64': 'cosign-linux-amd64',
        'linux-arm64': 'cosign-linux-arm64',
        'darwin-x64': 'cosign-darwin-amd64',
        'darwin-arm64': 'cosign-darwin-arm64',
        'win32-x64': 'cosign-windows-amd64.exe'
    }),
    binary: p => exe(p, 'cosign'),
    member: p => exe(p, 'cosign'),
    checksums: () => ({ file: 'cosign_checksums.txt', perAsset: false }),
    versionArgs: ['version'],
    parseVersion: out => firstMatch(new RegExp(`^GitVersion:\\s*v?${SEMVER_IN_TEXT}\\s*$`, 'm'), out)
};
/**
 * gator, Gatekeeper's CLI. open-policy-agent/gatekeeper `.github/workflows/release.yaml` builds
 * PLATFORMS "linux-amd64 linux-arm64 darwin-amd64 darwin-arm64" (no Windows) into
 * `gator-${TAG}-${GOOS}-${GOARCH}.tar.gz` holding `gator` at the root, and writes
 * `find . -name '*.tar.gz' | sort | xargs sha256sum >> sha256sums.txt`, so entries read
 * `<sha256>  ./gator-v3.23.0-linux-amd64.tar.gz`. `gator --version` is cobra's
 * `gator version <user agent>` where the user agent carries `v<version>` (set by the Makefile's
 * `-X .../pkg/version.Version=$(VERSION)`).
 */
const gator = {
    name: 'gator',
    owner: 'open-policy-agent',
    repo: 'gatekeeper',
    tag: v => `v${v}`,
    assets: v => ({
        'linux-x64': `gator-v${v}-linux-amd64.tar.gz`,
        'linux-arm64': `gator-v${v}-linux-arm64.tar.gz`,
        'darwin-x64': `gator-v${v}-darwin-amd64.tar.gz`,
        'darwin-arm64': `gator-v${v}-darwin-arm64.tar.gz`
    }),
    binary: p => exe(p, 'gator'),
    member: p => exe(p, 'gator'),
    checksums: () => ({ file: 'sha256sums.txt', perAsset: false }),
    versionArgs: ['--version'],
    parseVersion: out => firstMatch(new RegExp(`version\\s+(?:\\S*?/)?v?${SEMVER_IN_TEXT}`), out)
};
/**
 * kustomize. Tags are per module (`kustomize/v5.8.2`). kubernetes-sigs/kustomize
 * `releasing/build-kustomize-binary.sh` takes the version as the tag's part after the slash
 * (`v5.8.2`), builds linux amd64/arm64/s390x/ppc64le and darwin/windows amd64/arm64, packs
 * `kustomize_${version}_${os}_${arch}.tar.gz` holding `kustomize` at the root (`tar -C output
 * kustomize`), a `.zip` with `kustomize.exe` for windows, then writes `checksums.txt` with
 * `sha256sum "$release"` (`<sha256>  <asset>`). The same script stamps
 * `sigs.k8s.io/kustomize/api/provenance.version=$version`, so `kustomize version` prints `v5.8.2`.
 */
const kustomize = {
    name: 'kustomize',
    owner: 'kubernetes-sigs',
    repo: 'kustomize',
    tag: v => `kustomize/v${v}`,
    assets: v => ({
        'linux-x64': `kustomize_v${v}_linux_amd64.tar.gz`,
        'linux-arm64': `kustomize_v${v}_linux_arm64.tar.gz`,
        'darwin-x64': `kustomize_v${v}_darwin_amd64.tar.gz`,
        'darwin-arm64': `kustomize_v${v}_darwin_arm64.tar.gz`,
        'win32-x64': `kustomize_v${v}_windows_amd64.zip`,
        'win32-arm64': `kustomize_v${v}_windows_arm64.zip`
    }),
    binary: p => exe(p, 'kustomize'),
    member: p => exe(p, 'kustomize'),
    checksums: () => ({ file: 'checksums.txt', perAsset: false }),
    versionArgs: ['version'],
    parseVersion: out => firstMatch(new RegExp(`^\\s*v?${SEMVER_IN_TEXT}\\s*$`, 'm'), out)
};
/**
 * crane, from google/go-containerregistry (`.goreleaser.yml`): one tar.gz per platform named
 * `go-containerregistry_{{title .Os}}_{{x86_64 for amd64, else .Arch}}` (Windows too, the default
 * format), holding `crane`, `gcrane` and `krane` at the root, and `checksums.txt`
 * (`<sha256>  <asset>`). The build stamps `cmd.Version={{.Version}}`, so `crane version` prints
 * `0.22.1` (a build from source with `-X …=v0.22.1`, as e2e-tools.sh does, prints `v0.22.1`).
 */
const crane = {
    name: 'crane',
    owner: 'google',
    repo: 'go-containerregistry',
    tag: v => `v${v}`,
    assets: () => ({
        'linux-x64': 'go-containerregistry_Linux_x86_64.tar.gz',
        'linux-arm64': 'go-containerregistry_Linux_arm64.tar.gz',
        'darwin-x64': 'go-containerregistry_Darwin_x86_64.tar.gz',
        'darwin-arm64': 'go-containerregistry_Darwin_arm64.tar.gz',
        'win32-x64': 'go-containerregistry_Windows_x86_64.tar.gz',
        'win32-arm64': 'go-containerregistry_Windows_arm64.tar.gz'
    }),
    binary: p => exe(p, 'crane'),
    member: p => exe(p, 'crane'),
    checksums: () => ({ file: 'checksums.txt', perAsset: false }),
    versionArgs: ['version'],
    parseVersion: out => firstMatch(new RegExp(`^\\s*v?${SEMVER_IN_TEXT}\\s*$`, 'm'), out)
};
const CATALOG = {
    trivy,
    hadolint,
    cosign,
    gator,
    kustomize,
    crane
};
function platformKey(platform) {
    return `${platform.os}-${platform.arch}`;
}
/** How people read a platform in messages: `linux/x64`, `macos/arm64`, `windows/x64`. */
function platformLabel(key) {
    const [os, arch] = key.split('-');
    const osLabel = os === 'darwin' ? 'macos' : os === 'win32' ? 'windows' : os;
    return `${osLabel}/${arch}`;
}
/** The runner's platform, or undefined when Node reports one no tool here is built for. */
function currentPlatform(platform = process.platform, arch = process.arch) {
    if (platform !== 'linux' && platform !== 'darwin' && platform !== 'win32')
        return undefined;
    if (arch !== 'x64' && arch !== 'arm64')
        return undefined;
    return { os: platform, arch };
}
/** The packing of an asset, read from its name. */
function archiveKind(asset) {
    if (asset.endsWith('.tar.gz'))
        return 'tar.gz';
    if (asset.endsWith('.zip'))
        return 'zip';
    return 'raw';
}
const GITHUB_BASE = 'https://github.com';
/**
 * The download URL of a release asset: GitHub's real shape
 * `https://github.com/<owner>/<repo>/releases/download/<tag>/<asset>`, with `https://github.com`
 * replaced by the mirror base (path prefix kept) when one is configured.
 */
function releaseAssetUrl(spec, version, asset, mirror) {
    const base = (mirror ?? GITHUB_BASE).replace(/\/+$/, '');
    const segments = [spec.owner, spec.repo, 'releases', 'download', spec.tag(version), asset];
    return `${base}/${segments.map(encodeURIComponent).join('/')}`;
}

// EXTERNAL MODULE: external "node:events"
var external_node_events_ = __webpack_require__(78474);
;// CONCATENATED MODULE: ./src/tools/tar-member.ts
/**
 * Reading one member of a gzipped tar archive as a stream, without writing anything: the check of a
 * cached tool hashes the archive and the member it holds in the same pass over the file.
 *
 * Enough of tar for release archives (goreleaser, GNU tar): 512-byte headers, ustar `prefix`,
 * GNU long names (`L`) and pax `path` records (`x`); any other entry is skipped by its size.
 */







const BLOCK = 512;
function field(header, start, length) {
    const raw = header.subarray(start, start + length);
    const end = raw.indexOf(0);
    return raw.subarray(0, end === -1 ? length : end).toString('utf8');
}
function octal(header, start, length) {
    const text = field(header, start, length).trim();
    if (!/^[0-7]*$/.test(text))
        throw new Error('a tar header with a malformed size');
    return text === '' ? 0 : parseInt(text, 8);
}
/** A member path compared as tar lists it: without a leading `./`. */
function normalize(path) {
    return path.replace(/^(\.\/)+/, '');
}
/** The `path` of a pax extended header, if it has one. */
function paxPath(data) {
    let at = 0;
    while (at < data.length) {
        const space = data.indexOf(0x20, at);
        if (space === -1)
            break;
        const length = Number(data.subarray(at, space).toString('ascii'));
        if (!Number.isInteger(length) || length <= 0)
            break;
        const record = data.subarray(space + 1, at + length - 1).toString('utf8');
        if (record.startsWith('path='))
            return record.slice('path='.length);
        at += length;
    }
    return undefined;
}
async function tar_member_closed(out) {
    out.end();
    await (0,external_node_stream_promises_.finished)(out);
}
/** Walks a tar stream's entries and hands the one wanted member's content to a sink. */
class MemberReader {
    wanted;
    sink;
    pending = Buffer.alloc(0);
    /** Bytes left of the current entry's data, then of its padding to a 512-byte block. */
    remaining = 0;
    padding = 0;
    kind = 'skip';
    meta = [];
    nextName;
    ended = false;
    /** Whether the member was found (and its content handed over in full). */
    found = false;
    constructor(wanted, sink) {
        this.wanted = wanted;
        this.sink = sink;
    }
    async feed(chunk) {
        this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
        while (!this.ended) {
            if (this.remaining > 0) {
                if (!(await this.data()))
                    return;
            }
            else if (this.padding > 0) {
                const take = Math.min(this.padding, this.pending.length);
                this.pending = this.pending.subarray(take);
                this.padding -= take;
                if (this.padding > 0)
                    return;
            }
            else if (this.pending.length < BLOCK)
                return;
            else
                await this.header();
        }
    }
    /** Consumes entry data; false when the chunk ran out first. */
    async data() {
        const take = Math.min(this.remaining, this.pending.length);
        if (take === 0)
            return false;
        const data = this.pending.subarray(0, take);
        this.pending = this.pending.subarray(take);
        this.remaining -= take;
        if (this.kind === 'member')
            await this.sink.data(data);
        else if (this.kind !== 'skip')
            this.meta.push(Buffer.from(data));
        if (this.remaining > 0)
            return false;
        await this.entryDone();
        return true;
    }
    async entryDone() {
        if (this.kind === 'member') {
            this.found = true;
            await this.sink.end();
        }
        const meta = Buffer.concat(this.meta);
        if (this.kind === 'longname')
            this.nextName = field(meta, 0, meta.length);
        if (this.kind === 'pax')
            this.nextName = paxPath(meta) ?? this.nextName;
        this.meta = [];
    }
    async header() {
        const header = this.pending.subarray(0, BLOCK);
        this.pending = this.pending.subarray(BLOCK);
        if (header.every(b => b === 0)) {
            this.ended = true;
            return;
        }
        const size = octal(header, 124, 12);
        const type = String.fromCharCode(header[156] ?? 0);
        const prefix = field(header, 345, 155);
        const name = this.nextName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
        if (type === 'L')
            this.kind = 'longname';
        else if (type === 'x')
            this.kind = 'pax';
        else {
            this.nextName = undefined;
            const regular = type === '0' || type === '\0';
            this.kind = regular && !this.found && normalize(name) === this.wanted ? 'member' : 'skip';
        }
        this.remaining = size;
        this.padding = (BLOCK - (size % BLOCK)) % BLOCK;
        if (size === 0)
            await this.entryDone();
    }
}
/** A sink that hashes the member and, when asked, writes it to a new file. */
function hashingSink(writeTo) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    const out = writeTo
        ? (0,external_node_fs_.createWriteStream)(writeTo, { flags: 'wx', mode: 0o700 })
        : undefined;
    const sink = {
        data: async (chunk) => {
            hash.update(chunk);
            if (out && !out.write(chunk))
                await (0,external_node_events_.once)(out, 'drain');
        },
        end: async () => {
            sink.digest = hash.digest('hex');
            if (out)
                await tar_member_closed(out);
        }
    };
    return sink;
}
/**
 * Hashes the gzipped tar `file` and the regular-file member `memberPath` in it, in one read, and
 * writes the member to `writeTo` (a new file) when asked. The archive's own digest is what proves
 * where the member came from.
 */
async function tarGzDigests(file, memberPath, writeTo) {
    const archiveHash = (0,external_node_crypto_.createHash)('sha256');
    const source = (0,external_node_fs_.createReadStream)(file, { highWaterMark: 1 << 20 });
    source.on('data', chunk => archiveHash.update(chunk));
    const gunzip = source.pipe((0,external_node_zlib_.createGunzip)({ chunkSize: 1 << 20 }));
    source.on('error', error => gunzip.destroy(error));
    const sink = hashingSink(writeTo);
    const reader = new MemberReader(normalize(memberPath), sink);
    // Read to the end, past the tar's end marker: the archive's digest covers the whole file.
    for await (const chunk of gunzip)
        await reader.feed(chunk);
    return { archive: archiveHash.digest('hex'), ...(sink.digest !== undefined ? { member: sink.digest } : {}) };
}
/**
 * Checks a cached executable against the member of a cached gzipped tar: the archive is hashed (on
 * the thread pool, by WebCrypto) while it is decompressed (also on the thread pool) and the
 * member's bytes are compared with the executable's as they come. Comparing instead of hashing the
 * 168 MB executable and the 168 MB member leaves decompression as the only large cost.
 */
async function checkTarGzMember(archiveFile, memberPath, executable) {
    const archive = await (0,promises_.readFile)(archiveFile);
    const digest = external_node_crypto_.webcrypto.subtle.digest('SHA-256', archive);
    const handle = await (0,promises_.open)(executable, 'r');
    try {
        let offset = 0;
        let same = true;
        const buffer = Buffer.allocUnsafe(1 << 20);
        const sink = {
            data: async (chunk) => {
                for (let at = 0; same && at < chunk.length; at += buffer.length) {
                    const part = chunk.subarray(at, at + buffer.length);
                    const { bytesRead } = await handle.read(buffer, 0, part.length, offset + at);
                    same = bytesRead === part.length && buffer.subarray(0, bytesRead).equals(part);
                }
                offset += chunk.length;
            },
            // The executable must also end where the member does.
            end: async () => {
                same = same && (await handle.stat()).size === offset;
            }
        };
        const reader = new MemberReader(normalize(memberPath), sink);
        for await (const chunk of external_node_stream_.Readable.from([archive]).pipe((0,external_node_zlib_.createGunzip)({ chunkSize: 1 << 20 })))
            await reader.feed(chunk);
        const hex = Buffer.from(await digest).toString('hex');
        return { archive: hex, member: !reader.found ? 'missing' : same ? 'same' : 'different' };
    }
    finally {
        await handle.close();
    }
}

;// CONCATENATED MODULE: ./src/tools/cache-entry.ts
/**
 * What the installer keeps in the runner tool cache, and why an entry can still be trusted.
 *
 * The tool cache outlives a job on self-hosted runners, and anything an earlier job ran (a pull
 * request's build script, a compromised dependency) can write there: a fake `trivy` together with
 * a manifest that describes it. So nothing in an entry vouches for itself. An entry is used only
 * when its release asset matches the digest a fresh download would have to match (pinned in
 * container-gate, given in `tool-digests`, or the release's checksum file) and its executable is
 * exactly that asset's (for archives: the member extracted again from the cached asset).
 */






/** Written next to the cached binary: a record of the install (informational, never trusted). */
const MANIFEST_FILE = 'container-gate-install.json';
/**
 * Puts the executable of a verified release asset at `dest` (a new file) and returns its SHA-256.
 * A tar.gz is read in-process and only its one member is written; a zip is unpacked into `scratch`
 * first. Throws when the archive does not hold the executable.
 */
async function extractMember(release, assetFile, dest, scratch, deps) {
    const kind = archiveKind(release.asset);
    const memberPath = release.spec.member(release.platform);
    const missing = () => new errors/* ToolError */.v4(`${release.asset} does not contain the executable ${memberPath}; nothing was cached.`);
    if (kind === 'tar.gz') {
        const digests = await tarGzDigests(assetFile, memberPath, dest);
        if (digests.member === undefined)
            throw missing();
        return digests.member;
    }
    if (kind === 'raw') {
        await (0,promises_.copyFile)(assetFile, dest);
        return sha256File(dest);
    }
    const extracted = (0,external_node_path_.join)(scratch, 'extract');
    await (0,promises_.mkdir)(extracted);
    await deps.toolCache.extractZip(assetFile, extracted);
    const member = (0,external_node_path_.join)(extracted, memberPath);
    const info = await (0,promises_.lstat)(member).catch(() => undefined);
    if (!info?.isFile())
        throw missing();
    await (0,promises_.copyFile)(member, dest);
    return sha256File(dest);
}
/** The SHA-256 of a regular file (not a link) in a cache entry, or why it cannot be had. */
async function regularFileDigest(file, name) {
    await regularFile(file, name);
    return sha256File(file);
}
async function regularFile(file, name) {
    const info = await (0,promises_.lstat)(file).catch(() => undefined);
    if (!info)
        throw new Error(`it has no ${name}`);
    if (!info.isFile())
        throw new Error(`${name} is not a regular file`);
}
/**
 * Why a tool-cache entry cannot be used, or undefined when it holds exactly the release:
 * `expected` is the asset digest from outside the cache (pinned, input or checksum file).
 *
 * The cost is one read of each file and nothing written: the cached archive is hashed while it is
 * decompressed, and the executable compared byte for byte with the member as it comes out.
 */
async function cachedEntryProblem(dir, release, expected, scratch, deps) {
    let manifest;
    try {
        manifest = JSON.parse(await (0,promises_.readFile)((0,external_node_path_.join)(dir, MANIFEST_FILE), 'utf8'));
    }
    catch {
        return `it has no readable ${MANIFEST_FILE}`;
    }
    const { spec, version, asset, binary } = release;
    if (manifest.tool !== spec.name || manifest.version !== version || manifest.binary !== binary)
        return `its ${MANIFEST_FILE} describes another install`;
    try {
        const kind = archiveKind(asset);
        if (kind === 'raw') {
            const binaryDigest = await regularFileDigest((0,external_node_path_.join)(dir, binary), binary);
            return binaryDigest === expected ? undefined : `${binary} does not match the release's SHA-256`;
        }
        const cachedAsset = (0,external_node_path_.join)(dir, asset);
        if (kind === 'tar.gz') {
            await regularFile(cachedAsset, asset);
            await regularFile((0,external_node_path_.join)(dir, binary), binary);
            const checked = await checkTarGzMember(cachedAsset, spec.member(release.platform), (0,external_node_path_.join)(dir, binary)).catch(async (error) => {
                // A file that is not even a gzipped tar says first that it is not the release's.
                if ((await sha256File(cachedAsset)) !== expected)
                    return { archive: '', member: 'missing' };
                throw error;
            });
            if (checked.archive !== expected)
                return `${asset} does not match the release's SHA-256`;
            return checked.member === 'same' ? undefined : `${binary} is not the executable in ${asset}`;
        }
        const binaryDigest = await regularFileDigest((0,external_node_path_.join)(dir, binary), binary);
        if ((await regularFileDigest(cachedAsset, asset)) !== expected)
            return `${asset} does not match the release's SHA-256`;
        // Unpacked through a link in the scratch folder: the archiver's command line is echoed to the
        // log by @actions/exec, and the tool cache's path is not ours to vouch for.
        const link = (0,external_node_path_.join)(scratch, 'cached-asset');
        await (0,promises_.symlink)(cachedAsset, link);
        const member = await extractMember(release, link, (0,external_node_path_.join)(scratch, 'member'), scratch, deps);
        if (member !== binaryDigest)
            return `${binary} is not the executable in ${asset}`;
    }
    catch (error) {
        return (0,errors/* messageOf */.bD)(error);
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/tools/checksums.ts
/**
 * Reading published SHA-256 files. The formats in use by the catalog's tools:
 *   goreleaser (trivy, cosign):   `<sha256>  <asset>`
 *   sha256sum -b (hadolint):      `<sha256> *<asset>`
 *   find | xargs sha256sum (gator): `<sha256>  ./<asset>`
 *   hadolint ≤ 2.14 `<asset>.sha256`: one such line (a bare digest is accepted for per-asset files)
 *
 * The text comes from the network, so it is parsed defensively: size-capped, only well-formed lines
 * count, and a file naming the same asset twice with different digests is refused rather than
 * resolved either way.
 */

const LINE = /^([0-9a-fA-F]{64})(?:[ \t]+\*?|[ \t]*\*)(\S(?:.*\S)?)$/;
const BARE = /^([0-9a-fA-F]{64})$/;
/** Checksum files are tiny; anything bigger is not one. */
const MAX_CHECKSUM_FILE_BYTES = 1024 * 1024;
/** Entries of a checksum file: asset name (without a leading `./`) → lower-case digest. */
function parseChecksumFile(text) {
    const entries = new Map();
    const conflicts = new Set();
    for (const raw of text.split(/\r?\n/)) {
        const line = raw.trim();
        const match = LINE.exec(line);
        if (!match)
            continue;
        const digest = match[1].toLowerCase();
        const name = match[2].replace(/^\.\//, '');
        const seen = entries.get(name);
        if (seen !== undefined && seen !== digest)
            conflicts.add(name);
        entries.set(name, digest);
    }
    for (const name of conflicts)
        entries.delete(name);
    return entries;
}
/**
 * The digest a checksum file publishes for one asset. Throws a ToolError naming the file and the
 * asset when there is no usable line, so a missing entry can never fall through to "unverified".
 */
function digestFor(text, asset, source) {
    if (Buffer.byteLength(text, 'utf8') > MAX_CHECKSUM_FILE_BYTES) {
        throw new errors/* ToolError */.v4(`Checksum file ${source.file} is larger than ${MAX_CHECKSUM_FILE_BYTES} bytes; refusing it.`);
    }
    const entries = parseChecksumFile(text);
    const named = entries.get(asset);
    if (named !== undefined)
        return named;
    if (hasConflict(text, asset)) {
        throw new errors/* ToolError */.v4(`Checksum file ${source.file} lists ${asset} with two different digests; refusing to choose.`);
    }
    if (source.perAsset) {
        const lines = text
            .split(/\r?\n/)
            .map(line => line.trim())
            .filter(line => line !== '');
        if (lines.length === 1) {
            const bare = BARE.exec(lines[0]);
            if (bare)
                return bare[1].toLowerCase();
        }
        if (entries.size > 0) {
            throw new errors/* ToolError */.v4(`Checksum file ${source.file} names ${[...entries.keys()].join(', ')}, not ${asset}; refusing it.`);
        }
    }
    throw new errors/* ToolError */.v4(`Checksum file ${source.file} has no SHA-256 line for ${asset}; refusing to install unverified.`);
}
function hasConflict(text, asset) {
    const digests = new Set();
    for (const raw of text.split(/\r?\n/)) {
        const match = LINE.exec(raw.trim());
        if (match && match[2].replace(/^\.\//, '') === asset)
            digests.add(match[1].toLowerCase());
    }
    return digests.size > 1;
}

;// CONCATENATED MODULE: ./src/tools/install.ts
/**
 * The one installer. For a tool and version it returns a verified executable, trying in order:
 *   1. the runner tool cache: entries whose release asset still matches the digest a download would
 *      have to match, and whose executable is that asset's (src/tools/cache-entry.ts),
 *   2. only when the workflow says it trusts the runner image (`trust-path-tools: true`): a binary
 *      already on PATH that reports exactly the requested version,
 *   3. a download of the release asset, verified by SHA-256 before it is unpacked or run.
 *
 * PATH is not consulted by default because asking a binary its version means running it: a
 * compromised `trivy` on PATH (a poisoned runner image, an earlier step of the job) would run with
 * the job's environment before anything could refuse it.
 *
 * Failing closed: an unsupported platform, a download error, a digest mismatch,
 * a missing checksum line or a binary that does not answer its version command all throw, and no
 * entry appears in the tool cache until every check has passed (the work happens in a staging
 * directory that is renamed into place, or removed).
 */








const EXPECTED_FROM = {
    'input-digest': "given in the 'tool-digests' input",
    'pinned-digest': 'pinned in container-gate',
    'checksum-file': 'from the release checksum file'
};
/** Largest release asset accepted (Trivy's archives are under 100 MB, cosign's Windows binary ~200 MB). */
const MAX_ASSET_BYTES = 512 * 1024 * 1024;
const MAX_VERSION_OUTPUT = 1024 * 1024;
/** The tool-cache name: namespaced so entries other actions made under `trivy` are never picked up. */
function toolCacheName(tool) {
    return `container-gate-${tool}`;
}
/** The release asset the request needs on this platform; a ConfigurationError when there is none. */
function releaseFor(request) {
    const spec = CATALOG[request.tool];
    const version = request.version;
    const platform = request.platform ?? currentPlatform();
    const assets = spec.assets(version);
    const available = Object.keys(assets).map(platformLabel).join(', ');
    if (!platform) {
        throw new errors/* ConfigurationError */.j1(`This runner (${process.platform}/${process.arch}) is not a platform ${spec.name} ${version} is published for; available: ${available}. Run the job on one of those (runs-on).`);
    }
    const key = platformKey(platform);
    const asset = assets[key];
    if (asset === undefined) {
        throw new errors/* ConfigurationError */.j1(`${spec.name} ${version} publishes no build for ${platformLabel(key)}; available: ${available}. Run the job on one of those (runs-on), or set input '${spec.name}-version' to a release built for ${platformLabel(key)}.`);
    }
    return { spec, version, platform, asset, binary: spec.binary(platform) };
}
/**
 * The tool-cache entry for the request, checked (step 1 of installTool alone): undefined when there
 * is none or it does not hold the release. Runs nothing, and fetches nothing but a checksum file;
 * so it can start before the run knows it will scan, and installTool finish the job.
 */
async function checkToolCache(request, deps) {
    return fromToolCache(releaseFor(request), request, deps);
}
/** `cached`: the result of checkToolCache for this request, when it was started earlier. */
async function installTool(request, deps, cached) {
    const release = releaseFor(request);
    const fromCache = await (cached ?? fromToolCache(release, request, deps));
    if (fromCache)
        return fromCache;
    if (request.trustPath === true) {
        const onPath = await fromPath(release.spec, release.version, release.binary, deps);
        if (onPath)
            return onPath;
    }
    return download(release, request, deps);
}
/** A scratch directory under RUNNER_TEMP for `work`, always removed afterwards. */
async function withScratch(spec, deps, work) {
    const scratch = await (0,promises_.mkdtemp)((0,external_node_path_.join)(deps.tempRoot(), `container-gate-${spec.name}-`));
    try {
        return await work(scratch);
    }
    finally {
        await (0,promises_.rm)(scratch, { recursive: true, force: true });
    }
}
/**
 * The SHA-256 the release asset must have, from outside the tool cache: the `tool-digests` input,
 * else the digest pinned in container-gate, else the release's checksum file (fetched; its URL is
 * added to `downloaded`). A missing checksum line fails here, before the asset is fetched.
 */
async function expectedDigest(release, request, deps, scratch, downloaded) {
    const { spec, version, asset } = release;
    const given = request.digests?.get(asset);
    if (given !== undefined)
        return { digest: given, verifiedBy: 'input-digest' };
    const pinned = pinnedDigest(spec.name, version, asset, deps.pinned);
    if (pinned !== undefined)
        return { digest: pinned, verifiedBy: 'pinned-digest' };
    const source = spec.checksums(version, asset);
    const url = releaseAssetUrl(spec, version, source.file, request.mirror);
    const file = (0,external_node_path_.join)(scratch, 'checksums');
    deps.logger.info(`${spec.name} ${version}: fetching ${url}`);
    await downloadWithRetry(url, file, MAX_CHECKSUM_FILE_BYTES, retryingOf(deps));
    downloaded.push(url);
    return { digest: digestFor(await (0,promises_.readFile)(file, 'utf8'), asset, source), verifiedBy: 'checksum-file' };
}
function retryingOf(deps) {
    return { http: deps.http, sleep: deps.sleep, retry: deps.retry, debug: deps.logger.debug };
}
async function fromToolCache(release, request, deps) {
    const { spec, version, platform, binary } = release;
    const dir = deps.toolCache.find(toolCacheName(spec.name), version, platform.arch);
    if (!dir)
        return undefined;
    return withScratch(spec, deps, async (scratch) => {
        const downloaded = [];
        const expected = await expectedDigest(release, request, deps, scratch, downloaded);
        const problem = await cachedEntryProblem(dir, release, expected.digest, scratch, deps);
        if (problem) {
            deps.logger.warning(`Ignoring the tool-cache entry ${dir} for ${spec.name} ${version}: ${problem}. Reinstalling.`);
            return undefined;
        }
        const path = (0,external_node_path_.join)(dir, binary);
        deps.logger.info(`${spec.name} ${version}: using the tool cache (${path}), its release SHA-256 checked again.`);
        return { tool: spec.name, path, version, fromCache: true, source: 'tool-cache', downloaded };
    });
}
async function fromPath(spec, version, binary, deps) {
    const path = await deps.which(binary);
    if (!path)
        return undefined;
    let reported;
    try {
        reported = await reportedVersion(spec, path, deps);
    }
    catch (error) {
        deps.logger.info(`${spec.name}: not using ${path} from PATH: ${(0,errors/* messageOf */.bD)(error)}.`);
        return undefined;
    }
    if (reported !== version) {
        deps.logger.info(`${spec.name}: not using ${path} from PATH: it reports ${reported ?? 'no readable version'}, ${version} is required.`);
        return undefined;
    }
    deps.logger.info(`${spec.name} ${version}: using ${path} from PATH (trust-path-tools is true and it reports this version; not verified by SHA-256).`);
    return { tool: spec.name, path, version, fromCache: false, source: 'path', downloaded: [] };
}
/** Runs the tool's version command; the version it reports, or undefined when unreadable. */
async function reportedVersion(spec, path, deps) {
    const result = await deps.exec(path, spec.versionArgs, { maxOutputBytes: MAX_VERSION_OUTPUT });
    if (result.exitCode !== 0) {
        throw new errors/* ToolError */.v4(`'${[path, ...spec.versionArgs].join(' ')}' exited with code ${result.exitCode}`);
    }
    return spec.parseVersion(`${result.stdout}\n${result.stderr}`);
}
/**
 * Fetches the asset into `dir`, hashing it as it arrives, and compares the digest before anything
 * reads it as an archive or runs it; a mismatch throws and nothing is unpacked, run or cached.
 */
async function fetchVerifiedAsset(release, mirror, expected, dir, deps) {
    const { spec, version, asset } = release;
    const url = releaseAssetUrl(spec, version, asset, mirror);
    // A raw asset is the executable: it is downloaded under its final name, and not copied again.
    const file = (0,external_node_path_.join)(dir, archiveKind(asset) === 'raw' ? release.binary : asset);
    deps.logger.info(`${spec.name} ${version}: downloading ${url}`);
    const sha256 = await downloadWithRetry(url, file, MAX_ASSET_BYTES, retryingOf(deps));
    if (sha256 !== expected.digest) {
        throw new errors/* ToolError */.v4(`SHA-256 mismatch for ${asset} from ${url}: expected ${expected.digest} ` +
            `(${EXPECTED_FROM[expected.verifiedBy]}), ` +
            `got ${sha256}. The file was not unpacked or run, and nothing was cached.`);
    }
    deps.logger.info(`${spec.name} ${version}: SHA-256 ${sha256} verified (${expected.verifiedBy}).`);
    return { url, file, sha256 };
}
/**
 * Puts the executable beside the verified asset in the staging directory (the archive stays, so a
 * later run can check the cached executable against it); its SHA-256 for the install record.
 */
async function stageExecutable(release, asset, staging, scratch, deps) {
    const executable = (0,external_node_path_.join)(staging, release.binary);
    const sha256 = archiveKind(release.asset) === 'raw'
        ? asset.sha256
        : await extractMember(release, asset.file, executable, scratch, deps);
    await (0,promises_.chmod)(executable, 0o755);
    return { executable, sha256 };
}
/** The staged executable must run and report the version asked for. */
async function checkStagedVersion(release, executable, assetUrl, deps) {
    const { spec, version } = release;
    let reported;
    try {
        reported = await reportedVersion(spec, executable, deps);
    }
    catch (error) {
        throw new errors/* ToolError */.v4(`${spec.name} ${version} from ${assetUrl} does not run: ${(0,errors/* messageOf */.bD)(error)}. Nothing was cached.`);
    }
    if (reported !== version) {
        throw new errors/* ToolError */.v4(`${spec.name} from ${assetUrl} reports version ${reported ?? '(unreadable)'}, not ${version}. Nothing was cached.`);
    }
}
/** Writes the install record and moves the staging directory to its place in the tool cache. */
async function cacheStaged(release, staging, digests, deps) {
    const { spec, version, platform, asset, binary } = release;
    const manifest = {
        tool: spec.name,
        version,
        asset,
        assetSha256: digests.asset,
        binary,
        binarySha256: digests.binary
    };
    await (0,promises_.writeFile)((0,external_node_path_.join)(staging, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    const dir = await deps.toolCache.complete(staging, toolCacheName(spec.name), version, platform.arch);
    const path = (0,external_node_path_.join)(dir, binary);
    deps.logger.info(`${spec.name} ${version}: installed to ${path}.`);
    return path;
}
/**
 * Downloads, verifies, unpacks, checks and caches the release, in that order. The asset is written
 * once, straight into a staging directory inside the tool cache, hashed as it arrives; only the
 * executable is unpacked beside it; the directory becomes the cache entry by a rename once every
 * check has passed, and is removed otherwise.
 */
async function download(release, request, deps) {
    const { spec, version } = release;
    return withScratch(spec, deps, async (scratch) => {
        const downloaded = [];
        // The expected digest first: a missing checksum line fails before the asset is fetched.
        const expected = await expectedDigest(release, request, deps, scratch, downloaded);
        const staging = await deps.toolCache.stage();
        try {
            const asset = await fetchVerifiedAsset(release, request.mirror, expected, staging, deps);
            downloaded.push(asset.url);
            const staged = await stageExecutable(release, asset, staging, scratch, deps);
            await checkStagedVersion(release, staged.executable, asset.url, deps);
            // Only now does anything reach the tool cache.
            const path = await cacheStaged(release, staging, { asset: asset.sha256, binary: staged.sha256 }, deps);
            return {
                tool: spec.name,
                path,
                version,
                fromCache: false,
                source: 'download',
                downloaded,
                verifiedBy: expected.verifiedBy
            };
        }
        finally {
            // Gone after a success (renamed into place); removed with whatever it holds after a failure.
            await (0,promises_.rm)(staging, { recursive: true, force: true });
        }
    });
}

;// CONCATENATED MODULE: ./src/tools/toolset.ts



const SOURCE_WORDS = {
    download: 'downloaded and verified',
    'tool-cache': 'from the tool cache, its SHA-256 checked again',
    path: 'from PATH (trust-path-tools), not verified'
};
/** "trivy 0.74.0: downloaded and verified (pinned-digest), 3.1 s". */
function installedLine(tool, ms) {
    const how = tool.source === 'download' ? `${SOURCE_WORDS.download} (${tool.verifiedBy})` : SOURCE_WORDS[tool.source];
    return `${tool.tool} ${tool.version}: ${how}, ${(0,log/* formatDuration */.a3)(ms)}.`;
}
function requestFor(tool, settings) {
    return {
        tool,
        version: settings.versions[tool],
        mirror: settings.mirror,
        digests: settings.digests,
        trustPath: settings.trustPathTools
    };
}
/** A logger whose lines wait until its group of the log is open, then pass straight through. */
function heldLogger() {
    const held = [];
    let open = false;
    const say = (level) => (message) => {
        if (open)
            log/* log */.Rm[level](message);
        else
            held.push(() => log/* log */.Rm[level](message));
    };
    return {
        debug: say('debug'),
        info: say('info'),
        warning: say('warning'),
        open: () => {
            open = true;
            for (const line of held.splice(0))
                line();
        }
    };
}
/**
 * Starts checking the tool-cache entries of tools a run is sure to need, before it has chosen its
 * files: the check of a cached archive (Trivy's: decompressed again, its 168 MB executable compared)
 * is the longest wait of a warm run and executes nothing. What it says waits for the install group.
 */
function checkToolCacheEarly(tools, settings, clock = log/* systemClock */.ml) {
    const checks = new Map();
    for (const tool of new Set(tools)) {
        const logger = heldLogger();
        const started = clock.now();
        const cached = checkToolCache(requestFor(tool, settings), defaultInstallDeps({ logger }));
        // An error is the install's to report (installTool awaits it); a run that stops earlier drops it.
        cached.catch(() => { });
        checks.set(tool, { started, cached, logger });
    }
    return checks;
}
/**
 * Starts installing the given tools concurrently; each is verified before it is cached or run.
 * A tool in `early` continues from its tool-cache check.
 */
function startInstalls(tools, settings, deps = defaultInstallDeps(), clock = log/* systemClock */.ml, early = new Map()) {
    const names = [...new Set(tools)];
    const installs = names.map(async (tool) => {
        const check = early.get(tool);
        const started = check?.started ?? clock.now();
        const done = await installTool(requestFor(tool, settings), deps, check?.cached);
        return { done, ms: clock.now() - started };
    });
    const ready = {};
    installs.forEach((install, i) => {
        const path = install.then(({ done }) => done.path);
        // A failed install is reported by all(); a scan waiting on it fails with the same error.
        path.catch(() => { });
        ready[names[i]] = path;
    });
    return {
        ready,
        all: async () => {
            for (const tool of names)
                early.get(tool)?.logger.open();
            const set = { paths: {}, versions: {} };
            for (const { done: tool, ms } of await Promise.all(installs)) {
                set.paths[tool.tool] = tool.path;
                set.versions[tool.tool] = tool.version;
                log/* log */.Rm.info(installedLine(tool, ms));
            }
            return set;
        }
    };
}

// EXTERNAL MODULE: ./src/tools/trivy-db/files.ts
var trivy_db_files = __webpack_require__(83166);
// EXTERNAL MODULE: ./src/tools/trivy-db/handoff.ts + 1 modules
var handoff = __webpack_require__(1865);
;// CONCATENATED MODULE: ./src/scanners/trivy-turns.ts
/**
 * Trivy's scans share one cache dir, and Trivy takes no lock between processes around what it
 * downloads into it: two image scans that both find the DB missing or due download it at once, and
 * one removes the folder the other is writing ("failed to update downloaded_at: unable to get
 * metadata" — trivy 0.74 pkg/db); two config scans can do the same to the checks bundle, and a
 * half-written bundle is read as fewer checks. So a scan that may update a shared part takes its turn:
 * one at a time, and a scan that starts after the part is current is told not to touch it
 * (`--skip-db-update`, `--skip-java-db-update`, `--skip-check-update`) and runs alongside the others.
 */

const FREE = { extraArgs: [], release: () => { } };
/** A queue of one: each caller waits for the one before to release. */
function oneAtATime() {
    let tail = Promise.resolve();
    return async () => {
        let release;
        const held = new Promise(resolve => (release = resolve));
        const before = tail;
        tail = before.then(() => held);
        await before;
        return release;
    };
}
/** What an image scan may be told to skip at `now`: each DB that Trivy would leave as it is anyway. */
function dbSkips(cacheDir, now) {
    return [
        ...((0,trivy_db_files/* isTrivyDbCurrent */.CJ)(cacheDir, 'vulnerability', now) ? ['--skip-db-update'] : []),
        ...((0,trivy_db_files/* isTrivyDbCurrent */.CJ)(cacheDir, 'java', now) ? ['--skip-java-db-update'] : [])
    ];
}
/**
 * Turns for the jobs of one run. Image scans: free when both DBs are current (both skipped), else
 * one at a time, skipping what is current when the turn comes (the Java DB is fetched only for an
 * image with jars, so while it is missing every image scan may fetch it). Config scans with the
 * checks bundle online: the first alone, the rest after it with `--skip-check-update` (they read what
 * the first left, or Trivy's embedded checks as the first did). Other tools share nothing.
 */
function trivyCacheTurns(cacheDir, options) {
    const dbTurn = oneAtATime();
    const checksTurn = oneAtATime();
    let checksSettled = options.checksOffline;
    const settledChecks = { extraArgs: ['--skip-check-update'], release: () => { } };
    return async (job) => {
        if (job.tool !== 'trivy')
            return FREE;
        if (job.needsTrivyDb) {
            const skips = dbSkips(cacheDir, options.now());
            if (skips.length === 2)
                return { extraArgs: skips, release: () => { } };
            const release = await dbTurn();
            return { extraArgs: dbSkips(cacheDir, options.now()), release };
        }
        if (checksSettled)
            return options.checksOffline ? FREE : settledChecks;
        const release = await checksTurn();
        if (checksSettled) {
            release();
            return settledChecks;
        }
        return {
            extraArgs: [],
            release: () => {
                checksSettled = true;
                release();
            }
        };
    };
}
/** The job's argv with a turn's flags after the subcommand (before `--` and the target). */
function withTurnFlags(args, turn) {
    if (turn.extraArgs.length === 0)
        return [...args];
    return [args[0], ...turn.extraArgs, ...args.slice(1)];
}

;// CONCATENATED MODULE: ./src/tools/trivy-db/repositories.ts
/**
 * Where Trivy fetches its databases from, and what to say when it cannot: one `--db-repository` /
 * `--java-db-repository` flag per repository the inputs list (src/inputs/tools.ts), in the order
 * Trivy tries them; and, when every one failed, an error that names them, says why each failed and
 * how to stop depending on public registries.
 */

/** Trivy's flags for the DB repositories, one flag per repository, in priority order. */
function trivyDbArgs(repositories, javaRepositories = []) {
    const args = [];
    for (const repository of repositories)
        args.push('--db-repository', repository);
    for (const repository of javaRepositories)
        args.push('--java-db-repository', repository);
    return args;
}
const FAILED_ARTIFACT = /\[(vulndb|javadb|db)\][^\n]*?Failed to download artifact[^\n]*?repo="([^"]+)"[^\n]*?err="((?:[^"\\]|\\.)*)"/g;
const LAST_REPOSITORY = /failed to download artifact from (?!any source)(\S+): ([\s\S]*)$/;
/** A short, actionable reading of a registry error. */
function classifyRegistryError(text) {
    if (/TOOMANYREQUESTS|\b429\b|rate.?limit/i.test(text))
        return 'rate limited (TOOMANYREQUESTS)';
    if (/UNAUTHORIZED|DENIED|\b401\b|\b403\b|authentication required/i.test(text))
        return 'access denied';
    if (/MANIFEST_UNKNOWN|NAME_UNKNOWN|\b404\b|not found/i.test(text))
        return 'not found';
    if (/no such host|i\/o timeout|connection refused|connection reset|TLS handshake|dial tcp|\bEOF\b/i.test(text)) {
        return 'unreachable';
    }
    const oneLine = text.replace(/\\n|\\t|\s+/g, ' ').trim();
    return oneLine.length > 160 ? `${oneLine.slice(0, 157)}...` : oneLine;
}
/**
 * Turns Trivy's stderr after a failed DB download into an error that says which repositories were
 * tried, why each failed, and how to stop depending on them. Undefined when stderr shows no DB
 * download failure (the caller then reports Trivy's own error).
 */
function explainTrivyDbFailure(stderr, configured) {
    const attempts = { vulnerability: [], java: [] };
    for (const match of stderr.matchAll(FAILED_ARTIFACT)) {
        const kind = match[1] === 'javadb' ? 'java' : 'vulnerability';
        attempts[kind].push({ repository: match[2], problem: classifyRegistryError(match[3]) });
    }
    const vulnFailed = /failed to download vulnerability DB/i.test(stderr);
    const javaFailed = /Java DB (update|open) (error|failed)|failed to download Java DB/i.test(stderr);
    let kind;
    if (vulnFailed)
        kind = 'vulnerability';
    else if (javaFailed)
        kind = 'java';
    else
        return undefined;
    // The last repository's error is only in the fatal line: "failed to download artifact from <repo>: <error>".
    const last = LAST_REPOSITORY.exec(stderr);
    if (last && !attempts[kind].some(attempt => attempt.repository === last[1])) {
        attempts[kind].push({ repository: last[1], problem: classifyRegistryError(last[2].slice(0, 600)) });
    }
    const tried = attempts[kind].length > 0
        ? attempts[kind]
        : (kind === 'java' ? configured.javaDb : configured.db).map(repository => ({
            repository,
            problem: classifyRegistryError(stderr)
        }));
    const what = kind === 'java' ? 'Java index database' : 'vulnerability database';
    const source = kind === 'java' ? 'ghcr.io/aquasecurity/trivy-java-db:1' : 'ghcr.io/aquasecurity/trivy-db:2';
    const input = kind === 'java' ? 'trivy-java-db-repository' : 'trivy-db-repository';
    const target = kind === 'java' ? 'trivy-java-db:1' : 'trivy-db:2';
    return new errors/* ToolError */.v4(`Trivy could not download its ${what} and no cached copy was usable. Repositories tried, in order: ` +
        tried.map(attempt => `${attempt.repository} (${attempt.problem})`).join(', ') +
        `. To stop depending on public registries, copy the DB into a registry you control, e.g. ` +
        `'oras cp ${source} <your-registry>/${target}' or 'crane copy ${source} <your-registry>/${target}', ` +
        `then set the input ${input} to '<your-registry>/${target}' (a comma-separated list is tried in order). ` +
        `Keep cache-db: true so later runs reuse the DB instead of downloading it.`);
}

;// CONCATENATED MODULE: ./src/scanners/kustomize-patches.ts
/**
 * Which of the kustomizations' patch files no build shows. A patch file is not a manifest on its own
 * (a partial Deployment has no limits and no image), so it is judged through the builds that apply
 * it; but kustomize applies a patch whose `target:` selects nothing without a word, and a file named
 * as a patch is then judged nowhere. A pull request could name its privileged Deployment as a patch
 * to nothing and keep it out of every check, while `kubectl apply -f` on the folder (or any other
 * way the file reaches the cluster) still deploys it.
 *
 * So a patch file counts as applied only when every object it holds shows in some build: an object
 * of the same kind that has every field the patch writes, with the patch's values (list items
 * matched by `name`, as strategic merge matches containers). Anything else is judged as the plain
 * manifest it is. Pure: the texts are given.
 */


const nameOf = (node) => node.kind === 'map' && node.fields.get('name')?.node.kind === 'scalar'
    ? node.fields.get('name').node.value
    : undefined;
/** Whether `built` has everything `patch` writes. `$` directives (`$patch`, `$setElementOrder`) and
 * null (a deletion) are instructions, not content; the object's own name and namespace are left to
 * namePrefix, nameSuffix and namespace, which rename what they patch. `at` is the map's path. */
function shows(built, patch, at = '') {
    if (patch.kind === 'scalar')
        return patch.value === null || (built.kind === 'scalar' && built.value === patch.value);
    if (patch.kind === 'map') {
        if (built.kind !== 'map')
            return false;
        return [...patch.fields].every(([key, field]) => {
            if (key.startsWith('$') || (at === 'metadata' && (key === 'name' || key === 'namespace')))
                return true;
            const there = built.fields.get(key)?.node;
            if (field.node.kind === 'scalar' && field.node.value === null)
                return true;
            return there !== undefined && shows(there, field.node, at === '' ? key : `${at}.${key}`);
        });
    }
    if (built.kind !== 'seq')
        return false;
    return patch.items.every(item => {
        if (item.kind === 'map' && [...item.fields.keys()].some(k => k.startsWith('$')))
            return true;
        const name = nameOf(item);
        const candidates = name === undefined ? built.items : built.items.filter(b => nameOf(b) === name);
        return candidates.some(b => shows(b, item, `${at}[]`));
    });
}
function kustomize_patches_objectsOf(text) {
    return (0,documents/* readKubeDocuments */.cy)(text).flatMap(d => (0,objects/* documentObjects */.g)(d.root).objects);
}
/**
 * The patch files (repository paths) with an object no build shows: they are judged as manifests.
 * A patch file with no Kubernetes object (a JSON6902 list of operations) cannot be applied on its
 * own and is never among them.
 */
function unappliedPatchFiles(patches, builds) {
    const built = builds.flatMap(b => kustomize_patches_objectsOf(b.text));
    return patches
        .filter(({ text }) => kustomize_patches_objectsOf(text).some(p => !built.some(b => b.kind === p.kind && shows(b.node, p.node))))
        .map(p => p.path);
}

;// CONCATENATED MODULE: ./src/scanners/gator.ts
/**
 * gator (Gatekeeper's CLI): the cluster's own ConstraintTemplates and Constraints applied to the
 * repository's manifests with `gator test`. Everything here is pure: argv, staging the objects gator
 * reads and parsing its JSON (checking the policy files and explaining gator's failures:
 * gator-policies.ts).
 *
 * What gator 3.23.0 does (recorded in __fixtures__/recorded/gator-3.23.0-*.json):
 * - `gator test --output json --filename=<file>...` prints `null` when nothing is violated, else an
 *   array of {target, msg, constraint, enforcementAction, violatingObject, trace}; the violating
 *   object is echoed as written (no namespace is defaulted), with no file or line.
 * - It exits 1 when a `deny` constraint is violated and 0 for warn/dryrun only: data, not the verdict.
 * - Any YAML document without apiVersion (a workflow, a compose file) aborts the whole run ("resource
 *   has no version"), and `kind: List` is not expanded. So the manifests are not handed to gator as
 *   they are: their Kubernetes objects are staged into one file (see stageObjects).
 * - A broken template or a constraint without its template aborts with a message naming the
 *   template or constraint, never the file: explainGatorFailure maps the name back to the file.
 */




/** The annotations kustomize's buildMetadata adds (scanners/kustomize.ts asks for them). */
const BUILD_ANNOTATIONS = ['config.kubernetes.io/origin', 'alpha.config.kubernetes.io/transformations'];
/** An object of a build without the build annotations, so a policy judges what `kustomize build`
 * without them would send to the cluster. */
function withoutBuildMetadata(json) {
    const value = JSON.parse(json);
    const annotations = value.metadata?.annotations;
    if (!annotations)
        return json;
    for (const name of BUILD_ANNOTATIONS)
        delete annotations[name];
    if (Object.keys(annotations).length === 0)
        delete value.metadata.annotations;
    return JSON.stringify(value);
}
/** `gator test` over the policy files and the staged objects; JSON on stdout. */
function gatorTestArgs(policyFiles, objectsFile) {
    // `--filename=<path>` rather than two arguments: a file named like a flag stays a file name.
    return ['test', '--output', 'json', ...[...policyFiles, objectsFile].map(f => `--filename=${f}`)];
}
/** deny: the cluster refuses the object; warn: it admits it with a warning; dryrun: audit only. */
const ACTION_SEVERITY = { deny: 'CRITICAL', warn: 'MEDIUM', dryrun: 'LOW' };
/** Objects compared by content: JSON with sorted keys. */
function canonicalJson(value) {
    const sort = (v) => Array.isArray(v)
        ? v.map(sort)
        : (0,json_input/* isObject */.Gv)(v)
            ? Object.fromEntries(Object.keys(v)
                .sort()
                .map(k => [k, sort(v[k])]))
            : v;
    return JSON.stringify(sort(value));
}
/**
 * The Kubernetes objects of the manifests, one JSON document each (YAML is a superset), read as
 * kubectl reads them (kube/documents.ts: YAML 1.1 scalars, merge keys, last of duplicate keys, lists
 * flattened with kubectl's rules) so gator judges what the cluster would receive. Documents that are
 * not Kubernetes objects and documents that cannot be read are left out (the admission rules report
 * the latter as CG-NOT-CHECKED), and Gatekeeper's own objects are left to the policy files.
 */
function stageObjects(manifests) {
    const docs = [];
    const refs = [];
    for (const file of manifests) {
        for (const doc of (0,documents/* readKubeDocuments */.cy)(file.text)) {
            for (const object of (0,objects/* documentObjects */.g)(doc.root).objects) {
                // The cluster's policies come from the gatekeeper-policies files; a template or constraint
                // among the manifests would otherwise become a policy of its own.
                if (object.apiVersion.split('/')[0].endsWith('gatekeeper.sh'))
                    continue;
                const json = file.built ? withoutBuildMetadata((0,objects/* objectJson */.k)(object)) : (0,objects/* objectJson */.k)(object);
                const metadata = object.node.fields.get('metadata');
                refs.push({
                    file: file.path,
                    kind: object.kind,
                    namespace: object.namespace,
                    name: object.name,
                    startLine: metadata?.keyLine ?? object.node.line,
                    endLine: metadata ? Math.max(metadata.keyLine, metadata.node.endLine) : object.node.line,
                    content: canonicalJson(JSON.parse(json))
                });
                docs.push(json);
            }
        }
    }
    return { yaml: docs.map(d => `${d}\n`).join('---\n'), objects: refs };
}
const SEVERITY_ORDER = ['CRITICAL', 'MEDIUM', 'LOW'];
/**
 * What the admission webhook does for a `scoped` constraint: the most severe action listed for the
 * validation.gatekeeper.sh enforcement point (or `*`). None listed: the webhook does not act.
 */
function scopedSeverity(constraint) {
    const actions = (0,json_input/* objects */.JD)((0,json_input/* obj */.WL)(constraint, 'spec') ?? {}, 'scopedEnforcementActions')
        .filter(a => (0,json_input/* objects */.JD)(a, 'enforcementPoints').some(p => ['validation.gatekeeper.sh', '*'].includes((0,json_input/* str */.gx)(p, 'name') ?? '')))
        .map(a => (0,json_input/* str */.gx)(a, 'action') ?? '')
        .filter(a => a in ACTION_SEVERITY);
    const best = SEVERITY_ORDER.find(s => actions.some(a => ACTION_SEVERITY[a] === s));
    if (!best)
        return { severity: 'LOW', action: 'none at admission' };
    return { severity: best, action: actions.find(a => ACTION_SEVERITY[a] === best) };
}
function severityOf(action, constraint) {
    if (action === 'scoped') {
        const scoped = scopedSeverity(constraint);
        return { severity: scoped.severity, effective: scoped.action };
    }
    // indexPolicies refuses other actions; one gator invents later is treated as deny, so a gate
    // never passes silently what the cluster might refuse.
    return { severity: ACTION_SEVERITY[action] ?? 'CRITICAL', effective: action };
}
const objectKey = (kind, namespace, name) => `${kind}\u0000${namespace}\u0000${name}`;
/**
 * Finds the manifest object a violation is about. Objects with the same kind, namespace and name
 * (overlays in several files) are told apart by content, since gator echoes the object it judged;
 * identical objects take turns, so each copy gets its own finding.
 */
function objectLocator(refs) {
    const byKey = new Map();
    for (const ref of refs) {
        const key = objectKey(ref.kind, ref.namespace, ref.name);
        byKey.set(key, [...(byKey.get(key) ?? []), ref]);
    }
    const used = new Map();
    return (object, key, violation) => {
        const group = byKey.get(key) ?? [];
        const content = canonicalJson(object);
        const same = group.filter(r => r.content === content);
        const candidates = same.length > 0 ? same : group;
        const taken = used.get(violation) ?? new Set();
        used.set(violation, taken);
        const ref = candidates.find(r => !taken.has(r)) ?? candidates[0];
        if (ref)
            taken.add(ref);
        return ref;
    };
}
/**
 * Parses `gator test --output json` into Findings: one per violation, located at the violating
 * object's metadata in the manifests (matched by kind, namespace and name).
 */
function parseGatorReport(text, file, objectRefs) {
    const report = (0,json_input/* parseJson */.qF)(text, file);
    if (report === null)
        return [];
    const shape = 'expected null or an array of {msg, constraint, enforcementAction, violatingObject}';
    if (!Array.isArray(report))
        throw new errors/* ToolError */.v4(`${file} is not gator test JSON output: ${shape}.`);
    const locate = objectLocator(objectRefs);
    const findings = new Map();
    report.forEach((entry, i) => {
        const constraint = (0,json_input/* isObject */.Gv)(entry) ? (0,json_input/* obj */.WL)(entry, 'constraint') : undefined;
        const kind = constraint && (0,json_input/* str */.gx)(constraint, 'kind');
        const name = constraint && (0,json_input/* str */.gx)((0,json_input/* obj */.WL)(constraint, 'metadata') ?? {}, 'name');
        const msg = (0,json_input/* isObject */.Gv)(entry) ? (0,json_input/* str */.gx)(entry, 'msg') : undefined;
        if (!(0,json_input/* isObject */.Gv)(entry) || !constraint || !kind || !name || msg === undefined) {
            throw new errors/* ToolError */.v4(`${file} is not gator test JSON output: entry ${i} has no constraint kind, name or msg; ${shape}.`);
        }
        const action = (0,json_input/* str */.gx)(entry, 'enforcementAction') ?? (0,json_input/* str */.gx)((0,json_input/* obj */.WL)(constraint, 'spec') ?? {}, 'enforcementAction') ?? 'deny';
        const { severity, effective } = severityOf(action, constraint);
        const object = (0,json_input/* obj */.WL)(entry, 'violatingObject') ?? {};
        const meta = (0,json_input/* obj */.WL)(object, 'metadata') ?? {};
        const objKind = (0,json_input/* str */.gx)(object, 'kind') ?? '';
        const namespace = (0,json_input/* str */.gx)(meta, 'namespace') ?? '';
        const objName = (0,json_input/* str */.gx)(meta, 'name') ?? '';
        const ruleId = `${kind}/${name}`;
        const ref = locate(object, objectKey(objKind, namespace, objName), `${ruleId}\u0000${msg}`);
        const target = `${objKind}/${namespace ? `${namespace}/` : ''}${objName}`;
        const how = action === 'scoped' ? `scoped: ${effective} at admission` : action;
        const finding = {
            tool: 'gator',
            kind: 'misconfig',
            ruleId,
            // The template's kind as well, so one ignore can cover every constraint of a template.
            aliases: [kind],
            severity,
            title: msg,
            description: `Gatekeeper constraint ${ruleId} (enforcementAction ${how}) on ${target}: ${msg}`,
            message: msg,
            status: action,
            target,
            subject: 'gatekeeper',
            ...(ref ? { file: ref.file, startLine: ref.startLine, endLine: ref.endLine } : {})
        };
        // The same object defined twice in one place (gator reports it twice) is one finding here;
        // the same message on objects in different files stays one finding per file.
        findings.set([ruleId, target, msg, ref?.file ?? '', ref?.startLine ?? ''].join('\u0000'), finding);
    });
    return [...findings.values()];
}

;// CONCATENATED MODULE: ./src/scanners/gator-policies.ts
/**
 * The cluster's Gatekeeper policy files (the `gatekeeper-policies` input), checked before gator runs
 * so a mistake names its file and line, and gator's failures mapped back to those files: gator
 * names only the template or constraint it refused.
 */


const INPUT = 'gatekeeper-policies';
/** Gatekeeper's enforcement actions (constraint spec.enforcementAction). */
const ENFORCEMENT_ACTIONS = ['deny', 'warn', 'dryrun', 'scoped'];
function lineOf(lines, node) {
    const range = node?.range;
    return range ? lines.linePos(range[0]).line : 1;
}
function mapGet(node, key) {
    if (!(0,dist/* isMap */.jh)(node))
        return undefined;
    return node.items.find(p => (0,dist/* isScalar */.jn)(p.key) && p.key.value === key)?.value;
}
function scalarString(node) {
    return (0,dist/* isScalar */.jn)(node) && typeof node.value === 'string' ? node.value : undefined;
}
function readDocuments(source) {
    const lines = new dist/* LineCounter */.HN();
    const parsed = (0,dist/* parseAllDocuments */.hR)(source.text, { lineCounter: lines, uniqueKeys: false });
    const docs = (Array.isArray(parsed) ? parsed : []);
    for (const doc of docs) {
        const [first] = doc.errors;
        if (first)
            return {
                docs,
                lines,
                error: { line: lines.linePos(first.pos[0]).line, message: first.message.split('\n')[0] }
            };
    }
    return { docs, lines };
}
const policyError = (file, line, what) => new errors/* ConfigurationError */.j1(`Input '${INPUT}': ${file}:${line} ${what}`);
/**
 * One document of a policy file: a Gatekeeper object, or an error naming the file and line. Adds a
 * template (and the kind its CRD defines) or a constraint to the index.
 */
function indexDocument(root, at, into) {
    const apiVersion = scalarString(mapGet(root, 'apiVersion'));
    const kind = scalarString(mapGet(root, 'kind'));
    const name = scalarString(mapGet(mapGet(root, 'metadata'), 'name')) ?? '';
    const group = apiVersion?.includes('/') ? apiVersion.split('/')[0] : '';
    if (!apiVersion || !kind || !group.endsWith('gatekeeper.sh')) {
        throw policyError(at.file, at.line, `holds ${kind ? `a ${kind} (${apiVersion ?? 'no apiVersion'})` : 'a document without apiVersion and kind'}: expected only Gatekeeper ConstraintTemplates (templates.gatekeeper.sh) and Constraints (constraints.gatekeeper.sh). Objects to check belong in 'manifests'.`);
    }
    if (group === 'templates.gatekeeper.sh' && kind === 'ConstraintTemplate') {
        into.index.templates.set(name, at);
        const crdKind = scalarString(mapGet(mapGet(mapGet(mapGet(mapGet(root, 'spec'), 'crd'), 'spec'), 'names'), 'kind'));
        if (crdKind)
            into.templateKinds.add(crdKind);
    }
    else if (group === 'constraints.gatekeeper.sh') {
        const action = scalarString(mapGet(mapGet(root, 'spec'), 'enforcementAction'));
        if (action !== undefined && !ENFORCEMENT_ACTIONS.includes(action)) {
            throw policyError(at.file, at.line, `constraint ${kind}/${name} has enforcementAction ${JSON.stringify(action)}: Gatekeeper accepts ${ENFORCEMENT_ACTIONS.join(', ')}.`);
        }
        into.index.constraints.set(`${kind}/${name}`, at);
        into.constraints.push({ kind, name, at });
    }
}
/**
 * Checks the policy files before gator runs, so a mistake names its file and line: every document
 * must be a Gatekeeper object (templates.gatekeeper.sh, constraints.gatekeeper.sh, ...), every
 * constraint must have its template among the files and a known enforcementAction.
 */
function indexPolicies(files) {
    const into = {
        index: { templates: new Map(), constraints: new Map() },
        templateKinds: new Set(),
        constraints: []
    };
    for (const file of files) {
        const { docs, lines, error } = readDocuments(file);
        if (error)
            throw policyError(file.path, error.line, `is not valid YAML: ${error.message}`);
        const roots = docs.map(doc => doc.contents).filter(root => root !== null && root !== undefined);
        for (const root of roots)
            indexDocument(root, { file: file.path, line: lineOf(lines, root) }, into);
        if (roots.length === 0)
            throw policyError(file.path, 1, 'holds no ConstraintTemplate or Constraint.');
    }
    for (const c of into.constraints) {
        if (!into.templateKinds.has(c.kind)) {
            throw policyError(c.at.file, c.at.line, `constraint ${c.kind}/${c.name} has no ConstraintTemplate defining kind ${c.kind} in the ${INPUT} files: add the template's file (the cluster has both).`);
        }
    }
    return into.index;
}
const where = (at) => `${at.file}:${at.line}`;
/**
 * Turns the stderr of a gator run that printed no report into an error naming the policy file:
 * gator names only the template or constraint. Undefined when the message is not one of those.
 */
function explainGatorFailure(stderr, policies) {
    const template = /adding template "([^"]*)": ([^\n]*(?:\n\t[^\n]*)*)/.exec(stderr);
    if (template) {
        const at = policies.templates.get(template[1]);
        return new errors/* ConfigurationError */.j1(`Input '${INPUT}': gator refused the ConstraintTemplate "${template[1]}"${at ? ` in ${where(at)}` : ''}: ${template[2].trim()}`);
    }
    const constraint = /adding constraint "([^"]*)": ([^\n]*)/.exec(stderr);
    if (constraint) {
        const at = [...policies.constraints.entries()].find(([key]) => key.endsWith(`/${constraint[1]}`))?.[1];
        return new errors/* ConfigurationError */.j1(`Input '${INPUT}': gator refused the constraint "${constraint[1]}"${at ? ` in ${where(at)}` : ''}: ${constraint[2].trim()}`);
    }
    const file = /(?:reading file|stat on path) "([^"]*)": ([^\n]*)/.exec(stderr);
    const policyFiles = new Set([...policies.templates.values(), ...policies.constraints.values()].map(a => a.file));
    if (file && policyFiles.has(file[1])) {
        return new errors/* ConfigurationError */.j1(`Input '${INPUT}': gator could not read ${file[1]}: ${file[2].trim()}`);
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/scanners/plan.ts
/**
 * Scanners as data: each scan is a ScanJob — which tool, what subject, the argv, where its report
 * lands, how to parse it and whether it needs Trivy's DB. Planning is pure; run.ts executes.
 */






/** One gator job: the policies on the objects staged from the manifests (see stageObjects). */
function gatorJob(plan, objectsFile) {
    const policySet = new Set(plan.policies);
    return {
        tool: 'gator',
        label: `Gatekeeper policies (${plan.policies.length} files) on ${plan.manifests.length} manifests` +
            (plan.rendered?.length ? ` and ${plan.rendered.length} kustomize builds` : ''),
        subject: 'gatekeeper',
        args: gatorTestArgs(plan.policies, objectsFile),
        needsTrivyDb: false,
        reads: [...new Set([...plan.policies, ...plan.manifests])],
        prepare: texts => {
            const policies = indexPolicies(texts.filter(t => policySet.has(t.path)));
            const manifests = new Set(plan.manifests);
            const builds = (plan.rendered ?? []).map(b => ({ path: buildLabel(b), text: b.text, built: true }));
            const staged = stageObjects([...texts.filter(t => manifests.has(t.path)), ...builds]);
            return {
                files: new Map([[objectsFile, staged.yaml]]),
                parse: (text, file) => parseGatorReport(text, file, staged.objects),
                explainFailure: stderr => explainGatorFailure(stderr, policies)
            };
        },
        // Without prepare's objects the violations cannot be located; runScans always prepares.
        parse: (text, file) => parseGatorReport(text, file, [])
    };
}
/** The Trivy scans: each image (by reference or tarball/layout) and each config path. */
function trivyJobs(input, out) {
    const job = (what, args) => {
        const outputFile = out(what.name);
        const context = { subject: what.subject, fileBase: what.fileBase };
        return {
            tool: 'trivy',
            label: what.label,
            subject: what.subject,
            args: args({ ...input.trivy, outputFile }),
            needsTrivyDb: what.needsTrivyDb,
            outputFile,
            ...(what.image ? { image: what.image } : {}),
            parse: (text, file) => parseTrivyReport(text, file, context)
        };
    };
    return [
        ...input.images.map(ref => {
            const image = { kind: 'reference', ref };
            const what = { label: `image ${ref}`, subject: ref, name: 'trivy-image', needsTrivyDb: true, image };
            return job(what, o => trivyImageArgs(image, o));
        }),
        ...input.imageInputs.map(path => {
            const image = { kind: 'input', path };
            const what = {
                label: `image input ${path}`,
                subject: path,
                name: 'trivy-image-input',
                needsTrivyDb: true,
                image
            };
            return job(what, o => trivyImageArgs(image, o));
        }),
        ...input.configPaths.map(path => {
            const fileBase = path.replace(/^\.\/?/, '').replace(/\/$/, '');
            const what = {
                label: `config ${path}`,
                subject: path,
                name: 'trivy-config',
                needsTrivyDb: false,
                fileBase
            };
            return job(what, o => trivyConfigArgs(path, o));
        })
    ];
}
/** Builds every scan the inputs ask for. Pure: no file is touched. */
function planScans(input) {
    let n = 0;
    const out = (name, extension = 'json') => (0,external_node_path_.join)(input.reportDir, `${String(++n).padStart(2, '0')}-${name}.${extension}`);
    const jobs = trivyJobs(input, out);
    if (input.dockerfiles.length > 0) {
        jobs.push({
            tool: 'hadolint',
            label: `Dockerfiles (${input.dockerfiles.length})`,
            subject: 'Dockerfile',
            args: hadolintArgs(input.dockerfiles),
            needsTrivyDb: false,
            parse: (text, file) => parseHadolintReport(text, file, { subject: 'Dockerfile', fileBase: '' })
        });
    }
    if (input.gatekeeper && input.gatekeeper.policies.length > 0)
        jobs.push(gatorJob(input.gatekeeper, out('gator-objects', 'yaml')));
    return jobs;
}

;// CONCATENATED MODULE: ./src/scanners/run.ts
/**
 * Running the planned scans: the only part of scanners/ that touches the world. Every job reads its
 * repository files through the safe read and is prepared before any scanner starts; a scanner's
 * exit code is data, not the verdict.
 */







/**
 * Reads a job's `reads` (repository files: Gatekeeper policies, manifests) through the one safe read:
 * inside the workspace, regular files, READ_LIMITS.source. A file that cannot be read is the user's
 * to fix (it came from an input), before any scanner starts.
 */
function readJobSources(job, cwd) {
    return (job.reads ?? []).map(path => {
        // Read as kubectl reads manifests (UTF-16 and byte-order marks), as gator's objects must be.
        const read = (0,safe_read/* readFileSafely */.fJ)(path, {
            workspace: cwd,
            maxBytes: safe_read/* READ_LIMITS */.Cl.source,
            scope: 'workspace',
            decode: documents/* decodeManifest */.MK
        });
        if (!read.ok)
            throw (0,safe_read/* refusedRead */.DC)(`${job.tool} (${job.label}): ${path}`, read, '');
        return { path, text: read.text };
    });
}
/** Lines of a scanner's stderr shown under its result: its warnings and errors, the last ones. */
const STDERR_LINES = 20;
function reportResult(progress, job, result, outcome) {
    const exit = result.exitCode === 0 ? '' : ` (exit code ${result.exitCode})`;
    const found = `${outcome.findings} finding${outcome.findings === 1 ? '' : 's'}`;
    progress.report(`${job.tool} ${job.label}: ${found} in ${(0,log/* formatDuration */.a3)(outcome.ms)}${exit}.`);
    const said = result.stderr.split(/\r?\n/).filter(line => line.trim() !== '');
    for (const line of said.slice(-STDERR_LINES))
        progress.report(`  | ${line}`);
}
/** Waits for what a job needs: its tool's executable, and what `waitFor` names. */
async function readyToRun(job, deps) {
    const binary = await deps.binaries[job.tool];
    if (binary === undefined)
        throw new Error(`${job.tool} was not installed for ${job.label}.`);
    await deps.waitFor?.(job);
    return binary;
}
/** Runs one prepared job: writes its staged files, runs the tool, parses what it reported. */
async function runJob(job, binary, ready, deps, turn) {
    for (const [path, content] of ready?.files ?? []) {
        await (0,promises_.mkdir)((0,external_node_path_.dirname)(path), { recursive: true });
        await (0,promises_.writeFile)(path, content);
    }
    const started = deps.progress?.clock.now() ?? 0;
    const args = turn ? withTurnFlags(job.args, turn) : job.args;
    const result = await deps.exec(binary, args, { cwd: deps.cwd, env: deps.env });
    let text = result.stdout;
    if (job.outputFile) {
        try {
            text = await (0,promises_.readFile)(job.outputFile, 'utf8');
        }
        catch {
            text = '';
        }
    }
    if (text.trim() === '') {
        const explained = ready?.explainFailure?.(result.stderr) ?? deps.explainFailure?.(job, result.stderr);
        if (explained)
            throw explained;
        const why = result.stderr.trim().split('\n').slice(-5).join('\n') || `exit code ${result.exitCode}`;
        throw new errors/* ToolError */.v4(`${job.tool} (${job.label}) produced no report:\n${why}`);
    }
    const findings = (ready?.parse ?? job.parse)(text, job.outputFile ?? `${job.tool} output`);
    if (deps.progress) {
        const ms = deps.progress.clock.now() - started;
        reportResult(deps.progress, job, result, { findings: findings.length, ms });
    }
    return { job, exitCode: result.exitCode, findings, reportFile: job.outputFile };
}
/** Every `intervalMs`, one line per job still running: how long so far, and what it is busy with.
 * `running` holds the jobs started and not yet done, with when each started. */
function keepSaying(running, progress) {
    return progress.clock.every(progress.intervalMs ?? 30_000, () => {
        for (const [job, started] of running) {
            const so = (0,log/* formatDuration */.a3)(progress.clock.now() - started);
            const hint = progress.hint?.(job);
            progress.report(`Still running after ${so}: ${job.tool} ${job.label}${hint ? ` (${hint})` : ''}.`);
        }
    });
}
/**
 * Runs the jobs concurrently, each as soon as its tool (and what `waitFor` names) is ready. A
 * scanner's exit code is data: a non-zero exit is only an error when
 * the tool also produced no readable report (then stderr explains why). Every job is prepared
 * first, so a bad policy file stops the run before any scanner starts.
 */
async function runScans(jobs, deps) {
    const prepared = await Promise.all(jobs.map(async (job) => (job.prepare ? job.prepare(readJobSources(job, deps.cwd)) : undefined)));
    const running = new Map();
    const stop = deps.progress ? keepSaying(running, deps.progress) : undefined;
    try {
        return await Promise.all(jobs.map(async (job, i) => {
            const binary = await readyToRun(job, deps);
            const turn = await deps.turn?.(job);
            running.set(job, deps.progress?.clock.now() ?? 0);
            try {
                return await runJob(job, binary, prepared[i], deps, turn);
            }
            finally {
                running.delete(job);
                turn?.release();
            }
        }));
    }
    finally {
        stop?.();
    }
}

;// CONCATENATED MODULE: ./src/scanners/scan.ts














const NOTHING_RENDERED = { builds: [], failed: [] };
/**
 * Starts checking the tool cache for the tools the inputs alone make certain (Trivy, for an image
 * or a config path), while the run still reads its policy and chooses its files.
 */
function startToolCacheChecks(inputs, clock = log/* systemClock */.ml) {
    const trivy = inputs.images.length + inputs.imageInputs.length + inputs.configPaths.length > 0;
    return checkToolCacheEarly(trivy ? ['trivy'] : [], inputs.tools, clock);
}
/** The scans the inputs ask for: images, image inputs, config paths, Dockerfiles, Gatekeeper. */
function plan(inputs, paths, files, rendered = NOTHING_RENDERED) {
    return planScans({
        images: inputs.images,
        imageInputs: inputs.imageInputs,
        configPaths: inputs.configPaths,
        dockerfiles: files.dockerfiles,
        reportDir: paths.outDir,
        trivy: {
            cacheDir: paths.trivyCacheDir,
            ignoreFile: paths.emptyIgnoreFile,
            configFile: paths.trivyConfigFile,
            secretConfigFile: paths.trivySecretConfigFile,
            dbArgs: trivyDbArgs(inputs.tools.trivyDbRepositories, inputs.tools.trivyJavaDbRepositories),
            offlineChecks: checksOffline(inputs),
            timeout: '15m'
        },
        gatekeeper: { policies: files.gatekeeperPolicies, manifests: files.manifests, rendered: rendered.builds }
    });
}
/** With a mirror the runner is presumably cut off from ghcr.io: Trivy uses the checks bundle embedded
 * in its binary instead of waiting on a download that cannot succeed. */
function checksOffline(inputs) {
    return inputs.tools.mirror !== undefined;
}
function scannedSubjects(outcomes, dockerfiles) {
    const subjects = outcomes
        .filter(o => o.job.tool !== 'hadolint')
        .map(o => ({ tool: o.job.tool, subject: o.job.subject }));
    for (const file of dockerfiles)
        subjects.push({ tool: 'hadolint', subject: file });
    return subjects;
}
/** What the Trivy DB on disk is, for the log: its age, or that Trivy will download one. */
function describeDb(cacheDir, now) {
    const meta = (0,trivy_db_files/* readTrivyDbMetadata */.SE)(cacheDir);
    return meta
        ? `Trivy DB on disk: ${(0,trivy_db_files/* describeTrivyDbAge */.xo)(meta, now)}; Trivy refreshes it itself when it is due.`
        : 'Trivy DB: none on disk; Trivy downloads it with the first image scan (a minute or two).';
}
/**
 * Starts restoring Trivy's DB from the Actions cache at once, so the download overlaps the tools'
 * install and checks (neither executes anything); what it says is kept for the DB's own group.
 */
function startDbRestore(paths, inputs, now) {
    const said = [];
    const logger = {
        debug: (message) => said.push({ level: 'debug', message }),
        info: (message) => said.push({ level: 'info', message }),
        warning: (message) => said.push({ level: 'warning', message })
    };
    // The post step saves the DB (src/post.ts), also when this step fails, is cancelled or times out.
    return { done: (0,handoff/* restoreDb */.XU)(paths.trivyCacheDir, inputs.tools, now, logger), said };
}
/** Waits for the DB restore, says what it did and what is on disk. */
async function prepareDb(restore, paths, now) {
    await restore.done;
    for (const { level, message } of restore.said)
        log/* log */.Rm[level](message);
    log/* log */.Rm.info(describeDb(paths.trivyCacheDir, now));
}
/**
 * Lines said before their group of the log is open wait for it: a scan that starts (and may end)
 * while the installs are still being logged reports under "Scan".
 */
function heldLines() {
    const held = [];
    let open = false;
    return {
        say: line => (open ? log/* log */.Rm.info(line) : held.push(line)),
        open: () => {
            open = true;
            for (const line of held.splice(0))
                log/* log */.Rm.info(line);
        }
    };
}
/**
 * Starts the scans, concurrently, each as soon as its own tool is verified (and, for an image, the
 * DB restored): the slowest tool's install no longer holds the others' scans back. Result lines
 * go to `say`.
 */
function startScans(jobs, context, waits) {
    const { inputs, paths } = context;
    let dbMissing = false;
    void waits.db?.then(before => (dbMissing = before === undefined)).catch(() => { });
    const running = runScans(jobs, {
        exec: execTool,
        binaries: waits.binaries,
        waitFor: job => (job.needsTrivyDb ? waits.db : undefined),
        turn: context.turns,
        cwd: paths.workspace,
        progress: {
            clock: context.clock,
            report: context.say,
            hint: job => (job.needsTrivyDb && dbMissing ? 'Trivy downloads its vulnerability DB first' : undefined)
        },
        explainFailure: (job, stderr) => job.tool === 'trivy'
            ? explainTrivyDbFailure(stderr, {
                db: inputs.tools.trivyDbRepositories,
                javaDb: inputs.tools.trivyJavaDbRepositories
            })
            : undefined
    });
    // A failed install is reported in its own group first; the scans' failure is awaited later.
    running.catch(() => { });
    return running;
}
/** What the scan stage hands on: the scans' outcomes, what kustomize built, the tools installed. */
function scanned(outcomes, dockerfiles, kustomize, tools = { versions: {}, paths: {} }) {
    return {
        outcomes,
        findings: outcomes.flatMap(o => o.findings),
        subjects: scannedSubjects(outcomes, dockerfiles),
        versions: tools.versions,
        paths: tools.paths,
        kustomize
    };
}
/**
 * kustomize's builds, with the patch files no build shows, and the gator jobs that judge them
 * (planning is pure: the same jobs again, gator's now with the builds' objects and those patches).
 */
async function renderForGator(inputs, paths, files, kustomizeBinary, clock) {
    const built = await render(files.kustomize?.builds ?? [], paths, kustomizeBinary, clock);
    const rendered = withUnappliedPatches(built, files.kustomize?.patchFiles ?? [], paths.workspace);
    const withPatches = { ...files, manifests: [...files.manifests, ...(rendered.unappliedPatches ?? [])] };
    return { rendered, late: plan(inputs, paths, withPatches, rendered).filter(j => j.tool === 'gator') };
}
/**
 * Runs the planned scans with verified tools, keeping Trivy's DB cached across workflow runs: the
 * install, the DB and the scans each in their own group of the log. Installs, the DB restore and
 * the scans overlap: each scan starts when its tool is ready, and the groups are written in order.
 * `files.dockerfiles` are those hadolint lints (none when it is off).
 */
async function scan(inputs, paths, files, { now, clock = log/* systemClock */.ml, alsoInstall = [], early }) {
    const builds = files.kustomize?.builds ?? [];
    const patchFiles = files.kustomize?.patchFiles ?? [];
    const planned = plan(inputs, paths, files);
    const kustomize = builds.length > 0 ? ['kustomize'] : [];
    if (planned.length === 0 && alsoInstall.length === 0 && builds.length === 0)
        return scanned([], files.dockerfiles, withUnappliedPatches(NOTHING_RENDERED, patchFiles, paths.workspace));
    const toolNames = [...new Set([...planned.map(j => j.tool), ...kustomize, ...alsoInstall])];
    // kustomize's builds only add gator jobs, so whether Trivy's DB is needed is known before the installs.
    const needsDb = planned.some(j => j.needsTrivyDb);
    const restore = needsDb ? startDbRestore(paths, inputs, now) : undefined;
    // A failed install must not leave the restore's failure unhandled: it is reported in its group.
    restore?.done.catch(() => { });
    const installs = startInstalls(toolNames, inputs.tools, undefined, clock, early);
    const db = restore?.done.then(() => (0,trivy_db_files/* downloadedAt */.R_)(paths.trivyCacheDir));
    db?.catch(() => { });
    // Gator judges kustomize's builds too (and the patch files no build shows, as manifests): with
    // kustomizations in scope its job waits for them (planned again below); every other scan starts
    // now, each when its tool is ready.
    const waitsForBuilds = builds.length > 0 || patchFiles.length > 0;
    const startNow = waitsForBuilds ? planned.filter(j => j.tool !== 'gator') : planned;
    const lines = heldLines();
    const startedAt = clock.now();
    const turns = trivyCacheTurns(paths.trivyCacheDir, {
        now: () => new Date(now.getTime() + clock.now() - startedAt),
        checksOffline: checksOffline(inputs)
    });
    const context = { inputs, paths, clock, say: lines.say, turns };
    const waits = { binaries: installs.ready, ...(db ? { db } : {}) };
    const running = startNow.length > 0 ? startScans(startNow, context, waits) : undefined;
    const tools = await log/* log */.Rm.stage(`Install tools: ${toolNames.join(', ')}`, () => installs.all(), { clock });
    const { rendered, late } = waitsForBuilds
        ? await renderForGator(inputs, paths, files, tools.paths.kustomize, clock)
        : { rendered: NOTHING_RENDERED, late: [] };
    const jobs = [...startNow, ...late];
    if (jobs.length === 0)
        return scanned([], files.dockerfiles, rendered, tools);
    if (restore)
        await log/* log */.Rm.stage('Trivy DB', () => prepareDb(restore, paths, now), { clock });
    const dbBefore = await db;
    const outcomes = await log/* log */.Rm.stage(jobs.length <= 3
        ? `Scan: ${jobs.map(j => `${j.tool} ${j.label}`).join('; ')}`
        : `Scan: ${jobs.length} scans`, async () => {
        lines.open();
        const ran = [
            ...((await running) ?? []),
            ...(late.length > 0 ? await startScans(late, context, waits) : [])
        ];
        const dbAfter = needsDb ? (0,trivy_db_files/* downloadedAt */.R_)(paths.trivyCacheDir) : undefined;
        const fresh = dbAfter !== undefined && dbAfter !== dbBefore && (0,trivy_db_files/* readTrivyDbMetadata */.SE)(paths.trivyCacheDir);
        if (fresh)
            log/* log */.Rm.info(`Trivy DB: downloaded during the scan, ${(0,trivy_db_files/* describeTrivyDbAge */.xo)(fresh, now)}.`);
        return ran;
    }, {
        clock,
        done: ran => `${ran.reduce((n, o) => n + o.findings.length, 0)} findings from ${jobs.length} scans`
    });
    return scanned(outcomes, files.dockerfiles, rendered, tools);
}
/** The builds with the patch files none of them shows (read through the safe read; one that cannot
 * be read is judged as a manifest too, and reported as not checked there). */
function withUnappliedPatches(rendered, patchFiles, workspace) {
    if (patchFiles.length === 0)
        return rendered;
    const read = readSources(workspace, patchFiles, documents/* decodeManifest */.MK);
    const unapplied = [...unappliedPatchFiles(read.texts, rendered.builds), ...read.unread.map(u => u.file)];
    if (unapplied.length === 0)
        return rendered;
    log/* log */.Rm.info(`Patch files no kustomize build shows (a patch whose target selects nothing), judged as manifests: ${unapplied.join(', ')}`);
    return { ...rendered, unappliedPatches: unapplied.sort() };
}
/** kustomize build of each kustomization in scope, in its own group of the log. */
async function render(builds, paths, kustomize, clock) {
    if (builds.length === 0)
        return NOTHING_RENDERED;
    if (!kustomize)
        throw new Error('kustomize was not installed, though kustomizations are in scope.');
    const context = {
        kustomize,
        workspace: paths.workspace,
        runDir: paths.outDir,
        exec: execTool,
        maxBytes: safe_read/* READ_LIMITS */.Cl.source
    };
    return log/* log */.Rm.stage(`Render: kustomize build (${builds.length})`, () => renderKustomizations(builds, context), {
        clock,
        done: r => `${r.builds.reduce((n, b) => n + b.objects.length, 0)} objects from ${r.builds.length} builds` +
            (r.failed.length > 0 ? `; ${r.failed.length} failed (CG-NOT-CHECKED)` : '')
    });
}

;// CONCATENATED MODULE: ./src/sign/plan.ts
/** What each `attest` kind becomes: Trivy's output format and cosign's predicate type. */
const ATTESTATIONS = {
    vuln: {
        trivyFormat: 'cosign-vuln',
        cosignType: 'vuln',
        predicateType: 'https://cosign.sigstore.dev/attestation/vuln/v1'
    },
    sbom: { trivyFormat: 'cyclonedx', cosignType: 'cyclonedx', predicateType: 'https://cyclonedx.org/bom' }
};
/** `trivy convert` of the scan's JSON report into one predicate file (offline: no DB, no image). */
function convertArgs(kind, report, output) {
    return ['convert', '--format', ATTESTATIONS[kind].trivyFormat, '--output', output, '--quiet', report];
}
function plan_signerFlags(plan) {
    return plan.key ? ['--key', plan.key] : [];
}
/** `cosign sign` of `pinned` (repository@digest); --yes: no prompt about the transparency log. */
function signArgs(plan, pinned) {
    return ['sign', '--yes', ...plan_signerFlags(plan), ...plan.deployment, '--', pinned];
}
/** `cosign attest` of one predicate to `pinned`. */
function attestArgs(plan, kind, predicate, pinned) {
    return [
        'attest',
        '--yes',
        ...plan_signerFlags(plan),
        '--type',
        ATTESTATIONS[kind].cosignType,
        '--predicate',
        predicate,
        ...plan.deployment,
        '--',
        pinned
    ];
}
/** Why a sign or attest call failed, in words that say what to change (cosign's own words kept). */
function explainSigningFailure(error) {
    if (/decrypt/.test(error))
        return `the key could not be decrypted: is COSIGN_PASSWORD the key's password? (cosign: ${error})`;
    if (/Fulcio returned 40[13]/.test(error))
        return `Fulcio refused the workflow's identity token (cosign: ${error})`;
    if (/selecting OIDC issuer|retrieving ID token|getting ID token/.test(error))
        return `no identity token could be had for keyless signing: the job needs permissions: id-token: write (cosign: ${error})`;
    if (/UNAUTHORIZED|DENIED|401 Unauthorized|403 Forbidden|unauthorized/.test(error))
        return `the registry refused to store the signature: log in with push rights before this step (on ghcr.io: permissions: packages: write) (cosign: ${error})`;
    return error;
}

;// CONCATENATED MODULE: ./src/sign/run.ts
/**
 * Signing and attesting after the gate: the one stage that writes to the registry, so it runs only
 * when the verdict passed, and only on what was checked. Each scanned registry image is signed by
 * the digest its scan reported, then attested with predicates converted from that same scan's
 * report. A failure is recorded per image (the step then fails, after the reports say what
 * happened); nothing here decides the verdict.
 */



async function attestAll(image, reportFile, plan, deps, index) {
    for (const kind of plan.attest) {
        const predicate = (0,external_node_path_.join)(deps.dir, `predicate-${index}-${kind}.json`);
        const converted = await deps.exec(deps.trivy, convertArgs(kind, reportFile, predicate));
        if (converted.exitCode !== 0) {
            image.error = `trivy convert to ${kind} failed: ${converted.stderr.trim().split('\n').slice(-1)[0] ?? ''}`;
            return;
        }
        const attested = await deps.exec(deps.cosign, attestArgs(plan, kind, predicate, image.pinned), {
            secretEnv: plan.secretEnv
        });
        if (attested.exitCode !== 0) {
            image.error = `attesting ${kind} failed: ${explainSigningFailure(cosignError(attested.stderr))}`;
            return;
        }
        image.attestations.push(ATTESTATIONS[kind].predicateType);
    }
}
async function signOne(scanned, plan, deps, index) {
    const image = { reference: scanned.reference, signed: false, attestations: [] };
    if (!scanned.pinned) {
        image.error =
            "the scan's report names no registry digest (an image only in the local Docker daemon has never been pushed): push it before the gate";
        return image;
    }
    const pinned = scanned.pinned;
    const signed = await deps.exec(deps.cosign, signArgs(plan, pinned), { secretEnv: plan.secretEnv });
    if (signed.exitCode !== 0)
        return { ...image, pinned, error: `signing failed: ${explainSigningFailure(cosignError(signed.stderr))}` };
    const done = { ...image, pinned, signed: true };
    await attestAll(done, scanned.reportFile, plan, deps, index);
    return done;
}
/**
 * Signs (and attests) every scanned registry image when the verdict passed; when it failed, signs
 * nothing and says why. Images are signed one after another: a registry rate limit hits one call.
 */
async function signPassed(verdict, plan, images, deps) {
    if (verdict.outcome !== 'pass')
        return {
            withheld: `the gate failed (${verdict.blocking.length} blocking finding${verdict.blocking.length === 1 ? '' : 's'}), so nothing was signed`,
            images: images.map(i => ({
                reference: i.reference,
                ...(i.pinned ? { pinned: i.pinned } : {}),
                signed: false,
                attestations: []
            })),
            attest: plan.attest
        };
    const signed = [];
    for (const [index, image] of images.entries())
        signed.push(await signOne(image, plan, deps, index));
    return { images: signed, attest: plan.attest };
}
/** The step's error when signing was asked for and did not fully happen; undefined when it did. */
function signingFailure(report) {
    const failed = report?.images.filter(i => i.error) ?? [];
    if (failed.length === 0)
        return undefined;
    return `The gate passed, but signing did not complete: ${failed.map(i => `${i.pinned ?? i.reference}: ${i.error}`).join('; ')}`;
}

;// CONCATENATED MODULE: ./src/checks/signatures/prepare.ts
/**
 * Everything verification needs, checked before any scan: the rules (the policy's and the quick
 * inputs'), the key files they name (read through the safe read, checked to be public keys, and
 * copied into the run's folder: cosign reads the copy, never a path a pull request could swap),
 * the environment a key reference needs, and the trusted root of a private deployment. A mistake
 * is one ConfigurationError naming the policy file and line or the input.
 */






/** The rules the quick inputs stand for: every scanned image, never the base images. */
function inputRules(inputs) {
    const rules = [];
    // With sign: true the key is the one to sign with (the image is not signed yet).
    if (inputs.cosignKey && !inputs.sign)
        rules.push({
            images: ['**'],
            signer: { kind: 'key', key: inputs.cosignKey },
            source: "input 'cosign-key'",
            appliesTo: 'scanned'
        });
    const identity = inputs.certificateIdentity ?? inputs.certificateIdentityRegexp;
    if (identity && inputs.certificateOidcIssuer) {
        const name = inputs.certificateIdentity ? 'certificate-identity' : 'certificate-identity-regexp';
        rules.push({
            images: ['**'],
            signer: {
                kind: 'identity',
                issuer: inputs.certificateOidcIssuer,
                ...(inputs.certificateIdentity
                    ? { identity: inputs.certificateIdentity }
                    : { identityRegexp: inputs.certificateIdentityRegexp })
            },
            source: `inputs '${name}' and 'certificate-oidc-issuer'`,
            appliesTo: 'scanned'
        });
    }
    return rules;
}
/** Reads a file the workflow or the policy names, through the safe read; an error names `label`. */
function readNamedFile(path, workspace, label, scope) {
    const read = (0,safe_read/* readFileSafely */.fJ)(path, { workspace, maxBytes: safe_read/* READ_LIMITS */.Cl.config, scope });
    if (!read.ok)
        throw (0,safe_read/* refusedRead */.DC)(label, read, '');
    return read.text;
}
/** Writes a checked copy for cosign to read (only this run's folder, only this user). */
function writeCopy(dir, name, text) {
    (0,external_node_fs_.mkdirSync)(dir, { recursive: true, mode: 0o700 });
    const file = (0,external_node_path_.join)(dir, name);
    (0,external_node_fs_.writeFileSync)(file, text, { mode: 0o600 });
    return file;
}
/** The label of a rule's key in messages: the policy file and line, or the input. */
function keyLabel(rule) {
    return rule.source.startsWith('input')
        ? `Input 'cosign-key': ${JSON.stringify(rule.signer.kind === 'key' ? rule.signer.key : '')}`
        : `${rule.source}: key ${JSON.stringify(rule.signer.kind === 'key' ? rule.signer.key : '')}`;
}
function prepareKeys(rules, context) {
    const keyFiles = new Map();
    const keyEnv = new Map();
    for (const rule of rules) {
        if (rule.signer.kind !== 'key' || keyFiles.has(rule.signer.key) || keyEnv.has(rule.signer.key))
            continue;
        const key = rule.signer.key;
        const reference = keyReference(key);
        if ('error' in reference)
            throw new errors/* ConfigurationError */.j1(`${keyLabel(rule)}: ${reference.error}.`);
        if (reference.kind === 'file') {
            // A policy's key is a repository file; the input may name one an earlier step wrote.
            const scope = rule.source.startsWith('input') ? 'given-path' : 'workspace';
            const text = readNamedFile(reference.path, context.workspace, keyLabel(rule), scope);
            const problem = keyFileProblem(text, 'verify');
            if (problem)
                throw new errors/* ConfigurationError */.j1(`${keyLabel(rule)}: ${problem}.`);
            keyFiles.set(key, writeCopy(context.dir, `key-${keyFiles.size + 1}.pub`, text));
            continue;
        }
        if (reference.kind === 'env' && context.env[reference.variable] === undefined)
            throw new errors/* ConfigurationError */.j1(`${keyLabel(rule)}: the environment variable ${reference.variable} is not set in this step (set it in the step's env:).`);
        keyEnv.set(key, keyEnvironment(reference, context.env));
    }
    return { keyFiles, keyEnv };
}
/** A Sigstore JSON file an input names, read through the safe read and parsed; errors name the input. */
function readSigstoreInput(input, path, workspace, parse, expected) {
    const text = readNamedFile(path, workspace, `Input '${input}': ${JSON.stringify(path)}`, 'given-path');
    const contents = parse(text);
    if ('error' in contents)
        throw (0,errors/* badInput */.AN)(input, path, `expected ${expected}, but ${contents.error}`);
    return { text, contents: contents };
}
/** The deployment to verify against: the `sigstore-trusted-root` input, checked and copied. */
function prepareTrust(inputs, context) {
    if (!inputs.trustedRoot)
        return {};
    const { text, contents } = readSigstoreInput('sigstore-trusted-root', inputs.trustedRoot, context.workspace, parseTrustedRoot, 'a Sigstore trusted_root.json');
    if (contents.certificateAuthorities === 0 && contents.transparencyLogs === 0)
        throw (0,errors/* badInput */.AN)('sigstore-trusted-root', inputs.trustedRoot, 'the trusted root lists no certificate authority and no transparency log, so nothing could ever verify against it');
    return { trustedRoot: { file: writeCopy(context.dir, 'trusted_root.json', text), contents } };
}
/** The verification settings, every file they name checked. */
function prepareVerification(policyRules, inputs, context) {
    const rules = [...policyRules, ...inputRules(inputs)];
    return { rules, trust: prepareTrust(inputs, context), ...prepareKeys(rules, context) };
}

;// CONCATENATED MODULE: ./src/scanners/scanned-images.ts
/**
 * Which image each image scan actually scanned, from the scan's own report: the registry digest
 * Trivy pulled (Metadata.RepoDigests) for an `image` reference, the tags a tarball carries
 * (Metadata.RepoTags) for an `image-input`. Signatures are verified and made on exactly that digest,
 * never on a tag resolved again later. Read only when signatures are in play: a report can be large.
 */



/** The repository@digest of the report that belongs to `reference`'s repository. Pure. */
function scanned_images_pinnedDigest(reference, report) {
    const ref = (0,image_ref/* parseImageRef */.Q)(reference);
    if (!(0,image_ref/* isImageRef */.rK)(ref))
        return undefined;
    const repository = `${ref.registry}/${ref.repository}`;
    const metadata = (0,json_input/* isObject */.Gv)(report) ? ((0,json_input/* obj */.WL)(report, 'Metadata') ?? {}) : {};
    const digests = (0,json_input/* strings */.P$)(metadata, 'RepoDigests')
        .map(d => (0,image_ref/* parseImageRef */.Q)(d))
        .filter(image_ref/* isImageRef */.rK)
        .filter(d => d.digest && `${d.registry}/${d.repository}` === repository);
    // Named by digest: that digest, provided the scan says so too (Trivy echoes it).
    const wanted = ref.digest ? digests.find(d => d.digest === ref.digest) : digests[0];
    return wanted ? `${repository}@${wanted.digest}` : undefined;
}
/** The tags an image input's report names. Pure. */
function inputTags(report) {
    const metadata = (0,json_input/* isObject */.Gv)(report) ? ((0,json_input/* obj */.WL)(report, 'Metadata') ?? {}) : {};
    return (0,json_input/* strings */.P$)(metadata, 'RepoTags');
}
/** The images the scans covered, with what their reports say was scanned. */
async function scannedImages(outcomes) {
    const out = { registry: [], inputs: [] };
    for (const { job, reportFile } of outcomes) {
        if (!job.image || !reportFile)
            continue;
        const report = (0,json_input/* parseJson */.qF)(await (0,promises_.readFile)(reportFile, 'utf8'), reportFile);
        if (job.image.kind === 'reference') {
            const pinned = scanned_images_pinnedDigest(job.image.ref, report);
            out.registry.push({ reference: job.image.ref, reportFile, ...(pinned ? { pinned } : {}) });
        }
        else
            out.inputs.push({ path: job.image.path, tags: inputTags(report) });
    }
    return out;
}

;// CONCATENATED MODULE: ./src/sign/prepare.ts
/**
 * Whether and how this run will sign, settled before any scan: the key (a private key file checked
 * and copied, or a reference) and its password, or the workflow's OIDC token for keyless signing;
 * the private deployment's signing config; and the secrets each cosign call will get in its
 * environment, by the names cosign reads, for those calls only. A mistake is one error naming the
 * input (and, for a missing token, the `id-token: write` permission).
 */




const PASSWORD = 'COSIGN_PASSWORD';
/** The private key and what cosign needs to use it. */
function keySigner(key, context) {
    const label = `Input 'cosign-key': ${JSON.stringify(key)}`;
    const reference = keyReference(key);
    if ('error' in reference)
        throw (0,errors/* badInput */.AN)('cosign-key', key, reference.error);
    if (reference.kind === 'kms')
        return { key, secretEnv: keyEnvironment(reference, context.env) };
    if (reference.kind === 'env' && context.env[reference.variable] === undefined)
        throw new errors/* ConfigurationError */.j1(`${label}: the environment variable ${reference.variable} is not set in this step.`);
    const password = context.env[PASSWORD];
    if (password === undefined)
        throw new errors/* ConfigurationError */.j1(`${label}: signing with a cosign key needs its password in the step's environment: env: ${PASSWORD}: \${{ secrets.COSIGN_PASSWORD }} (an empty value for a key without one). It reaches cosign only, never the log.`);
    if (reference.kind === 'env')
        return { key, secretEnv: { ...keyEnvironment(reference, context.env), [PASSWORD]: password } };
    const text = readNamedFile(reference.path, context.workspace, label, 'given-path');
    const problem = keyFileProblem(text, 'sign');
    if (problem)
        throw new errors/* ConfigurationError */.j1(`${label}: ${problem}.`);
    return { key: writeCopy(context.dir, 'signing.key', text), secretEnv: { [PASSWORD]: password } };
}
/** Keyless: the workflow's identity token, which cosign fetches itself from the runner's request variables. */
function keylessSigner(env) {
    const given = env.SIGSTORE_ID_TOKEN;
    if (given)
        return { secretEnv: { SIGSTORE_ID_TOKEN: given } };
    const url = env.ACTIONS_ID_TOKEN_REQUEST_URL;
    const token = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
    if (url && token)
        return { secretEnv: { ACTIONS_ID_TOKEN_REQUEST_URL: url, ACTIONS_ID_TOKEN_REQUEST_TOKEN: token } };
    throw (0,errors/* badInput */.AN)('sign', 'true', "signing needs a key or an identity: give cosign-key (with COSIGN_PASSWORD in the step's env), or let the job sign keyless with its OIDC token by granting `permissions: id-token: write` (the runner then provides ACTIONS_ID_TOKEN_REQUEST_URL and _TOKEN, which this job does not have)");
}
/** The private deployment's signing config, needed (and only meaningful) with its trusted root. */
function deploymentFlags(inputs, trust, keyless, context) {
    const root = trust.trustedRoot;
    if (!root) {
        if (inputs.signingConfig)
            throw (0,errors/* badInput */.AN)('sigstore-signing-config', inputs.signingConfig, "a signing config belongs to a private deployment: give that deployment's trusted root in sigstore-trusted-root too");
        return [];
    }
    if (!inputs.signingConfig)
        throw (0,errors/* badInput */.AN)('sigstore-signing-config', '', 'signing with the private deployment of sigstore-trusted-root needs its signing config (which Fulcio, log and timestamp authority to use; cosign signing-config create writes one); without it cosign would sign with the public instance');
    const { text, contents: config } = readSigstoreInput('sigstore-signing-config', inputs.signingConfig, context.workspace, parseSigningConfig, 'a Sigstore signing config');
    if (keyless && config.certificateAuthorities === 0)
        throw (0,errors/* badInput */.AN)('sigstore-signing-config', inputs.signingConfig, 'keyless signing needs a certificate authority (Fulcio) in the signing config, and it names none: add one, or sign with cosign-key');
    return [
        '--signing-config',
        writeCopy(context.dir, 'signing_config.json', text),
        '--trusted-root',
        root.file
    ];
}
/** The signing plan, or undefined when `sign` is off. `images`: the registry images scanned. */
function prepareSigning(inputs, images, trust, context) {
    if (!inputs.sign) {
        if (inputs.signingConfig)
            throw (0,errors/* badInput */.AN)('sigstore-signing-config', inputs.signingConfig, 'it is used only for signing: set sign: true, or remove it');
        return undefined;
    }
    if (images.length === 0)
        throw (0,errors/* badInput */.AN)('sign', 'true', 'signing needs registry images: set image (the pushed reference); an image-input on disk has no registry to hold a signature');
    const signer = inputs.cosignKey ? keySigner(inputs.cosignKey, context) : keylessSigner(context.env);
    const deployment = deploymentFlags(inputs, trust, !inputs.cosignKey, context);
    return { ...signer, deployment, attest: inputs.attest };
}

;// CONCATENATED MODULE: ./src/sign/stage.ts
/**
 * The signature work of a run, as main.ts's steps: settle before any scan what verification and
 * signing will use (every file checked, every secret located), have cosign installed with the
 * scanners, read which digest each scan scanned, and after the verdict sign and attest what passed.
 */








/** Checks every signature input and rule (and the files and secrets they name) before any scan. */
function prepareSigstore(inputs, policyRules, paths, env = process.env) {
    const context = { workspace: paths.workspace, dir: (0,external_node_path_.join)(paths.outDir, 'sigstore'), env };
    const verification = prepareVerification(policyRules, inputs.signing, context);
    const signing = prepareSigning(inputs.signing, inputs.images, verification.trust, context);
    const used = verification.rules.length > 0 || signing !== undefined;
    if (verification.rules.length > 0)
        log/* log */.Rm.info(describeTrust(verification.trust));
    if (signing)
        log/* log */.Rm.info(`When the gate passes, each scanned image is signed by its scanned digest (${signing.key ? 'with cosign-key' : "keyless, with the workflow's OIDC identity"})${signing.attest.length ? ` and attested (${signing.attest.join(', ')})` : ''}.`);
    return { verification, ...(signing ? { signing } : {}), tools: used ? ['cosign'] : [] };
}
/** The images the scans covered, with the digest each report names; read only when signatures are in play. */
async function sigstoreImages(sigstore, outcomes) {
    if (sigstore.tools.length === 0)
        return { registry: [], inputs: [] };
    return scannedImages(outcomes);
}
/** Signs and attests the scanned images when the verdict passed; undefined when `sign` is off. */
async function signIfPassed(sigstore, verdict, images, run) {
    const plan = sigstore.signing;
    if (!plan)
        return undefined;
    const cosign = run.tools.cosign;
    const trivy = run.tools.trivy;
    if (!cosign || !trivy)
        throw new Error('cosign and Trivy were not installed for signing.');
    const report = await signPassed(verdict, plan, images, {
        exec: execTool,
        cosign,
        trivy,
        dir: (0,external_node_path_.join)(run.paths.outDir, 'sigstore')
    });
    if (report.withheld)
        log/* log */.Rm.info(`Not signed: ${report.withheld}.`);
    for (const image of report.images.filter(i => i.signed))
        log/* log */.Rm.info(`Signed ${image.pinned}${image.attestations.length ? ` and attested ${image.attestations.join(', ')}` : ''}`);
    return report;
}

// EXTERNAL MODULE: ./src/workspace/run-dirs.ts
var run_dirs = __webpack_require__(95209);
;// CONCATENATED MODULE: ./src/workspace/pairing.ts

function checkDockerfilePairings(inputs, workspace) {
    for (const [subject, dockerfile] of Object.entries(inputs.dockerfileFor)) {
        const read = (0,safe_read/* readFileSafely */.fJ)(dockerfile, { workspace, maxBytes: safe_read/* READ_LIMITS */.Cl.source, scope: 'workspace' });
        if (read.ok)
            continue;
        const input = inputs.images.includes(subject) ? 'image' : 'image-input';
        throw (0,safe_read/* refusedRead */.DC)(`Input '${input}': ${JSON.stringify(`${subject} | ${dockerfile}`)} pairs the image with a Dockerfile that`, read, "Expected the path of the Dockerfile the image was built from, relative to the repository root (as docker/build-push-action's file:).");
    }
}

// EXTERNAL MODULE: ./src/workspace/files.ts
var workspace_files = __webpack_require__(66234);
;// CONCATENATED MODULE: ./src/workspace/kustomize.ts
/**
 * The kustomizations among the manifests, checked before kustomize ever runs. What the cluster
 * receives from a kustomize repository is `kustomize build <overlay>`, not its files, so each
 * kustomization in scope is rendered (scanners/kustomize.ts) and judged. Before that, every
 * kustomization it reaches is read here through the safe read and every path it names is resolved:
 *
 * - remote `resources:` (git, http) and `helmCharts:` are never fetched: the build is refused and
 *   shows as CG-NOT-CHECKED naming the kustomization and the entry;
 * - a path that leaves the workspace (`../..` or a link) refuses the build too. kustomize's own load
 *   restrictor only keeps *files* inside each kustomization's root; a directory of `resources:`
 *   may be anywhere, so it would happily build `../../../../etc/x` or follow a link out.
 *
 * The patch files named by `patches:` and friends are not manifests (a partial Deployment has no
 * limits and no image): they are judged through what kustomize makes of them, so the caller takes
 * them out of the plain manifests.
 */




/** The file names kustomize looks for in a directory, in its order. */
const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
/** Whether a repository path is a kustomization file. */
function isKustomization(file) {
    return KUSTOMIZATION_NAMES.includes(external_node_path_.posix.basename(file));
}
/** Fields whose entries are paths (or URLs) kustomize loads. */
const LIST_FIELDS = [
    'resources',
    'bases',
    'components',
    'crds',
    'configurations',
    'generators',
    'transformers',
    'validators',
    'patchesStrategicMerge'
];
const PATH_ITEM_FIELDS = ['patches', 'patchesJson6902', 'replacements'];
const DIRECTORY_FIELDS = new Set(['resources', 'bases', 'components']);
const PATCH_FIELDS = new Set(['patches', 'patchesJson6902', 'patchesStrategicMerge']);
const HELM_FIELDS = ['helmCharts', 'helmChartInflationGenerator', 'helmGlobals'];
/**
 * A remote entry as kustomize would fetch it: a URL (https://, ssh://, git::), an scp-style
 * `git@host:` address, or a `host.tld/org/repo` spec, or anything with a `?ref=` or `.git//`.
 */
function isRemote(entry) {
    return (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(entry) ||
        /^git(::|@)/.test(entry) ||
        /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(:\d+)?\/[^/]/.test(entry) ||
        entry.includes('?ref=') ||
        entry.includes('.git//'));
}
const kustomize_strings = (v) => Array.isArray(v) ? v.filter((x) => typeof x === 'string') : [];
const records = (v) => Array.isArray(v) ? v.filter((x) => !!x && typeof x === 'object') : [];
/** Every path a kustomization names (inline patches and plugin configs, which hold newlines, are not paths). */
function kustomize_entries(k) {
    const out = [];
    for (const field of LIST_FIELDS)
        for (const path of kustomize_strings(k[field]))
            out.push({ field, path });
    for (const field of PATH_ITEM_FIELDS)
        for (const item of records(k[field]))
            if (typeof item.path === 'string')
                out.push({ field, path: item.path });
    const openapi = k.openapi;
    if (openapi && typeof openapi.path === 'string')
        out.push({ field: 'openapi', path: openapi.path });
    for (const field of ['configMapGenerator', 'secretGenerator']) {
        for (const gen of records(k[field])) {
            // `files:` entries may be `key=path`.
            for (const f of kustomize_strings(gen.files))
                out.push({ field, path: f.includes('=') ? f.slice(f.indexOf('=') + 1) : f });
            for (const e of [...kustomize_strings(gen.envs), ...(typeof gen.env === 'string' ? [gen.env] : [])])
                out.push({ field, path: e });
        }
    }
    return out.filter(e => !e.path.includes('\n') && e.path.trim() !== '');
}
/** The annotations kustomize writes for buildMetadata (scanners/kustomize.ts), by key or as a JSON
 * pointer segment (`~1` for `/`). */
const BUILD_METADATA = /kubernetes\.io(?:\/|~1)(?:origin|transformations)/;
/**
 * Whether YAML text writes kustomize's build metadata annotations, which place a build's findings:
 * `commonAnnotations`, a patch or a replacement naming one replaces what kustomize wrote (even
 * under a key escaped as `config.kubernetes.io\u002Forigin`), and would put an object's findings
 * on any file, one whose path the policy ignores. Read raw, then decoded (keys and strings, and the
 * inline YAML of multi-line strings: inline patches).
 */
function writesBuildMetadata(text, depth = 0) {
    if (BUILD_METADATA.test(text))
        return true;
    if (depth > 2)
        return false;
    let values;
    try {
        values = (0,dist/* parseAllDocuments */.hR)(text).map(d => d.toJS({ maxAliasCount: 100 }));
    }
    catch {
        return false;
    }
    const strings = [];
    const collect = (v) => {
        if (typeof v === 'string')
            strings.push(v);
        else if (Array.isArray(v))
            v.forEach(collect);
        else if (v && typeof v === 'object')
            for (const [k, inner] of Object.entries(v)) {
                strings.push(k);
                collect(inner);
            }
    };
    values.forEach(collect);
    return strings.some(t => BUILD_METADATA.test(t.replaceAll('\\', '')) || (t.includes('\n') && writesBuildMetadata(t, depth + 1)));
}
const METADATA_REASON = "writes kustomize's build metadata annotation (config.kubernetes.io/origin or alpha.config.kubernetes.io/transformations), which container-gate reads to place a build's findings";
/** Files a kustomization names whose content becomes transformations (patches, plugin configs). */
const CONTENT_FIELDS = new Set([
    'patches',
    'patchesJson6902',
    'patchesStrategicMerge',
    'transformers',
    'generators',
    'replacements'
]);
/** The first line of a kustomization that mentions the text, for the finding's location. */
function kustomize_lineOf(text, needle) {
    const i = text.split('\n').findIndex(l => l.includes(needle));
    return i < 0 ? undefined : i + 1;
}
/** The kustomization file of a directory, when it has one: any of the names that exists, even one
 * the safe read will refuse (a link out of the workspace, to /dev/zero), since kustomize reads it. */
function kustomizationIn(dir, workspace) {
    for (const name of KUSTOMIZATION_NAMES) {
        const file = dir === '' ? name : `${dir}/${name}`;
        const checked = (0,safe_read/* checkToolPath */.mZ)(file, { workspace, scope: 'workspace' });
        if (checked.ok || checked.problem !== 'missing')
            return file;
    }
    return undefined;
}
function checkEntry(entry, from, text, walk) {
    const at = { kustomization: from, line: kustomize_lineOf(text, entry.path) };
    const what = `${entry.field} entry ${JSON.stringify(entry.path)}`;
    if (isRemote(entry.path)) {
        walk.problems.push({ ...at, reason: `${what} in ${from} is remote: container-gate does not fetch it` });
        return;
    }
    const dir = external_node_path_.posix.dirname(from) === '.' ? '' : external_node_path_.posix.dirname(from);
    const target = external_node_path_.posix.normalize(external_node_path_.posix.join(dir, entry.path));
    if (external_node_path_.posix.isAbsolute(entry.path) || target === '..' || target.startsWith('../')) {
        walk.problems.push({ ...at, reason: `${what} in ${from} is outside the workspace` });
        return;
    }
    const checked = (0,safe_read/* checkToolPath */.mZ)(target, { workspace: walk.workspace, scope: 'workspace' });
    // A missing path is kustomize's to report (a build failure, with its message).
    if (!checked.ok && checked.problem === 'missing')
        return;
    if (!checked.ok) {
        walk.problems.push({ ...at, reason: `${what} in ${from} ${checked.detail}` });
        return;
    }
    if (PATCH_FIELDS.has(entry.field))
        walk.patchFiles.add(target);
    // A folder among `transformers:` or `generators:` is a kustomization whose resources are plugin
    // configs: followed like a base, and its files read like the configs they are.
    const folder = (0,external_node_fs_.statSync)(checked.realPath).isDirectory();
    if (!folder && (CONTENT_FIELDS.has(entry.field) || walk.configsOf.has(from))) {
        const read = (0,safe_read/* readFileSafely */.fJ)(target, {
            workspace: walk.workspace,
            maxBytes: safe_read/* READ_LIMITS */.Cl.source,
            scope: 'workspace'
        });
        if (!read.ok)
            walk.problems.push({ ...at, reason: `${what} in ${from}: ${target} ${read.detail}` });
        else if (writesBuildMetadata(read.text))
            walk.problems.push({ ...at, reason: `${target} ${METADATA_REASON}` });
    }
    const inner = folder ? kustomizationIn(target === '.' ? '' : target, walk.workspace) : undefined;
    if (DIRECTORY_FIELDS.has(entry.field)) {
        const taken = walk.takesIn.get(from) ?? new Set();
        walk.takesIn.set(from, taken.add(inner ?? target));
    }
    if (!inner || !(DIRECTORY_FIELDS.has(entry.field) || CONTENT_FIELDS.has(entry.field)))
        return;
    if (CONTENT_FIELDS.has(entry.field) || walk.configsOf.has(from))
        walk.configsOf.add(inner);
    visit(inner, walk);
}
/** Reads one kustomization and checks every path it names, following directories into theirs. */
function visit(file, walk) {
    if (walk.seen.has(file))
        return;
    walk.seen.add(file);
    const read = (0,safe_read/* readFileSafely */.fJ)(file, {
        workspace: walk.workspace,
        maxBytes: safe_read/* READ_LIMITS */.Cl.source,
        scope: 'workspace'
    });
    if (!read.ok) {
        walk.problems.push({ kustomization: file, reason: `${file} ${read.detail}` });
        return;
    }
    // kustomize builds YAML a strict parser refuses (a repeated key takes its last value; of several
    // documents the first is read), so what cannot be read here one way is not built at all: the
    // entries it names would go unchecked.
    const docs = [...(0,dist/* parseAllDocuments */.hR)(read.text)];
    const [doc] = docs;
    if (!doc)
        return;
    const error = doc.errors[0];
    if (docs.length > 1 || error) {
        const why = error
            ? `is not YAML that reads one way (${error.message.split('\n')[0]})`
            : 'holds more than one YAML document';
        walk.problems.push({
            kustomization: file,
            reason: `${file} ${why}: kustomize would read it otherwise than it reads here`
        });
        return;
    }
    let k;
    try {
        k = doc.toJS({ maxAliasCount: 100 });
    }
    catch {
        // An alias bomb: kustomize's parser would expand it; nothing is built from it.
        walk.problems.push({ kustomization: file, reason: `${file} expands YAML aliases past 100: not built` });
        return;
    }
    if (!k || typeof k !== 'object' || Array.isArray(k))
        return;
    if (writesBuildMetadata(read.text))
        walk.problems.push({ kustomization: file, reason: `${file} ${METADATA_REASON}` });
    const fields = k;
    for (const field of HELM_FIELDS) {
        if (fields[field] === undefined)
            continue;
        walk.problems.push({
            kustomization: file,
            line: kustomize_lineOf(read.text, `${field}:`),
            reason: `${field} in ${file}: container-gate does not fetch or render Helm charts through kustomize`
        });
    }
    for (const entry of kustomize_entries(fields))
        checkEntry(entry, file, read.text, walk);
}
/**
 * The kustomizations to build and those refused: a build is refused when anything it reaches is
 * remote, a Helm chart, outside the workspace, or unreadable. Reads files, never runs anything.
 */
function planKustomizations(kustomizations, workspace) {
    const plan = { builds: [], refused: [], patchFiles: [], takesIn: {} };
    const patchFiles = new Set();
    const takesIn = new Map();
    for (const kustomization of kustomizations) {
        const walk = { workspace, seen: new Set(), problems: [], patchFiles, takesIn, configsOf: new Set() };
        visit(kustomization, walk);
        const dir = external_node_path_.posix.dirname(kustomization) === '.' ? '' : external_node_path_.posix.dirname(kustomization);
        if (walk.problems.length === 0)
            plan.builds.push({ kustomization, dir });
        for (const p of walk.problems)
            // On the kustomization holding the entry, at its line: that is what the author changes.
            plan.refused.push({
                kustomization: p.kustomization,
                ...(p.line !== undefined ? { line: p.line } : {}),
                reason: `kustomize build ${dir || '.'} was not run: ${p.reason}`
            });
    }
    plan.patchFiles = [...patchFiles].sort();
    plan.takesIn = Object.fromEntries([...takesIn].map(([k, taken]) => [k, [...taken].sort()]));
    return plan;
}

;// CONCATENATED MODULE: ./src/workspace/scope.ts
/**
 * Which repository files each check reads, from the inputs: the Dockerfiles, the manifests (and
 * the Helm chart templates among them, which are not manifests until rendered), the Gatekeeper
 * policies; and the `image-input` paths, checked before Trivy opens them. An explicit glob that
 * matches nothing is the user's to fix.
 */






function unmatched(input, glob, example) {
    return new errors/* ConfigurationError */.j1(`Input '${input}' has a glob that matches no file: ${JSON.stringify(glob)}. Globs are matched against repository-relative paths (for example ${example}); leave the input at its default to check whatever exists.`);
}
/** Dockerfiles in scope (hadolint and the base-image rules): explicit globs must each match; the
 * default globs may match nothing. */
function resolveDockerfiles(inputs, files) {
    const globs = inputs.dockerfiles ?? [];
    if (globs.length === 0)
        return [];
    if (globs.join('\n') !== workspace_files/* DEFAULT_DOCKERFILE_GLOBS */.pe.join('\n')) {
        const missing = (0,workspace_files/* globsWithoutMatch */.rT)(files, globs);
        if (missing.length > 0)
            throw unmatched('dockerfile', missing[0], 'Dockerfile, docker/*.Dockerfile, **/Dockerfile');
    }
    return (0,workspace_files/* matchGlobs */.jv)(files, globs);
}
/**
 * The kustomizations to build: those among the manifests, and each folder's `Kustomization` (no
 * extension), which kustomize reads like a kustomization.yaml but no YAML glob matches. It is in
 * scope where that folder's kustomization.yaml would be: an overlay must not escape the build (and
 * its inline patches the admission rules) by its file name.
 */
function kustomizationsInScope(inputs, files, manifests) {
    const bare = files.filter(f => external_node_path_.posix.basename(f) === 'Kustomization');
    const byYamlName = new Map(bare.map(f => [external_node_path_.posix.join(external_node_path_.posix.dirname(f), 'kustomization.yaml'), f]));
    const names = [...byYamlName.keys()];
    const covered = inputs.manifests
        ? (0,workspace_files/* matchGlobs */.jv)(names, inputs.manifests)
        : (0,workspace_files/* yamlFilesUnder */.n5)(names, inputs.configPaths);
    return [...manifests.filter(isKustomization), ...covered.map(name => byYamlName.get(name))].sort();
}
/** Manifests for the admission rules: the `manifests` globs, else every YAML file under config-path. */
function resolveManifests(inputs, files) {
    if (inputs.manifests) {
        const missing = (0,workspace_files/* globsWithoutMatch */.rT)(files, inputs.manifests);
        if (missing.length > 0)
            throw unmatched('manifests', missing[0], 'k8s/*.yaml, deploy/**/*.yml');
        return (0,workspace_files/* matchGlobs */.jv)(files, inputs.manifests);
    }
    return (0,workspace_files/* yamlFilesUnder */.n5)(files, inputs.configPaths);
}
/** The cluster's Gatekeeper policy files: every glob of `gatekeeper-policies` must match a file. */
function resolveGatekeeperPolicies(inputs, files) {
    const globs = inputs.gatekeeperPolicies ?? [];
    if (globs.length === 0)
        return [];
    const missing = (0,workspace_files/* globsWithoutMatch */.rT)(files, globs);
    if (missing.length > 0)
        throw unmatched('gatekeeper-policies', missing[0], 'gatekeeper/*.yaml, policies/**/constraint.yaml');
    return (0,workspace_files/* matchGlobs */.jv)(files, globs);
}
/**
 * Separates Helm chart templates (files under a `templates/` folder with a Chart.yaml next to it)
 * from the manifests the admission rules read: a template is not a manifest until rendered. Trivy's
 * config scan renders the charts under its config paths; a chart outside them is not rendered.
 */
function splitHelmCharts(manifests, files, configPaths) {
    const roots = files
        .filter(f => external_node_path_.posix.basename(f) === 'Chart.yaml')
        .map(f => external_node_path_.posix.dirname(f))
        .map(d => (d === '.' ? '' : d))
        .sort((a, b) => b.length - a.length);
    const prefixes = configPaths.map(p => p.replace(/^\.\/?/, '').replace(/\/$/, ''));
    const covers = (chart) => prefixes.some(p => p === '' || chart === p || chart.startsWith(`${p}/`));
    const charts = new Map();
    const plain = [];
    for (const file of manifests) {
        const chart = roots.find(r => file.startsWith(r === '' ? 'templates/' : `${r}/templates/`));
        if (chart === undefined) {
            plain.push(file);
            continue;
        }
        const entry = charts.get(chart) ?? { chart, templates: [], rendered: covers(chart) };
        entry.templates.push(file);
        charts.set(chart, entry);
    }
    return { manifests: plain, charts: [...charts.values()] };
}
/**
 * The `image-input` paths, checked before Trivy opens them: relative ones (and absolute ones inside
 * the workspace) must stay inside it once links are followed, and each must be a file (a
 * `docker save` tarball) or a directory (an OCI layout).
 */
function checkImageInputs(inputs, workspace) {
    checkDockerfilePairings(inputs, workspace);
    for (const file of inputs.imageInputs) {
        const checked = (0,safe_read/* checkToolPath */.mZ)(file, { workspace, scope: 'given-path' });
        if (!checked.ok)
            throw (0,safe_read/* refusedRead */.DC)(`Input 'image-input': ${JSON.stringify(file)}`, checked, 'Expected a docker save tarball or an OCI image layout directory.');
    }
}
/** Lists the workspace (only when an input needs its files) and resolves every input's files. */
async function resolveScope(inputs, workspace) {
    const needsFiles = inputs.dockerfiles !== undefined ||
        inputs.manifests !== undefined ||
        inputs.gatekeeperPolicies !== undefined ||
        inputs.configPaths.length > 0;
    const files = needsFiles ? await (0,workspace_files/* listFiles */.CS)(workspace) : [];
    // Chart templates are judged through Trivy's rendering, not read as manifests.
    const { manifests, charts } = splitHelmCharts(resolveManifests(inputs, files), files, inputs.configPaths);
    // What the cluster receives from a kustomization is its build: each is rendered and judged, its
    // patch files only through that build. The resources it names stay manifests of their own.
    const kustomize = planKustomizations(kustomizationsInScope(inputs, files, manifests), workspace);
    const notManifests = new Set(kustomize.patchFiles);
    return {
        dockerfiles: resolveDockerfiles(inputs, files),
        manifests: manifests.filter(f => !isKustomization(f) && !notManifests.has(f)),
        charts,
        kustomize,
        gatekeeperPolicies: resolveGatekeeperPolicies(inputs, files)
    };
}

;// CONCATENATED MODULE: ./src/main.ts
/**
 * The step, as a story of named stages: read the inputs, load the policy, choose the files, scan,
 * check, decide, report, publish, conclude. Every decision is made elsewhere (the verdict in
 * policy/, the content in report/); this file wires the stages together, writes the outputs and
 * is the only place that calls setFailed.
 */


























/** The inputs, with the token masked and what the reading had to say logged. */
function readActionInputs() {
    const inputs = readInputs(name => workflow_commands/* getInput */.V4(name));
    if (inputs.githubToken)
        log/* log */.Rm.mask(inputs.githubToken);
    for (const warning of inputs.warnings)
        log/* log */.Rm.warning(warning);
    for (const note of inputs.notes)
        log/* log */.Rm.info(note);
    return inputs;
}
/** The policy file (or the defaults) with the fail-on and ignore-unfixed inputs applied. */
async function loadPolicy(inputs, workspace) {
    return (0,defaults/* applyOverrides */.iu)(await readPolicy(inputs.policyPath, workspace), {
        failOn: inputs.failOn,
        ignoreUnfixed: inputs.ignoreUnfixed
    });
}
/** The inputs, this run's folders and the policy: everything later stages are told. */
async function readSettings() {
    const inputs = readActionInputs();
    const paths = await (0,run_dirs/* prepareRunPaths */.v)();
    const policy = await loadPolicy(inputs, paths.workspace);
    log/* log */.Rm.info(`Mode: ${inputs.mode}. Policy: ${policy.source}.`);
    const ignores = policy.ignores.length;
    if (ignores > 0)
        log/* log */.Rm.info(`${ignores} ignore entr${ignores === 1 ? 'y' : 'ies'} in the policy.`);
    return { inputs, paths, policy };
}
/** The files in scope, warning when the policy's base-image rules have no Dockerfile to apply to. */
async function chooseFiles(inputs, policy, workspace) {
    const scope = await resolveScope(inputs, workspace);
    const scopeWarning = baseImageScopeWarning(inputs, policy.baseImages, scope.dockerfiles);
    if (scopeWarning)
        log/* log */.Rm.warning(scopeWarning);
    checkImageInputs(inputs, workspace);
    return scope;
}
function warnIfNothingToCheck(inputs, scope) {
    const checkable = [
        inputs.images,
        inputs.imageInputs,
        inputs.configPaths,
        inputs.reports,
        scope.dockerfiles,
        scope.manifests,
        scope.kustomize.builds
    ];
    if (checkable.every(list => list.length === 0)) {
        log/* log */.Rm.warning('Nothing to check: set image, image-input, config-path, dockerfile, manifests (with gatekeeper-policies) or report.');
    }
}
/** What this run looks at: the repository's files in scope and the imported reports. */
async function selectFiles({ inputs, policy, paths }) {
    const scope = await chooseFiles(inputs, policy, paths.workspace);
    const list = (what, files) => files.length > 0 &&
        log/* log */.Rm.info(`${what} (${files.length}): ${files.slice(0, 20).join(', ')}${files.length > 20 ? ', …' : ''}`);
    list('Dockerfiles', scope.dockerfiles);
    list('Kubernetes manifests', scope.manifests);
    list('Kustomizations (rendered with kustomize build)', scope.kustomize.builds.map(b => b.kustomization));
    list('Gatekeeper policy files', scope.gatekeeperPolicies);
    const imported = await importReports(inputs.reports, paths.workspace, log/* log */.Rm.info);
    warnIfNothingToCheck(inputs, scope);
    // hadolint reads the files itself: only those the safe read accepts (runChecks reports the rest).
    // Choosing Dockerfiles and linting them are two decisions: hadolint: false keeps the base-image rules.
    const lintable = inputs.hadolint ? readableFiles(paths.workspace, scope.dockerfiles) : [];
    return { scope, imported, lintable };
}
/** What the signature check verifies with: the settled rules, the scanned digests, the installed cosign. */
function signatureRun(sigstore, images, tools) {
    if (sigstore.verification.rules.length === 0)
        return undefined;
    // Rules without cosign would pass every image unverified: that is a bug, never a skip.
    if (!tools.cosign)
        throw new Error('cosign was not installed, though signature rules apply.');
    return { settings: sigstore.verification, scanned: images, exec: execTool, cosign: tools.cosign };
}
/**
 * What reading an image's provenance needs: this repository (to trust only provenance naming it)
 * and crane, installed verified the first time an image needs it (most runs never do).
 */
function provenanceReader(inputs, clock) {
    const name = process.env.GITHUB_REPOSITORY ?? '';
    const serverUrl = process.env.GITHUB_SERVER_URL ?? 'https://github.com';
    let installing;
    const crane = async () => {
        // Inside the checks' group (groups do not nest): the install says where crane came from.
        installing ??= startInstalls(['crane'], inputs.tools, undefined, clock)
            .all()
            .then(t => t.paths.crane);
        return { crane: await installing, exec: execTool };
    };
    return { ...(/^[^/]+\/[^/]+$/.test(name) ? { repository: { serverUrl, name } } : {}), crane };
}
const main_count = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
/** The scanners' and the imported reports' findings through the action's own checks, each once. */
async function check({ inputs, policy, paths }, scope, found, signatures, rendered = { builds: [], failed: [] }) {
    const { dockerfiles, charts } = scope;
    // A patch file no build shows is judged as the manifest it is (scanners/kustomize-patches.ts).
    const manifests = [...scope.manifests, ...(rendered.unappliedPatches ?? [])];
    const kustomize = { rendered, refused: scope.kustomize.refused, takesIn: scope.kustomize.takesIn };
    const checks = await runChecks(found, policy, paths.workspace, { dockerfiles, manifests, charts, linted: inputs.hadolint, kustomize }, buildSettings(inputs), signatures);
    const { findings, repeats } = (0,model/* uniqueFindings */.GQ)(checks.findings);
    if (repeats > 0)
        log/* log */.Rm.info(`${repeats} findings were reported more than once (the same finding in the same place); each is counted once.`);
    const ruleFamilies = {
        admission: 'Admission rules',
        'base-images': 'Base-image rules'
    };
    for (const s of checks.subjects) {
        const own = findings.filter(f => f.tool === s.tool && f.subject === s.subject).length;
        log/* log */.Rm.info(`${ruleFamilies[s.subject] ?? s.subject}: ${main_count(own, 'finding')}.`);
    }
    for (const line of checksNotRun(policy, checks.subjects))
        log/* log */.Rm.info(line);
    return { ...checks, findings };
}
/** Why a family of the action's own rules judged nothing, so an empty group is not a mystery. */
function checksNotRun(policy, subjects) {
    const ran = new Set(subjects.map(s => s.subject));
    const lines = [];
    if (!ran.has('base-images'))
        lines.push(hasBaseImageRules(policy.baseImages)
            ? 'Base-image rules: not run, no Dockerfile in scope.'
            : 'Base-image rules: not run, the policy has none (base-images.allow, base-images.require-digest).');
    if (!ran.has('admission'))
        lines.push('Admission rules: not run, no Kubernetes manifest in scope.');
    return lines;
}
/** Every finding decided by the policy, with first-seen dates from code scanning when on GitHub. */
async function decide({ inputs, policy }, github, findings, now) {
    const firstSeen = await readFirstSeen(github, inputs.github, findings);
    if (firstSeen)
        log/* log */.Rm.info(`First-seen dates from code scanning: ${firstSeen.size} findings.`);
    const verdict = (0,evaluate/* evaluate */._3)(findings, policy, { mode: inputs.mode, firstSeen }, now);
    const by = (action) => verdict.decisions.filter(d => d.action === action).length;
    log/* log */.Rm.info(`${main_count(findings.length, 'finding')}: ${by('block')} block, ${by('warn')} warn, ${by('record')} recorded, ${by('ignore')} ignored.`);
    for (const expired of verdict.expiredIgnores)
        log/* log */.Rm.info(`Expired ignore, no longer applied: ${expired.id} (${expired.source}, expired ${expired.expires ?? '?'}).`);
    return verdict;
}
/** The step's outcome: the headline, failing the step only when the verdict fails and `fail` is on;
 * a passing gate whose signing was asked for and did not complete fails too (nothing downstream
 * would accept the image). */
function conclude(verdict, fail, signing) {
    const unsigned = signingFailure(signing);
    // The headline names files and images: it goes through the log boundary like any line.
    const sentence = (0,headline/* headline */.Pl)(verdict);
    if (verdict.outcome === 'fail' && fail)
        workflow_commands/* setFailed */.C1((0,log/* escapeCommandData */.V9)(sentence));
    else if (unsigned)
        workflow_commands/* setFailed */.C1((0,log/* escapeCommandData */.V9)(unsigned));
    else if (verdict.outcome === 'fail')
        log/* log */.Rm.warning(`${sentence} (not failing the step: input 'fail' is false)`);
}
async function run(now = new Date(), clock = log/* systemClock */.ml) {
    try {
        const stage = (title, work, done) => log/* log */.Rm.stage(title, work, { clock, ...(done ? { done } : {}) });
        const settings = await stage('Inputs and policy', readSettings);
        const { inputs, paths } = settings;
        // Checking a cached Trivy takes longest of a warm run and runs nothing: it starts now.
        const early = startToolCacheChecks(inputs, clock);
        const files = await stage('Files in scope', () => selectFiles(settings));
        const { scope, imported } = files;
        const sigstore = prepareSigstore(inputs, settings.policy.signatures, paths);
        const toScan = { ...scope, dockerfiles: files.lintable };
        const scanned = await scan(inputs, paths, toScan, { now, clock, alsoInstall: sigstore.tools, early });
        const images = await sigstoreImages(sigstore, scanned.outcomes);
        const found = [...imported.findings, ...scanned.findings];
        const signatures = signatureRun(sigstore, images, scanned.paths);
        const checksTitle = `Checks: base images, admission rules${signatures ? ', signatures' : ''}`;
        const { dockerfileFor } = inputs;
        const placing = {
            dockerfileFor,
            dockerfiles: scope.dockerfiles,
            outcomes: scanned.outcomes,
            ...paths,
            ...provenanceReader(inputs, clock)
        };
        const checked = await stage(checksTitle, async () => check(settings, scope, await placeImageFindings(found, placing, log/* log */.Rm.info), signatures, scanned.kustomize));
        const github = await connectGitHub(inputs.github, inputs.githubToken);
        const verdict = await stage('Policy', () => decide(settings, github, checked.findings, now));
        const subjects = [...imported.subjects, ...scanned.subjects, ...checked.subjects];
        const signing = await signIfPassed(sigstore, verdict, images.registry, { tools: scanned.paths, paths });
        const written = await stage('Reports: SARIF, JSON, artifact', () => writeReports(settings, { verdict, subjects, scanned, now, checked }));
        const published = await stage('Publish: code scanning, comment, summary, annotations', () => publishEverywhere(settings, github, { verdict, subjects, written, notes: checked.notes, now, signing }));
        setOutputs(verdict, written, published.github, signing);
        for (const line of verdictLines(verdict, destinations(inputs, written, published)))
            log/* log */.Rm.info(line);
        conclude(verdict, inputs.fail, signing);
    }
    catch (error) {
        // One message saying whose it is to fix; stack traces stay in debug output.
        if (error instanceof Error && error.stack)
            log/* log */.Rm.debug(error.stack);
        workflow_commands/* setFailed */.C1((0,log/* escapeCommandData */.V9)((0,errors/* failureMessage */.oh)(error)));
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
