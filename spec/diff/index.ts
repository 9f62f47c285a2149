/** The contract diff: classify the changes between two versions of the contract (D17). */
export { diffDocuments } from './classify.js';
export { diffLoaded, countChanges, type DiffReport, type LocatedChange } from './report.js';
export {
  loadDocumentFile,
  loadDocumentAtRevision,
  loadDocumentValue,
  DocumentError,
  type LoadedDocument,
} from './load.js';
export { DIFF_REPORTERS, headline, isDiffReporterName, type DiffReporterName } from './reporters.js';
export { RULES, SCHEMA_ASPECTS, schemaRule, type ChangeKind, type Rule, type RuleId } from './rules.js';
export { sortChanges, type ContractChange } from './change.js';
export { main } from './cli.js';
