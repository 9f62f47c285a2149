/** A secured operation called without any credentials is `401 UNAUTHORIZED` (D10). */
import type { Check } from '../types.js';
import { expectUnauthorizedEverywhere } from '../support/auth.js';

const ID = 'auth-missing-key';

export const authMissingKey: Check = {
  id: ID,
  description: 'Every secured operation answers 401 UNAUTHORIZED when no key is sent',
  area: 'auth',
  writes: false,
  sharing: 'shared',
  async run(ctx) {
    await expectUnauthorizedEverywhere(ctx, ID, [
      { name: 'no credentials', auth: 'none' },
      { name: 'an empty query key', auth: { queryKey: '' } },
    ]);
  },
};
