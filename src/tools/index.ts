/**
 * The tool installer's public surface, for src/inputs.ts and src/main.ts.
 */
export { CATALOG, currentPlatform, type Platform } from './catalog.js'
export { defaultInstallDeps, type InstallDeps, type ToolLogger } from './deps.js'
export { installTool, type InstallRequest, type InstalledTool } from './install.js'
export { PINNED_DIGESTS } from './pinned.js'
export {
  TRIVY_OFFLINE_DB_ARGS,
  actionsCache,
  explainTrivyDbFailure,
  hasCachedTrivyDb,
  parseTrivyDbCacheState,
  restoreTrivyDb,
  saveTrivyDb,
  trivyDbArgs,
  type TrivyDbCacheState
} from './trivy-db.js'
