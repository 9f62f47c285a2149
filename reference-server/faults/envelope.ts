/**
 * Error envelope and status faults (D9): a field or code wrong, another
 * status, a crash or an HTML page where the contract has an envelope.
 */
import { pathParam } from '../handlers/handler.js';
import { CODES } from '../http/errors.js';
import { json } from '../http/respond.js';
import type { Parts } from '../parts.js';
import type { HttpResponse } from '../types.js';
import { type CatalogueEntry, mapJson, onResponse } from './fault.js';

/** A private code: the wrapped render answers it with an HTML page. */
const SYNTAX_ERROR = 'SYNTAX_ERROR';

const html = (status: number, text: string): HttpResponse => ({
  status,
  headers: { 'Content-Type': 'text/html; charset=utf-8' },
  body: Buffer.from(text),
});

/** Express's default error page. */
const errorPage = (message: string) =>
  `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>${message}</pre>\n</body>\n</html>\n`;

/** Every rendered error passed through `change`, with the error it renders. */
function renderedAs(parts: Parts, change: (response: HttpResponse, code: string) => HttpResponse): Parts {
  return { ...parts, render: (error) => change(parts.render(error), error.code) };
}

const syntaxError = (bytes: Buffer): string | undefined => {
  try {
    JSON.parse(bytes.toString('utf8'));
    return undefined;
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
};

export const ENVELOPE: readonly CatalogueEntry[] = [
  {
    name: 'error-field-missing',
    kind: 'fault',
    area: 'envelope',
    description: 'Error envelopes never carry field, not even on validation errors.',
    expectedChecks: ['error-envelope', 'validation-body', 'dry-run-validates', 'pagination-invalid'],
    apply: (parts) => ({ ...parts, render: ({ field: _field, ...error }) => parts.render(error) }),
  },
  {
    name: 'error-field-json-pointer',
    kind: 'fault',
    area: 'envelope',
    description:
      'field is a JSON Pointer ("/contact/email", "/limit") instead of the contract\'s input path ("contact.email", "limit").',
    expectedChecks: ['validation-body', 'validation-params'],
    apply: (parts) => ({
      ...parts,
      render: (error) =>
        parts.render(
          error.field === undefined
            ? error
            : {
                ...error,
                field: `/${error.field
                  .replace(/\[(\d+)\]/g, '.$1')
                  .split('.')
                  .join('/')}`,
              },
        ),
    }),
  },
  {
    name: 'validation-status-400',
    kind: 'fault',
    area: 'envelope',
    description: 'Validation errors are 400 instead of 422 (the envelope is otherwise right).',
    expectedChecks: ['status-code-conformance', 'validation-body', 'malformed-input'],
    apply: (parts) =>
      renderedAs(parts, (response, code) => (code === CODES.validation ? { ...response, status: 400 } : response)),
  },
  {
    name: 'error-code-unknown',
    kind: 'fault',
    area: 'envelope',
    description: 'Validation errors carry the code "BAD_REQUEST", which is not in the catalogue (status still 422).',
    expectedChecks: ['error-envelope', 'response-schema-conformance', 'validation-body'],
    apply: (parts) =>
      renderedAs(parts, (response, code) =>
        code === CODES.validation
          ? mapJson(response, (body) => ({ error: { ...(body as { error: object }).error, code: 'BAD_REQUEST' } }))
          : response,
      ),
  },
  {
    name: 'unauthorized-gateway-body',
    kind: 'fault',
    area: 'envelope',
    description: 'A 401 comes from the API gateway as {"message":"Unauthorized"}, without the error envelope.',
    expectedChecks: ['error-envelope', 'auth-missing-key'],
    apply: (parts) =>
      renderedAs(parts, (response, code) =>
        code === CODES.unauthorized ? json(response.status, { message: 'Unauthorized' }) : response,
      ),
  },
  {
    name: 'malformed-json-500',
    kind: 'fault',
    area: 'envelope',
    description: 'A body that is not valid JSON throws inside the handler: 500 INTERNAL_ERROR instead of 422.',
    expectedChecks: ['malformed-input', 'not-a-server-error'],
    apply: (parts) => ({
      ...parts,
      parseJson(bytes) {
        const problem = bytes.length > 0 ? syntaxError(bytes) : undefined;
        if (problem) throw new SyntaxError(problem);
        return parts.parseJson(bytes);
      },
    }),
  },
  {
    name: 'malformed-json-html-400',
    kind: 'fault',
    area: 'envelope',
    description: "A body that is not valid JSON gets the web framework's default error page: 400 text/html.",
    expectedChecks: ['malformed-input', 'content-type-conformance', 'status-code-conformance'],
    apply: (parts) => ({
      ...renderedAs(parts, (response, code) =>
        code === SYNTAX_ERROR ? html(400, errorPage('Bad Request')) : response,
      ),
      parseJson(bytes) {
        const problem = bytes.length > 0 ? syntaxError(bytes) : undefined;
        return problem ? { ok: false, error: { code: SYNTAX_ERROR, message: problem } } : parts.parseJson(bytes);
      },
    }),
  },
  {
    name: 'unknown-route-html-200',
    kind: 'fault',
    area: 'envelope',
    description: "Unknown paths answer 200 with the web app's HTML page (a single-page-app fallback) instead of 404.",
    expectedChecks: ['unknown-routes', 'content-type-conformance'],
    apply: (parts) =>
      onResponse(parts, (response, state) =>
        parts.route(state.raw).kind === 'not-found'
          ? html(
              200,
              '<!doctype html><html><head><title>ContactDrive</title></head><body><div id="root"></div></body></html>',
            )
          : response,
      ),
  },
  {
    name: 'method-not-allowed-404',
    kind: 'fault',
    area: 'envelope',
    description: 'A known path with a method it lacks is 404 NOT_FOUND instead of 405 with Allow.',
    expectedChecks: ['unknown-routes'],
    apply: (parts) =>
      onResponse(parts, (response, state) =>
        parts.route(state.raw).kind === 'method-not-allowed'
          ? parts.render({ code: CODES.notFound, message: 'Not found.' })
          : response,
      ),
  },
  {
    name: 'put-unknown-id-200',
    kind: 'fault',
    area: 'envelope',
    description:
      'PUT /contacts/{id} on an id the workspace lacks answers 200 updated (the UPDATE matched no row) instead of 404.',
    expectedChecks: ['dry-run-update', 'isolation-writes'],
    apply: (parts) => {
      const handler = parts.handlers.updateContact!;
      return {
        ...parts,
        handlers: {
          ...parts.handlers,
          updateContact: {
            ...handler,
            async run(ctx, current) {
              const result = await handler.run(ctx, current);
              if (!('error' in result) || result.error.code !== CODES.notFound) return result;
              return {
                status: 200,
                body: {
                  data: {
                    contactId: pathParam(ctx),
                    workspaceId: ctx.workspace?.workspaceId,
                    updated: true,
                  },
                },
              };
            },
          },
        },
      };
    },
  },
];
