/** Only the Bearer scheme carries the key; any other scheme is `401 UNAUTHORIZED` (D10). */
import type { Check } from '../types.js';
import { expectUnauthorizedEverywhere } from '../support/auth.js';

const ID = 'auth-wrong-scheme';

export const authWrongScheme: Check = {
  id: ID,
  description: 'Every secured operation answers 401 when the key comes with a scheme other than Bearer, or none',
  area: 'auth',
  writes: false,
  sharing: 'shared',
  async run(ctx) {
    const key = ctx.config.apiKey;
    const basic = (userPass: string) => `Basic ${Buffer.from(userPass).toString('base64')}`;
    await expectUnauthorizedEverywhere(ctx, ID, [
      { name: 'Basic key:', auth: { authorization: basic(`${key}:`) } },
      { name: 'Basic :key', auth: { authorization: basic(`:${key}`) } },
      { name: 'Token key', auth: { authorization: `Token ${key}` } },
      { name: 'ApiKey key', auth: { authorization: `ApiKey ${key}` } },
      { name: 'the bare key', auth: { authorization: key } },
      { name: 'Bearer glued to the key', auth: { authorization: `Bearer${key}` } },
    ]);
  },
};
