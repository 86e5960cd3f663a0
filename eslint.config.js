import js from '@eslint/js'
import tseslint from 'typescript-eslint'

const SET_FAILED = {
  selector: "CallExpression[callee.property.name='setFailed']",
  message: 'Only src/main.ts decides the step outcome.'
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
        clearTimeout: 'readonly'
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
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@actions/core',
              message: `Only src/log.ts, src/runner-state.ts and src/main.ts (inputs, outputs, summary, setFailed) use @actions/core. ${THROUGH_THE_LOG}`
            }
          ]
        }
      ]
    }
  },
  // main.ts reads inputs, sets outputs, writes the summary and alone calls setFailed; it logs like any module.
  {
    files: ['src/main.ts'],
    rules: { 'no-restricted-syntax': ['error', ...LOGGING], 'no-restricted-imports': 'off' }
  },
  // The runner's state between main and post (saveState/getState): no logging in it.
  { files: ['src/runner-state.ts'], rules: { 'no-restricted-imports': 'off' } },
  // The log boundary itself.
  {
    files: ['src/log.ts'],
    rules: { 'no-restricted-syntax': ['error', SET_FAILED], 'no-restricted-imports': 'off' }
  },
  { files: ['__tests__/**', '__fixtures__/**'], rules: { 'no-restricted-syntax': 'off' } }
)
