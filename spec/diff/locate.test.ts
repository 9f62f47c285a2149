import t from 'tap';
import { sourceMap } from './locate.js';

const text = `openapi: 3.1.0
paths:
  /a:
    get:
      responses:
        '200':
          $ref: '#/components/responses/Ok'
components:
  responses:
    Ok:
      description: ok
      content:
        application/json:
          schema:
            $ref: '#/components/schemas/Thing'
  schemas:
    Thing:
      type: object
      properties:
        name:
          type: string
          maxLength: 10
`;

const map = sourceMap(text);

const cases: Array<[string, { pointer: string; line: number }]> = [
  ['a key of the document', { pointer: '/paths/~1a/get', line: 4 }],
  [
    'through two $refs to the keyword',
    { pointer: '/paths/~1a/get/responses/200/content/application~1json/schema/properties/name/maxLength', line: 22 },
  ],
  [
    'what the source lacks: the nearest line it has',
    { pointer: '/paths/~1a/get/responses/200/content/application~1json/schema/properties/gone/maxLength', line: 19 },
  ],
  ['a path the document does not have', { pointer: '/paths/~1b/get', line: 2 }],
];

for (const [name, { pointer, line }] of cases) {
  t.test(name, async (t) => {
    t.equal(map.lineOf(pointer), line);
  });
}

t.test('text that is not YAML has no lines, and no crash', async (t) => {
  t.equal(sourceMap('a: [1\n  : :').lineOf('/a'), undefined);
});
