import type { z } from 'zod';
import type { CurrentUser } from '../../../contracts';

const PROVIDER_ROLES = new Set(['hotel', 'transport']);

/**
 * A hotel's or bus company's account (#18): only provider grants. It gets the provider home and
 * nothing else of the staff app (the server refuses the rest with 403 anyway).
 */
export const isProviderOnly = (me: Pick<z.output<typeof CurrentUser>, 'isAdmin' | 'grants'> | null | undefined) =>
  !!me && !me.isAdmin && me.grants.length > 0 && me.grants.every((g) => PROVIDER_ROLES.has(g.role));
