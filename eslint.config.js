import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import { ENTRIES, FOUNDATION, STAGES, forbiddenFor } from './scripts/architecture.mjs'

const SET_FAILED = {
  selector: "CallExpression[callee.property.name='setFailed']",
  message: 'Only src/main.ts (and src/fleet-main.ts, for the fleet modes) decides the step outcome.'
}

// Every log line can carry outside text (file names, tool output, finding text): it is printed only
// through src/log.ts, which makes it inert (no workflow command, no extra line).
const THROUGH_THE_LOG =
  'Write to the log through src/log.ts (log.info, log.warning, ...): it keeps outside text from becoming a workflow command.'
const LOGGING = [
  {
    selector:
      "MemberExpression[object.name='core'][property.name=/^(info|debug|notice|warning|error|startGroup|endGroup|group|setCommandEcho|issue|issueCommand)$/]",
    message: THROUGH_THE_LOG
  },
  { selector: "VariableDeclarator[init.name='core'] > ObjectPattern", message: THROUGH_THE_LOG },
  { selector: "MemberExpression[object.name='console']", message: THROUGH_THE_LOG },
  {
    selector: "MemberExpression[object.name='process'][property.name=/^(stdout|stderr)$/]",
    message: THROUGH_THE_LOG
  }
]

const CORE_MESSAGE = `Only src/log.ts, src/runner-state.ts, src/main.ts (inputs, setFailed), src/deliver.ts (outputs, summary) and src/fleet-main.ts use the workflow commands (src/workflow-commands.ts, the part of @actions/core the action uses). ${THROUGH_THE_LOG}`
const CORE = { name: '@actions/core', message: CORE_MESSAGE }
/** Our own workflow commands module, refused like @actions/core (the name ends every relative path to it). */
const CORE_PATTERN = { regex: '(^|/)workflow-commands\\.js$', message: CORE_MESSAGE }

/**
 * The imports a module of `unit` may not write: any later stage of the pipeline, and the entry
 * points (scripts/architecture.mjs; docs/ARCHITECTURE.md). Specifiers are relative, so a later
 * stage is `../report/...` from a stage folder, `../../report/...` from a folder inside one,
 * `./report/...` from a file at the top of src/.
 */
function pipelineOrder(unit, paths, extraPatterns = []) {
  const forbidden = forbiddenFor(unit)
  const names = forbidden.map(u => (u.endsWith('.ts') ? `${u.slice(0, -3)}\\.js$` : `${u}/`))
  const patterns =
    forbidden.length === 0
      ? []
      : [
          {
            regex: `^(\\.\\.?/)+(${names.join('|')})`,
            message: FOUNDATION.includes(unit)
              ? `src/${unit} is foundation: it imports only the foundation, never a stage of the pipeline (docs/ARCHITECTURE.md).`
              : `src/${unit} may import only the foundation and its own or earlier stages: ${forbidden.join(', ')} come after it (docs/ARCHITECTURE.md).`
          }
        ]
  return ['error', { paths, patterns: [...patterns, ...extraPatterns] }]
}

const filesOf = unit => (unit.endsWith('.ts') ? [`src/${unit}`] : [`src/${unit}/**/*.ts`])
/** Units that may use @actions/core directly; every other is refused it. */
const CORE_USERS = ['log.ts', 'runner-state.ts', 'main.ts', 'deliver.ts', 'fleet-main.ts']
const LAYERS = [...FOUNDATION, ...STAGES, ...ENTRIES].map(unit => ({
  files: filesOf(unit),
  rules: {
    'no-restricted-imports': CORE_USERS.includes(unit)
      ? pipelineOrder(unit, [])
      : pipelineOrder(unit, [CORE], unit === 'workflow-commands.ts' ? [] : [CORE_PATTERN])
  }
}))

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.e2e/', 'bench/out/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        structuredClone: 'readonly'
      }
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', SET_FAILED]
    }
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', SET_FAILED, ...LOGGING],
      'max-lines': ['error', { max: 400, skipBlankLines: true }],
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }]
    }
  },
  // Imports only flow forward through the pipeline, and @actions/core stays behind the log.
  ...LAYERS,
  // main.ts reads inputs, sets outputs, writes the summary and alone calls setFailed; it logs like any module.
  { files: ['src/main.ts'], rules: { 'no-restricted-syntax': ['error', ...LOGGING] } },
  // fleet-main.ts is the same for the fleet modes (plan, aggregate), which scan nothing.
  { files: ['src/fleet-main.ts'], rules: { 'no-restricted-syntax': ['error', ...LOGGING] } },
  // The log boundary itself.
  { files: ['src/log.ts'], rules: { 'no-restricted-syntax': ['error', SET_FAILED] } },
  // Below the log boundary: the workflow commands framed for the runner (the text is escaped by log.ts).
  { files: ['src/workflow-commands.ts'], rules: { 'no-restricted-syntax': 'off' } },
  { files: ['__tests__/**', '__fixtures__/**'], rules: { 'no-restricted-syntax': 'off' } }
)
