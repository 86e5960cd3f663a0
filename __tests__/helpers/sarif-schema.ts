// Validates SARIF against the official 2.1.0 schema (__fixtures__/shared/fixtures/sarif, draft 2020-12).
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { SHARED } from './shared.js'

const schema = JSON.parse(readFileSync(resolve(SHARED, 'fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8'))
const ajv = new Ajv2020({ strict: false, allErrors: true })
;(addFormats as unknown as (a: Ajv2020) => void)(ajv)
const validate = ajv.compile(schema)

/** The schema errors of a SARIF document, as readable lines (empty when valid). */
export function sarifSchemaErrors(doc: unknown): string[] {
  return validate(doc) ? [] : (validate.errors ?? []).map(e => `${e.instancePath} ${e.message}`)
}
