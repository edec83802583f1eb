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

// Headers that only mean something for a document a browser renders (process isolation, DNS
// prefetching, IE's download prompt, Flash and Acrobat cross-domain policies, the retired XSS
// auditor). API answers (JSON, and files the browser downloads or shows in its own viewer) keep
// the rest: CSP, CORP, HSTS, nosniff, frame and referrer policies. Half the headers is a
// measurable share of a small answer's cost (docs/benchmarks.md, check-in).
const DOCUMENT_ONLY = [
  'cross-origin-opener-policy',
  'origin-agent-cluster',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
];

export const apiHeaders = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !DOCUMENT_ONLY.includes(name.toLowerCase())));
