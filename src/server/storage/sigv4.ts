import { createHash } from 'node:crypto';
import { AwsV4Signer } from 'aws4fetch';

// AWS Signature Version 4 for S3-compatible object stores (AWS S3, MinIO, Ceph, Cloudflare R2,
// Aliyun OSS in S3 mode …), by aws4fetch's signer: header-based signing of one request with a
// known payload hash. Checked against AWS's published example signatures
// (test/unit/photos-storage-sigv4.test.ts).

export type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

export type SignInput = {
  method: string;
  url: URL;
  /** Headers to send and sign; `x-amz-date` (and the token) are added, `host` is signed from the URL. */
  headers: Record<string, string>;
  /** Hex SHA-256 of the body, or 'UNSIGNED-PAYLOAD'; sent and signed as `x-amz-content-sha256`. */
  payloadHash: string;
  region: string;
  service: string;
  credentials: Credentials;
  now: Date;
};

export const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** RFC 3986 encoding as SigV4 wants it: unreserved characters stay, everything else is %XX (upper case). */
export const uriEncode = (value: string, encodeSlash = true): string => {
  const encoded = encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return encodeSlash ? encoded : encoded.replace(/%2F/g, '/');
};

/** 20130524T000000Z */
export const amzDate = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

// Signing keys derived per secret, day, region and service (four HMACs), kept across requests as
// aws4fetch's AwsClient keeps them.
const signingKeys = new Map<string, ArrayBuffer>();

export type Signed = { headers: Record<string, string>; canonicalRequest: string; stringToSign: string; signature: string };

export async function signRequest(input: SignInput): Promise<Signed> {
  const signer = new AwsV4Signer({
    method: input.method,
    url: input.url.toString(),
    headers: { ...input.headers, 'x-amz-content-sha256': input.payloadHash },
    accessKeyId: input.credentials.accessKeyId,
    secretAccessKey: input.credentials.secretAccessKey,
    sessionToken: input.credentials.sessionToken,
    service: input.service,
    region: input.region,
    datetime: amzDate(input.now),
    // Sign every header we send (aws4fetch leaves out Range and Content-Type unless told).
    allHeaders: true,
    cache: signingKeys,
  });
  const headers = Object.fromEntries((await signer.sign()).headers.entries());
  return {
    headers,
    canonicalRequest: await signer.canonicalString(),
    stringToSign: await signer.stringToSign(),
    signature: /Signature=([0-9a-f]+)$/.exec(headers.authorization)?.[1] ?? '',
  };
}
