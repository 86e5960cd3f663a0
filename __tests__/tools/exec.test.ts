/**
 * The environment scanners see. They parse untrusted images and repositories, so the runner's
 * credentials must never reach them: tested on the function and on a real child process.
 */
import { describe, expect, it } from '@jest/globals'
import { ToolError } from '../../src/errors.js'
import { execTool, scrubEnvironment } from '../../src/tools/exec.js'

/** What a runner's environment looks like during a step (names from real runners). */
const RUNNER_ENV: NodeJS.ProcessEnv = {
  PATH: '/usr/local/bin:/usr/bin:/bin',
  HOME: '/home/runner',
  LANG: 'C.UTF-8',
  RUNNER_TEMP: '/home/runner/work/_temp',
  RUNNER_OS: 'Linux',
  RUNNER_ARCH: 'X64',
  HTTPS_PROXY: 'http://proxy.internal:3128',
  no_proxy: 'localhost',
  DOCKER_CONFIG: '/home/runner/.docker',
  GITHUB_TOKEN: 'ghs_plain',
  github_token: 'ghs_lower',
  GH_TOKEN: 'ghs_gh',
  'INPUT_GITHUB-TOKEN': 'ghs_input',
  INPUT_IMAGE: 'app:1',
  input_policy: 'lower-case input',
  ACTIONS_RUNTIME_TOKEN: 'runtime',
  ACTIONS_CACHE_URL: 'https://artifactcache.actions.githubusercontent.com/x/',
  ACTIONS_RESULTS_URL: 'https://results-receiver.actions.githubusercontent.com/',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc',
  ACTIONS_ID_TOKEN_REQUEST_URL: 'https://pipelines.actions.githubusercontent.com/oidc',
  Actions_Runtime_Token: 'mixed case',
  AWS_SECRET_ACCESS_KEY: 'aws',
  AWS_ACCESS_KEY_ID: 'AKIA',
  NPM_TOKEN: 'npm',
  REGISTRY_PASSWORD: 'pw',
  GITHUB_PAT_DEPLOY: 'pat',
  RUNNER_TOKEN: 'runner',
  GITHUB_EVENT_PATH: '/home/runner/work/_temp/_github_workflow/event.json',
  GITHUB_STATE: '/home/runner/work/_temp/_runner_file_commands/save_state',
  GITHUB_ENV: '/home/runner/work/_temp/_runner_file_commands/set_env',
  SOMETHING_ELSE: 'x'
}

describe('scrubEnvironment', () => {
  it('keeps only what tools need from the runner', () => {
    expect(scrubEnvironment(RUNNER_ENV, {}, 'linux')).toEqual({
      PATH: '/usr/local/bin:/usr/bin:/bin',
      HOME: '/home/runner',
      LANG: 'C.UTF-8',
      RUNNER_TEMP: '/home/runner/work/_temp',
      RUNNER_OS: 'Linux',
      RUNNER_ARCH: 'X64',
      HTTPS_PROXY: 'http://proxy.internal:3128',
      no_proxy: 'localhost',
      DOCKER_CONFIG: '/home/runner/.docker'
    })
  })

  it('never passes a token, INPUT_*, ACTIONS_* or file-command path, whatever the case', () => {
    const env = scrubEnvironment(RUNNER_ENV, {}, 'linux')
    const names = Object.keys(env)
    for (const name of names) expect(name).not.toMatch(/TOKEN|SECRET|PASSWORD|^INPUT_|^ACTIONS_|^GITHUB_/i)
    for (const value of Object.values(env)) expect(value).not.toMatch(/ghs_|runtime|oidc|aws|npm|pat/)
  })

  it('keeps Windows variables the way Windows runners spell them, and still drops secrets', () => {
    const env = scrubEnvironment(
      {
        Path: 'C:\\hostedtoolcache\\windows;C:\\Windows\\system32',
        SystemRoot: 'C:\\Windows',
        windir: 'C:\\Windows',
        ComSpec: 'C:\\Windows\\system32\\cmd.exe',
        PATHEXT: '.COM;.EXE;.BAT;.CMD',
        Github_Token: 'ghs_mixed',
        Input_Image: 'app:1'
      },
      {},
      'win32'
    )
    expect(env).toEqual({
      Path: 'C:\\hostedtoolcache\\windows;C:\\Windows\\system32',
      SystemRoot: 'C:\\Windows',
      windir: 'C:\\Windows',
      ComSpec: 'C:\\Windows\\system32\\cmd.exe',
      PATHEXT: '.COM;.EXE;.BAT;.CMD'
    })
    // On Linux a differently spelt name is another variable, and not one tools need.
    expect(scrubEnvironment({ Path: '/x', SystemRoot: 'C:\\Windows' }, {}, 'linux')).toEqual({})
  })

  it("passes a tool's own variables", () => {
    expect(
      scrubEnvironment({}, { TRIVY_CACHE_DIR: '/c', TRIVY_DISABLE_VEX_NOTICE: 'true' }, 'linux')
    ).toEqual({
      TRIVY_CACHE_DIR: '/c',
      TRIVY_DISABLE_VEX_NOTICE: 'true'
    })
  })

  it.each([
    'GITHUB_TOKEN',
    'github_token',
    'GH_TOKEN',
    'INPUT_GITHUB-TOKEN',
    'Input_X',
    'ACTIONS_RUNTIME_TOKEN',
    'actions_cache_url',
    'TRIVY_PASSWORD',
    'TRIVY_REGISTRY_TOKEN',
    'Cosign_Api_Key',
    'AWS_SECRET_ACCESS_KEY',
    'GITHUB_PAT',
    'RUNNER_TOKEN'
  ])('refuses %s as an extra variable instead of passing it', name => {
    expect(() => scrubEnvironment({}, { [name]: 'value' }, 'linux')).toThrow(ToolError)
    expect(() => scrubEnvironment({}, { [name]: 'value' }, 'linux')).toThrow(
      `Refusing to pass ${name} to a tool: it looks like a secret.`
    )
  })
})

describe('execTool', () => {
  it('runs the child with the scrubbed environment only', async () => {
    const saved = { ...process.env }
    Object.assign(process.env, {
      GITHUB_TOKEN: 'ghs_mustnotleak',
      'INPUT_GITHUB-TOKEN': 'ghs_mustnotleak',
      ACTIONS_RUNTIME_TOKEN: 'mustnotleak',
      SOMETHING_ELSE: 'mustnotleak'
    })
    try {
      const result = await execTool(
        process.execPath,
        ['-e', 'process.stdout.write(JSON.stringify(process.env))'],
        {
          env: { TRIVY_CACHE_DIR: '/cache' }
        }
      )
      const seen = JSON.parse(result.stdout) as Record<string, string>
      expect(JSON.stringify(seen)).not.toContain('mustnotleak')
      expect(seen.TRIVY_CACHE_DIR).toBe('/cache')
      expect(seen.PATH).toBe(process.env.PATH)
    } finally {
      for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name]
    }
  })
})
