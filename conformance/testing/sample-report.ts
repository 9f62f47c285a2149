/** A report with every kind of result and awkward text, for the reporters' tests. */
import type { ConformanceReport, Finding } from '../types.js';

const nasty = 'a <tag> & "quote" \'apos\' # hash \u0001 ctrl\nsecond line ünïcødé 😀';

const failure: Finding = {
  check: 'pagination-walk',
  severity: 'error',
  operation: 'listContacts',
  message: `page 2 repeats contact cd_1: ${nasty}`,
  key: 'repeat',
  occurrences: 3,
  seed: 42,
  path: '3:1:0',
  counterexample: '{"limit":2}',
  request: {
    method: 'GET',
    url: 'http://127.0.0.1:1/api/v2/contacts?limit=2&offset=2',
    headers: { authorization: 'Bearer $CONTACTDRIVE_API_KEY' },
  },
  response: {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: `[{"cdId":"cd_1","notes":${JSON.stringify(nasty)}}]`,
    durationMs: 3,
  },
  curl: `curl -sS -i -g 'http://127.0.0.1:1/api/v2/contacts?limit=2&offset=2' -H 'authorization: Bearer '"$CONTACTDRIVE_API_KEY"`,
  reproduce: 'npx contactdrive-conformance --seed 42 --checks pagination-walk',
};

const warning: Finding = {
  check: 'schema',
  severity: 'warning',
  message: 'unknown response field',
  key: 'extra-field',
  occurrences: 1,
  seed: 42,
};

export const sampleReport: ConformanceReport = {
  target: 'http://127.0.0.1:1/api/v2',
  seed: 42,
  runId: 'abcd1234',
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 1234,
  results: [
    {
      check: 'auth-bearer',
      kind: 'check',
      description: 'bearer works',
      status: 'passed',
      findings: [],
      notes: [],
      requests: 12,
      durationMs: 30,
    },
    {
      check: 'pagination-walk',
      kind: 'check',
      description: 'pages neither repeat nor skip',
      status: 'failed',
      findings: [failure],
      notes: ['walked 3 pages'],
      requests: 40,
      durationMs: 900,
    },
    {
      check: 'idempotency-replay',
      kind: 'check',
      description: 'replays',
      status: 'skipped',
      findings: [],
      notes: ['skipped: the check writes data and --read-only is set # really'],
      requests: 0,
      durationMs: 0,
    },
    {
      check: 'query-walk',
      kind: 'check',
      description: 'queries page',
      status: 'errored',
      findings: [],
      notes: [],
      error: {
        message: "TypeError: Cannot read properties of undefined (reading 'cdId')",
        stack: ['at walk (conformance/checks/query-walk.ts:12:5)'],
        counterexample: '{"limit":1}',
        reproduce: 'npx contactdrive-conformance --seed 42 --checks query-walk',
      },
      requests: 3,
      durationMs: 10,
    },
    {
      check: 'schema',
      kind: 'response-check',
      description: 'bodies match the schema',
      status: 'passed',
      findings: [warning],
      notes: [],
      requests: 52,
      durationMs: 4,
    },
  ],
  findings: [failure, warning],
  conformant: false,
  verdict: 'not-conformant',
};
