import { z } from 'zod';
import { Id, requiredText } from './common';

export const RoleName = z.enum(['admin', 'organizer', 'class_teacher', 'lecturer', 'sponsor', 'hotel', 'transport', 'trainee']);
export type RoleName = z.infer<typeof RoleName>;
export const GrantRole = z.enum(['organizer', 'class_teacher', 'lecturer', 'sponsor', 'hotel', 'transport']);
export const ScopeType = z.enum(['institution', 'programme', 'class']);

export const LoginBody = z.object({ username: requiredText(100), password: z.string().min(1, 'required').max(200) });
export const Grant = z.object({ id: z.number(), role: GrantRole, scopeType: ScopeType, scopeId: z.number() });
export const CurrentUser = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  isAdmin: z.boolean(),
  personId: z.number().nullable(),
  locale: z.string(),
  grants: z.array(Grant),
  csrfToken: z.string(),
  /** Signed in with a one-time password: the web app takes the user to the password change (#9). */
  mustChangePassword: z.boolean(),
});
export type CurrentUser = z.infer<typeof CurrentUser>;

export const User = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  isAdmin: z.boolean(),
  disabled: z.boolean(),
  grants: z.array(Grant),
});
// Creating accounts: CreateAccountBody in accounts.ts (a one-time password or an invitation link, #9).
export const CreateGrantBody = z.object({ role: GrantRole, scopeType: ScopeType, scopeId: Id });
export const UpdateMeBody = z.object({ locale: z.enum(['zh-CN', 'en']) });
