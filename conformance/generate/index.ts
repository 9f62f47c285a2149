export { valid } from './valid.js';
export { invalid, type InvalidValue } from './invalid.js';
export { type GenerateOptions } from './options.js';
export { text, textOfLength, codePointLength, codeUnit } from './text.js';
