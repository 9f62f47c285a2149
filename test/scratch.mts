import { loadContract } from '../spec/index.js';
const c = await loadContract();
console.log(c.basePath, c.operations.map(o => `${o.method} ${o.path} ${o.id} ${[...o.responses.keys()]}`), c.errorStatus, c.security, c.limits);
console.log(c.match('POST','/api/v2/contacts/query').kind, c.match('DELETE','/api/v2/contacts'), c.match('PUT','/api/v2/contacts/abc'));
const q = c.operation('queryContacts').body!.validate;
console.log(q({conditions:[{field:'cdId',op:'eq',value:'x'},{field:'tags',op:'gt',value:'x'}]}), q.errors);
const cr = c.operation('createContact').body!;
for (const ex of cr.examples) console.log(cr.validate(ex), cr.validate.errors);
console.log(cr.validate({contact:{customFields:{Bad:1}, firstName:'x'}}), cr.validate.errors);
