export {
  loadContract,
  createAjv,
  DEFAULT_SPEC_PATH,
  type Contract,
  type OperationSpec,
  type ParameterSpec,
  type RequestBodySpec,
  type ResponseSpec,
  type HeaderSpec,
  type RouteMatch,
  type HttpMethod,
  type JsonSchema,
  type SchemaNode,
  type SecuritySpec,
  type ContractLimits,
  type OrderKey,
} from './contract.js';
export { NAMES, type Vocabulary } from './vocabulary.js';
export { formatField, pointerSegments, errorSegments, primaryError, WHOLE_BODY } from './field.js';
export {
  diffDocuments,
  diffLoaded,
  loadDocumentFile,
  loadDocumentValue,
  RULES,
  type DiffReport,
  type ContractChange,
  type RuleId,
} from './diff/index.js';
