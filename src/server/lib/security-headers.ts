import helmet, { type HelmetOptions } from 'helmet';

// @fastify/helmet builds helmet's middleware afresh on every request (parsing the CSP directives
// each time), which cost about as much as a bare Fastify route itself (see docs/benchmarks.md,
// check-in). With fixed options the headers are always the same, so helmet runs once here and
// every response gets the headers it set.
export function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name];
    },
    getHeader: (name: string) => headers[name],
  };
  helmet(options)({} as never, res as never, (err?: unknown) => {
    if (err) throw err;
  });
  return headers;
}
