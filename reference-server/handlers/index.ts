/** The handler table: one handler per operationId in the spec. */
import type { Contract } from '../../spec/index.js';
import type { Handler } from './handler.js';
import { listContacts, queryContacts, searchContacts } from './read.js';
import { getOpenApiDocument, getWhoami, getWorkspace } from './session.js';
import { createContact, updateContact } from './write.js';

export type { Handler } from './handler.js';

export const HANDLERS: Readonly<Record<string, Handler>> = {
  getWhoami,
  getWorkspace,
  listContacts,
  createContact,
  updateContact,
  queryContacts,
  searchContacts,
  getOpenApiDocument,
};

/** Start-up fails, naming the operation, when the spec has an operation without a handler. */
export function checkHandlers(contract: Contract, handlers: Readonly<Record<string, Handler>>): void {
  for (const operation of contract.operations) {
    if (!Object.hasOwn(handlers, operation.id)) {
      throw new Error(
        `reference server: no handler for operation ${operation.id} (${operation.method} ${operation.path})`,
      );
    }
  }
}
