/** The subset of SARIF 2.1.0 the action writes (see sarif-schema-2.1.0.json for the full model). */
export interface SarifLog {
  $schema: string
  version: '2.1.0'
  runs: SarifRun[]
}

export interface SarifRun {
  tool: { driver: { name: string; version?: string; informationUri?: string; rules: SarifRule[] } }
  /** The code-scanning category is the id up to its last '/'. */
  automationDetails?: { id: string }
  columnKind?: 'utf16CodeUnits' | 'unicodeCodePoints'
  results: SarifResult[]
  properties?: Record<string, unknown>
}

export interface SarifRule {
  id: string
  name?: string
  shortDescription?: { text: string }
  fullDescription?: { text: string }
  helpUri?: string
  help?: { text: string; markdown?: string }
  defaultConfiguration?: { level: 'none' | 'note' | 'warning' | 'error' }
  properties?: { tags?: string[]; precision?: string; 'security-severity'?: string; [key: string]: unknown }
}

export interface SarifResult {
  ruleId: string
  ruleIndex?: number
  level: 'none' | 'note' | 'warning' | 'error'
  message: { text: string }
  locations: Array<{
    physicalLocation: SarifPhysicalLocation
    /** For an image finding on a Dockerfile line: the image it was found in (§3.33). */
    logicalLocations?: Array<{ name: string; fullyQualifiedName?: string; kind?: string }>
  }>
  /** Other places the result involves (§3.27.22): for an image finding on a Dockerfile line, the
   * image itself, under the pseudo-path earlier alerts used. */
  relatedLocations?: Array<{
    id: number
    physicalLocation: SarifPhysicalLocation
    message?: { text: string }
  }>
  partialFingerprints?: Record<string, string>
  properties?: Record<string, unknown>
}

export interface SarifPhysicalLocation {
  artifactLocation: { uri: string; uriBaseId?: string }
  region?: { startLine: number; endLine?: number; startColumn?: number; endColumn?: number }
}
