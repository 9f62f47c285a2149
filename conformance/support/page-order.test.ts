import t from 'tap';
import { sliceProblem, windowDifference, type Window } from './page-order.js';

const window = (start: number, ids: string[], complete = false): Window => ({
  start,
  ids,
  items: ids.map((cdId) => ({ cdId })),
  complete,
});

t.test('a page is judged against the slice of a window that starts anywhere', async (t) => {
  const w = window(1000, ['a', 'b', 'c', 'd']);
  const cases: Array<[string, { page: string[]; limit: number; offset: number }, RegExp | undefined]> = [
    ['the matching slice', { page: ['b', 'c'], limit: 2, offset: 1001 }, undefined],
    [
      'a slice that runs past the window: only the covered part counts',
      { page: ['d', 'x'], limit: 5, offset: 1003 },
      undefined,
    ],
    ['new items after the slice', { page: ['c', 'd', 'new'], limit: 3, offset: 1002 }, undefined],
    [
      'a page shifted by one',
      { page: ['c', 'd'], limit: 2, offset: 1001 },
      /item 0 is c \(position 1002\); position 1001 holds b/,
    ],
    [
      'an item of the window again after the slice',
      { page: ['d', 'a'], limit: 2, offset: 1003 },
      /comes a, which is at position 1000/,
    ],
    ['a repeat', { page: ['a', 'a'], limit: 2, offset: 1000 }, /repeats an item/],
    ['more than limit', { page: ['a', 'b', 'c'], limit: 2, offset: 1000 }, /more than limit 2/],
    ['too short inside the window', { page: ['a'], limit: 2, offset: 1000 }, /item 1 is nothing/],
  ];
  for (const [name, { page, limit, offset }, want] of cases) {
    const problem = sliceProblem(page, w, limit, offset);
    if (want) t.match(problem, want, name);
    else t.equal(problem, undefined, name);
  }
});

t.test('two windows of one sequence agree where both read', async (t) => {
  const head = window(0, ['a', 'b', 'c']);
  t.equal(windowDifference(head, window(0, ['a', 'b'])), undefined, 'a shorter read of the same start');
  t.equal(windowDifference(head, window(2, ['c', 'd'], true)), undefined, 'overlapping at one offset');
  t.equal(windowDifference(head, window(5, ['x'])), undefined, 'apart: nothing to compare');
  t.equal(windowDifference(window(0, ['a'], true), window(0, ['a', 'new'], true)), undefined, 'one read saw an append');
  t.match(windowDifference(head, window(1, ['c', 'd'])), /at position 1: b and c/, 'shifted by one');
});
