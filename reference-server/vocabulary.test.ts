import t from 'tap';
import { NAMES } from '../spec/index.js';
import { editedSpec } from '../spec/testing/edited-spec.js';
import { silentLogger } from './config.js';
import { createReferenceServer } from './server.js';

const start = (spec: string) => createReferenceServer({ spec, port: 0, fixtures: false, logger: silentLogger });

t.test('a copy of the spec elsewhere starts the server and is what it serves', async (t) => {
  const server = await start(editedSpec(t, [['\nx-limits:\n', '\nx-copy: marked\nx-limits:\n']]));
  t.teardown(server.close);
  const reply = await fetch(`${server.url}/openapi.json`);
  t.equal(reply.status, 200, 'the document is served');
  t.equal(((await reply.json()) as Record<string, unknown>)['x-copy'], 'marked', 'from the copy given');
});

t.test('a spec whose names the vocabulary does not match stops start-up, naming them', async (t) => {
  const renamed = editedSpec(t, [[`name: ${NAMES.query.dryRun}\n`, 'name: preview\n']]);
  await t.rejects(start(renamed), {
    message: new RegExp(`^spec: the vocabulary does not match: .*query parameter ${NAMES.query.dryRun}\\b`),
  });
});
