import { format } from 'node:util';
import t from 'tap';
import type { Logger } from '../types.js';
import { HOME, startServer } from '../testing/harness.js';
import { REDACTED, redactUrl } from './redact.js';

const R = REDACTED;
// [url, redacted]
const urls: Array<[string, string]> = [
  ['/api/v2/whoami', '/api/v2/whoami'],
  ['/api/v2/whoami?apiKey=secret', `/api/v2/whoami?apiKey=${R}`],
  ['/api/v2/contacts?limit=5&apiKey=secret&offset=1', `/api/v2/contacts?limit=5&apiKey=${R}&offset=1`],
  ['/api/v2/contacts?apiKey=a&apiKey=b', `/api/v2/contacts?apiKey=${R}&apiKey=${R}`],
  ['/api/v2/contacts?api%4Bey=secret', `/api/v2/contacts?api%4Bey=${R}`],
  ['/api/v2/contacts?APIKEY=secret', `/api/v2/contacts?APIKEY=${R}`],
  ['/api/v2/contacts?apiKey', `/api/v2/contacts?apiKey=${R}`],
  ['/api/v2/contacts?%zz=secret&q=x', `/api/v2/contacts?%zz=${R}&q=x`],
  ['/api/v2/contacts?q=apiKey%3Dx', '/api/v2/contacts?q=apiKey%3Dx'],
];
for (const [url, want] of urls) {
  t.test(`redactUrl ${url}`, async (t) => t.equal(redactUrl(url, ['apiKey']), want));
}

t.test('an unexpected error on a request with a query key logs no key', async (t) => {
  const lines: string[] = [];
  // Formatted as the stderr logger formats it: the message, then the error with its stack.
  const logger: Logger = {
    error: (message, error) => void lines.push(format(message, error ?? '')),
    info: (m) => void lines.push(m),
  };
  const server = await startServer({
    fixtures: false,
    logger,
    faults: ['every-operation-throws'],
    faultCatalogue: [
      {
        name: 'every-operation-throws',
        area: 'envelope',
        description: 'every handler throws',
        apply: (parts) => {
          const fail = () => Promise.reject(new Error('storage failed'));
          return { ...parts, storage: { ...parts.storage, read: fail, write: fail } };
        },
      },
    ],
  });
  t.teardown(server.close);
  const name = server.server.parts.contract.security.queryKeyName;
  const key = encodeURIComponent(HOME.apiKey);
  const requests: Array<[string, string, unknown]> = [
    ['GET', `/whoami?${name}=${key}`, undefined],
    ['GET', `/contacts?limit=2&${name}=${key}`, undefined],
    ['POST', `/contacts?${name}=${key}`, { contact: { lastName: 'Logged' } }],
  ];
  for (const [method, path, body] of requests) {
    const reply = await server.call(method, path, { key: null, body });
    t.equal(reply.status, 500, `${method} ${path} reached the failing part`);
  }
  t.equal(lines.length, requests.length, 'each failure is logged');
  const log = lines.join('\n');
  t.match(log, /storage failed/, 'with the error');
  t.match(log, new RegExp(`/contacts\\?limit=2&${name}=\\[redacted\\]`), 'and the path and other parameters');
  t.notOk(log.includes(HOME.apiKey), 'the key is not in the log');
});
