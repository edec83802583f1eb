// One error type for everything a user can be told about. `code` is stable (clients and tests
// match on it); the message is looked up per request language from `messages`.
export type FieldError = { field: string; code: string; params?: Record<string, unknown>; message?: string };

export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly params: Record<string, unknown> = {},
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(code);
  }
}

export const notFound = (entity: string, id?: unknown) => new AppError('not_found', 404, { entity, id });
export const forbidden = () => new AppError('auth.forbidden', 403);
export const unauthenticated = () => new AppError('auth.required', 401);
export const conflict = (code: string, params: Record<string, unknown> = {}) => new AppError(code, 409, params);
export const invalid = (code: string, field: string, params: Record<string, unknown> = {}) =>
  new AppError('validation.failed', 400, {}, [{ field, code, params }]);
