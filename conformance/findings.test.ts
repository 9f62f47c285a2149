import t from 'tap';
import { causeOf, createFindingSink, MAX_ERRORS_PER_CHECK } from './findings.js';
import type { FindingInput } from './types.js';

const OPERATIONS = ['getWhoami', 'listContacts', 'createContact', 'queryContacts'];
const sink = () =>
  createFindingSink({
    check: 'c',
    seed: 1,
    secrets: [],
    reproduce: 'npx contactdrive-conformance --seed 1',
    operationIds: OPERATIONS,
  });
const error = (key: string, message: string, operation?: string): FindingInput => ({
  severity: 'error',
  key,
  message,
  ...(operation ? { operation } : {}),
});

t.test('causeOf blanks out what varies between instances of one bug', async (t) => {
  const same: Array<[string, string]> = [
    [
      'GET /whoami answered 200: no Deprecation header',
      'POST /contacts/query?dryRun=true answered 200: no Deprecation header',
    ],
    ['listContacts: limit "abc" was accepted', 'queryContacts: limit "1e3" was accepted'],
    ['contact cd_01HX9 has 3 tags', 'contact cd_7Q has 12 tags'],
  ];
  for (const [a, b] of same) t.equal(causeOf(a, OPERATIONS), causeOf(b, OPERATIONS), `${a} ~ ${b}`);
  const different: Array<[string, string]> = [
    ['field contact.email: expected 422, got 201', 'field contact.phone: expected 422, got 201'],
    ['no Deprecation header', 'no Warning header'],
    ['GET /contacts answered 500', 'POST /contacts answered 400'],
  ];
  for (const [a, b] of different) t.not(causeOf(a, OPERATIONS), causeOf(b, OPERATIONS), `${a} ≁ ${b}`);
});

t.test('one bug on many operations is one finding that lists them', async (t) => {
  const s = sink();
  s.add(error('dep:getWhoami', 'GET /whoami answered 200: no Deprecation header', 'getWhoami'));
  s.add(error('dep:listContacts', 'GET /contacts answered 200: no Deprecation header', 'listContacts'));
  s.add(error('dep:queryContacts', 'POST /contacts/query answered 200: no Deprecation header', 'queryContacts'));
  s.add(error('dep:queryContacts', 'POST /contacts/query answered 200: no Deprecation header', 'queryContacts'));
  const [only, ...rest] = s.findings;
  t.same(rest, []);
  t.equal(only!.occurrences, 4);
  t.same(only!.operations, ['getWhoami', 'listContacts', 'queryContacts']);
  t.same(
    only!.related!.map((r) => r.operation),
    ['listContacts', 'queryContacts'],
  );
  t.equal(only!.message, 'GET /whoami answered 200: no Deprecation header', 'the first instance speaks for all');
});

t.test('distinct causes stay apart, up to a cap per check', async (t) => {
  const s = sink();
  const messages = [
    'no Deprecation header',
    'no Warning header',
    'refused the valid key',
    'the 401 has no envelope',
    'the 422 names no field',
  ];
  messages.forEach((m, i) => s.add(error(`k${i}`, m)));
  s.add({ severity: 'warning', key: 'w', message: 'an extra field' });
  const errors = s.findings.filter((f) => f.severity === 'error');
  t.equal(errors.length, MAX_ERRORS_PER_CHECK);
  t.same(
    errors.slice(0, 2).map((f) => f.message),
    messages.slice(0, 2),
  );
  t.match(errors[2]!.message, /^refused the valid key \(and 2 more distinct problems of this check, listed under more/);
  t.same(
    errors[2]!.more!.map((r) => r.message),
    messages.slice(3),
  );
  t.equal(errors[2]!.occurrences, 1, 'problems past the cap are not counted as instances of the last finding');
  t.equal(errors[2]!.related, undefined);
  t.equal(s.findings.filter((f) => f.severity === 'warning').length, 1, 'warnings are not capped with errors');
});

t.test('a key is one bug: its repeats count, whatever their words', async (t) => {
  const s = sink();
  s.add(error('paging:limit:field', 'GET /contacts with limit below the minimum ("0"): no field', 'listContacts'));
  s.add(error('paging:limit:field', 'GET /contacts with limit negative ("-1"): no field', 'listContacts'));
  const found = s.findings;
  t.equal(found.length, 1);
  t.equal(found[0]!.occurrences, 2);
  t.equal(found[0]!.related, undefined);
});
