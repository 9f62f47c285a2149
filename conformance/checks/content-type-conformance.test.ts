import t from 'tap';
import { loadContract } from '../../spec/index.js';
import { fakeResponse, type FakeResponse } from '../../test/helpers/fake-response.js';
import { contentTypeConformance } from './content-type-conformance.js';

const contract = await loadContract();
const list = contract.operation('listContacts');
const json = (type: string): FakeResponse => ({ status: 200, body: [], headers: { 'content-type': type } });

const cases: Array<[string, { given: FakeResponse; fails: boolean }]> = [
  ['application/json passes', { given: json('application/json'), fails: false }],
  ['a charset parameter passes', { given: json('application/json; charset=utf-8'), fails: false }],
  ['upper case passes', { given: json('Application/JSON'), fails: false }],
  ['a +json type passes', { given: json('application/problem+json'), fails: false }],
  ['text/html fails', { given: json('text/html; charset=utf-8'), fails: true }],
  ['text/plain fails', { given: json('text/plain'), fails: true }],
  ['application/jsonp fails', { given: json('application/jsonp'), fails: true }],
  ['a missing content type fails', { given: { status: 200, body: [], headers: { 'content-type': '' } }, fails: true }],
  ['an empty body fails', { given: { status: 200, text: '' }, fails: true }],
  ['a body that is not JSON fails', { given: { status: 500, text: '<html>oops</html>' }, fails: true }],
  ['a 204 is not judged', { given: { status: 204, text: '', headers: { 'content-type': '' } }, fails: false }],
  ['a transport failure is not judged', { given: { status: 0, text: '', error: 'timeout: x' }, fails: false }],
];

for (const [name, { given, fails }] of cases) {
  t.test(name, async (t) => {
    const finding = contentTypeConformance.inspect(fakeResponse(given), list, contract);
    t.equal(finding !== undefined, fails, finding?.message ?? name);
    if (fails) t.equal(finding?.key, `content-type-conformance:listContacts:${given.status}`);
  });
}


// The catalogue faults that name this check fail the whole suite in test/faults/.
