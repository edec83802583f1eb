import type { z } from 'zod';
import { type Problem, ProblemSchema } from '../../contracts';

/** A refusal from the server (problem+json), or a failure to reach it (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.title);
  }
  get code() {
    return this.problem.code;
  }
}

// Set by the auth layer from GET /api/v1/auth/me (and the login answer); sent on every write.
let csrfToken: string | null = null;
let language = 'zh-CN';
let onUnauthenticated: (() => void) | null = null;

export const setCsrfToken = (token: string | null) => {
  csrfToken = token;
};
export const setRequestLanguage = (lang: string) => {
  language = lang;
};
/** Called when the server says the session is gone (401), so the app can show the login page. */
export const setUnauthenticatedHandler = (fn: (() => void) | null) => {
  onUnauthenticated = fn;
};

/**
 * The headers every request carries (language; the CSRF token on writes), for the few requests
 * that cannot go through api(): file uploads with progress and file downloads.
 */
export function baseHeaders(write: boolean): Record<string, string> {
  const headers: Record<string, string> = { 'Accept-Language': language };
  if (write && csrfToken) headers['x-csrf-token'] = csrfToken;
  return headers;
}

/** Sends multipart form data (file uploads), with the same headers and refusals as api(); the answer is checked against `schema`. */
export async function sendForm<S extends z.ZodType>(method: 'POST' | 'PUT', path: string, form: FormData, schema: S): Promise<z.output<S>> {
  let res: Response;
  try {
    res = await fetch(path, { method, body: form, headers: baseHeaders(true), credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, { type: 'about:blank', title: '', status: 0, code: 'client.network' });
  }
  const data: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const problem = ProblemSchema.safeParse(data);
    throw new ApiError(res.status, problem.success ? problem.data : { type: 'about:blank', title: '', status: res.status, code: 'client.bad_response' });
  }
  return schema.parse(data);
}

type Query = Record<string, string | number | boolean | undefined>;
type Options<S extends z.ZodType> = { body?: unknown; query?: Query; schema?: S };

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function urlFor(path: string, query?: Query) {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

/**
 * The one way the web app talks to the API. Answers are checked against the same zod contracts
 * the server declares, so a drift between the two shows up as an error here, not as a blank screen.
 */
export async function api<S extends z.ZodType = z.ZodType<unknown>>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  options: Options<S> = {},
): Promise<z.output<S>> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': language };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (WRITES.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(urlFor(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, { type: 'about:blank', title: '', status: 0, code: 'client.network' });
  }
  const isJson = (res.headers.get('content-type') ?? '').includes('json');
  const data: unknown = isJson ? await res.json().catch(() => null) : null;
  if (!res.ok) {
    const parsed = ProblemSchema.safeParse(data);
    const problem: Problem = parsed.success ? parsed.data : { type: 'about:blank', title: '', status: res.status, code: `client.http_${res.status}` };
    if (res.status === 401 && problem.code === 'auth.required') onUnauthenticated?.();
    throw new ApiError(res.status, problem);
  }
  if (!options.schema) return data as z.output<S>;
  const parsed = options.schema.safeParse(data);
  if (!parsed.success) {
    console.error('Unexpected answer from', path, parsed.error.issues);
    throw new ApiError(res.status, { type: 'about:blank', title: '', status: res.status, code: 'client.bad_response' });
  }
  return parsed.data;
}
