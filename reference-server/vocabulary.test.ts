import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { DEFAULT_SPEC_PATH, NAMES } from '../spec/index.js';
import { silentLogger } from './config.js';
import { createReferenceServer } from './server.js';

const original = await readFile(DEFAULT_SPEC_PATH, 'utf8');
const dir = await mkdtemp(join(tmpdir(), 'cd-vocabulary-'));
t.teardown(() => rm(dir, { recursive: true, force: true }));

/** The spec copied into the temp dir, with `change` applied (it has only internal `$ref`s, so a copy loads). */
async function specCopy(name: string, change: (text: string) => string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, change(original));
  return file;
}

const start = (spec: string) => createReferenceServer({ spec, port: 0, fixtures: false, logger: silentLogger });

t.test('a copy of the spec elsewhere starts the server and is what it serves', async (t) => {
  const server = await start(await specCopy('copy.yaml', (text) => `${text.trimEnd()}\nx-copy: marked\n`));
  t.teardown(server.close);
  const reply = await fetch(`${server.url}/openapi.json`);
  t.equal(reply.status, 200, 'the document is served');
  t.equal(((await reply.json()) as Record<string, unknown>)['x-copy'], 'marked', 'from the copy given');
});

t.test('a spec whose names the vocabulary does not match stops start-up, naming them', async (t) => {
  const declared = `name: ${NAMES.query.dryRun}\n`;
  t.equal(original.split(declared).length, 2, 'the spec declares the parameter once');
  const renamed = await specCopy('renamed.yaml', (text) => text.replace(declared, 'name: preview\n'));
  await t.rejects(start(renamed), {
    message: new RegExp(`^spec: the vocabulary does not match: .*query parameter ${NAMES.query.dryRun}\\b`),
  });
});
