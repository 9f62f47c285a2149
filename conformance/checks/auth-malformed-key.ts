/**
 * A Bearer header without a usable token is `401 UNAUTHORIZED` (D10: "an
 * empty key ... is 401"): empty values, no token, junk bytes, quoting, two
 * tokens, and tokens long enough to trip prefix or length handling.
 */
import type { Check } from '../types.js';
import { expectUnauthorizedEverywhere } from '../support/auth.js';

const ID = 'auth-malformed-key';

export const authMalformedKey: Check = {
  id: ID,
  description: 'Every secured operation answers 401 to an empty, truncated, junk or over-long Bearer credential',
  area: 'auth',
  writes: false,
  sharing: 'shared',
  async run(ctx) {
    const key = ctx.config.apiKey;
    await expectUnauthorizedEverywhere(ctx, ID, [
      { name: 'an empty Authorization header', auth: { authorization: '' } },
      { name: '"Bearer" and no token', auth: { authorization: 'Bearer' } },
      { name: '"Bearer " and blanks', auth: { authorization: 'Bearer    ' } },
      { name: 'a junk token', auth: { authorization: 'Bearer %00%ff\u00ff\u00fe<script>' } },
      { name: 'the key behind a junk byte', auth: { authorization: `Bearer \u00ff${key}` } },
      { name: 'the key in quotes', auth: { authorization: `Bearer "${key}"` } },
      { name: 'the key twice', auth: { authorization: `Bearer ${key} ${key}` } },
      { name: 'the key followed by 8000 bytes', auth: { authorization: `Bearer ${key}${'a'.repeat(8000)}` } },
      { name: 'an 8000-byte token', auth: { authorization: `Bearer ${'k'.repeat(8000)}` } },
    ]);
  },
};
