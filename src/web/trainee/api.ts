// The trainee pages' own small fetch wrapper (the admin app's client stays out of the phone's
// download). The CSRF token comes with GET /api/v1/me and is sent on every write.
let csrf: string | null = null;
let language = 'zh-CN';

/** The CSRF token for writes that are not JSON (file uploads). */
export const csrfToken = () => csrf;
export const setCsrf = (token: string | null) => {
  csrf = token;
};
export const setLanguage = (lang: string) => {
  language = lang;
};

/** A refusal from the server with its message in the trainee's language (status 0: no network). */
export class TraineeApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

// Answers the first screen's one request brought along (GET /api/v1/me/start), handed to the
// first GET of their path instead of asking the server again; each is used once.
// An answer kept longer, or across a write (a synced check-in, a leave request), would be stale.
const primed = new Map<string, { data: unknown; at: number }>();
const PRIMED_MS = 10_000;
export const prime = (path: string, data: unknown) => primed.set(path, { data, at: Date.now() });

export async function call<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  if (method !== 'GET') primed.clear();
  const kept = method === 'GET' ? primed.get(path) : undefined;
  if (kept) {
    primed.delete(path);
    if (Date.now() - kept.at < PRIMED_MS) return kept.data as T;
  }
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': language };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new TraineeApiError(0, 'client.network', language === 'en' ? 'No network' : '网络不可用');
  }
  const data = (res.headers.get('content-type') ?? '').includes('json') ? await res.json().catch(() => null) : null;
  if (!res.ok) {
    const p = (data ?? {}) as { code?: string; title?: string; errors?: Array<{ message: string }> };
    const detail = p.errors?.length ? `${p.title ?? ''}：${p.errors.map((e) => e.message).join('；')}` : p.title;
    throw new TraineeApiError(res.status, p.code ?? 'http', detail ?? String(res.status));
  }
  return data as T;
}
