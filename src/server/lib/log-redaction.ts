// What the request log may print of a URL. Several public links carry their secret in the path
// (a trainee's invitation, a certificate's verification link, a calendar feed, a public bulletin,
// a check-in code), and query strings carry search terms and names (roster search, /verify?name=):
// none of that belongs in a log file that operators copy around. The path keeps its shape, so a
// log still says which kind of page was asked for.

const REDACTED = '[redacted]';

/** Path prefixes whose next segment is a secret token. */
const SECRET_SEGMENT = [
  /^(\/t\/i\/)[^/?#]+/, // personal invitation (the web app's page)
  /^(\/t\/c\/)[^/?#]+/, // check-in code opened by a phone's camera
  /^(\/api\/v1\/me\/check-in-codes\/)[^/?#]+/,
  /^(\/verify\/)(?!verify\.js(?:[?#]|$)|credential(?:[?#]|$))[^/?#]+/, // verification link on a certificate
  /^(\/api\/v1\/public\/verify\/)[^/?#]+/,
  /^(\/api\/v1\/calendar\/)[^/?#]+/, // calendar feed
  /^(\/b\/)[^/?#]+/, // public bulletin link
];

/** Query parameters that are safe to keep: they say how, not whom or what was looked for. */
const PLAIN_QUERY = new Set([
  'lang',
  'view',
  'session',
  'day',
  'date',
  'from',
  'to',
  'kind',
  'status',
  'format',
  'groupId',
  'programmeId',
  'includeWithdrawn',
  'year',
  'threshold',
  'variant',
]);

export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  let path = q < 0 ? url : url.slice(0, q);
  for (const pattern of SECRET_SEGMENT) path = path.replace(pattern, `$1${REDACTED}`);
  if (q < 0) return path;
  const params = url
    .slice(q + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.indexOf('=');
      const key = eq < 0 ? pair : pair.slice(0, eq);
      let name = key;
      try {
        name = decodeURIComponent(key.replace(/\+/g, ' '));
      } catch {
        // An undecodable key is kept as sent, and its value redacted.
      }
      return eq < 0 || PLAIN_QUERY.has(name) ? pair : `${key}=${REDACTED}`;
    });
  return `${path}?${params.join('&')}`;
}

/** pino serializers for Fastify's request log: the default fields, with the URL redacted. */
export const logSerializers = {
  req(req: { method: string; url: string; host?: string; hostname?: string; ip?: string; socket?: { remotePort?: number } }) {
    return { method: req.method, url: redactUrl(req.url), host: req.host ?? req.hostname, remoteAddress: req.ip, remotePort: req.socket?.remotePort };
  },
};
