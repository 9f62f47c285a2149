/** The reference server's public surface. */
export { createReferenceServer, type ReferenceServer } from './server.js';
export { type ReferenceServerOptions, type Config, resolveConfig, silentLogger, stderrLogger } from './config.js';
export {
  FAULTS,
  listFaults,
  resolveFaults,
  applyFaults,
  type CatalogueEntry,
  type Fault,
  type FaultArea,
} from './faults/index.js';
export type { Parts, IdempotencyParts } from './parts.js';
export type { Logger } from './types.js';
