import { type Credentials, sha256Hex, signRequest, uriEncode } from './sigv4';
import { checkKey, type FileStorage, StorageError } from './types';

export type S3Options = {
  /** e.g. https://s3.cn-north-1.amazonaws.com.cn or http://127.0.0.1:9000 */
  endpoint: string;
  region: string;
  bucket: string;
  /** Key prefix inside the bucket, so one bucket can serve several installations. */
  prefix?: string;
  /** Bucket in the path (MinIO and most self-hosted stores) rather than in the host name. */
  forcePathStyle: boolean;
  credentials: Credentials;
  /** Per-request timeout in milliseconds. */
  timeoutMs?: number;
};

/** Object storage over plain HTTPS with SigV4 signing (aws4fetch's signer); no SDK. */
export function s3Storage(options: S3Options): FileStorage {
  const endpoint = new URL(options.endpoint);
  const prefix = options.prefix ? `${options.prefix.replace(/\/+$/, '')}/` : '';

  const urlOf = (key: string) => {
    const path = `${prefix}${key}`
      .split('/')
      .map((s) => uriEncode(s))
      .join('/');
    const base = endpoint.pathname.replace(/\/+$/, '');
    if (options.forcePathStyle) return new URL(`${endpoint.protocol}//${endpoint.host}${base}/${uriEncode(options.bucket)}/${path}`);
    return new URL(`${endpoint.protocol}//${options.bucket}.${endpoint.host}${base}/${path}`);
  };

  async function send(method: 'GET' | 'PUT' | 'DELETE', key: string, body?: Buffer, contentType?: string) {
    const url = urlOf(key);
    const payloadHash = sha256Hex(body ?? '');
    const extra: Record<string, string> = { 'x-amz-content-sha256': payloadHash };
    if (contentType) extra['content-type'] = contentType;
    const signed = await signRequest({
      method,
      url,
      headers: extra,
      payloadHash,
      region: options.region,
      service: 's3',
      credentials: options.credentials,
      now: new Date(),
    });
    // fetch sets Host itself from the URL (the same value that was signed).
    const headers = signed.headers;
    try {
      return await fetch(url, { method, headers, body: body ? new Uint8Array(body) : undefined, signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) });
    } catch (e) {
      throw new StorageError(`S3 ${method} ${key} failed: ${(e as Error).message}`, { cause: e });
    }
  }

  async function failure(res: Response, what: string): Promise<never> {
    const text = await res.text().catch(() => '');
    const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? res.statusText;
    throw new StorageError(`S3 ${what} answered ${res.status} ${code}`);
  }

  return {
    kind: 's3',
    describe: `S3 ${endpoint.host}/${options.bucket}${prefix ? `/${prefix}` : ''}`,
    async put(key, data, contentType) {
      checkKey(key);
      const res = await send('PUT', key, data, contentType);
      if (!res.ok) await failure(res, `PUT ${key}`);
      await res.arrayBuffer();
    },
    async get(key) {
      checkKey(key);
      const res = await send('GET', key);
      if (res.status === 404) {
        await res.arrayBuffer();
        return null;
      }
      if (!res.ok) await failure(res, `GET ${key}`);
      return Buffer.from(await res.arrayBuffer());
    },
    async delete(key) {
      checkKey(key);
      const res = await send('DELETE', key);
      if (!res.ok && res.status !== 404) await failure(res, `DELETE ${key}`);
      await res.arrayBuffer();
    },
  };
}
