/** Generators of request values from the contract's schemas. */
export { valid } from './valid.js';
export { invalid, type InvalidValue } from './invalid.js';
export { type GenerateOptions } from './options.js';
export { text, textOfLength, codePointLength, codeUnit } from './text.js';
export { workspaceSchemas, type WorkspaceSchemas } from './workspace-schemas.js';
export { contactFields, contactChanges, contactOptions, contactSchema } from './contact.js';
