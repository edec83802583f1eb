import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { amzDate, sha256Hex, signRequest, uriEncode } from '../../src/server/storage/sigv4';

// AWS's published example signatures for S3 (Signature Version 4, header-based authentication:
// "Examples: Signature Calculations" in the Amazon S3 API reference). Credentials, date and the
// expected signatures are AWS's; if our canonicalisation or key derivation were off by one byte,
// these would not match.
const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const now = new Date('2013-05-24T00:00:00Z');
const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('SigV4 signing (AWS S3 example vectors)', () => {
  test('GET Object with a Range header', async () => {
    const signed = await signRequest({
      method: 'GET',
      url: new URL('https://examplebucket.s3.amazonaws.com/test.txt'),
      headers: { Range: 'bytes=0-9', 'x-amz-content-sha256': EMPTY },
      payloadHash: EMPTY,
      region: 'us-east-1',
      service: 's3',
      credentials,
      now,
    });
    assert.equal(
      signed.canonicalRequest,
      [
        'GET',
        '/test.txt',
        '',
        'host:examplebucket.s3.amazonaws.com',
        'range:bytes=0-9',
        `x-amz-content-sha256:${EMPTY}`,
        'x-amz-date:20130524T000000Z',
        '',
        'host;range;x-amz-content-sha256;x-amz-date',
        EMPTY,
      ].join('\n'),
    );
    assert.equal(signed.stringToSign.split('\n')[3], '7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972');
    assert.equal(signed.signature, 'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41');
    assert.equal(
      signed.headers.authorization,
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
  });

  test('PUT Object with a body and a key that needs encoding ($)', async () => {
    const body = 'Welcome to Amazon S3.';
    const payloadHash = sha256Hex(body);
    assert.equal(payloadHash, '44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072');
    const signed = await signRequest({
      method: 'PUT',
      url: new URL('https://examplebucket.s3.amazonaws.com/test$file.text'),
      headers: { Date: 'Fri, 24 May 2013 00:00:00 GMT', 'x-amz-storage-class': 'REDUCED_REDUNDANCY', 'x-amz-content-sha256': payloadHash },
      payloadHash,
      region: 'us-east-1',
      service: 's3',
      credentials,
      now,
    });
    assert.equal(signed.canonicalRequest.split('\n')[1], '/test%24file.text');
    assert.equal(signed.signature, '98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd');
  });

  test('GET Bucket lifecycle (a query parameter without a value)', async () => {
    const signed = await signRequest({
      method: 'GET',
      url: new URL('https://examplebucket.s3.amazonaws.com/?lifecycle'),
      headers: { 'x-amz-content-sha256': EMPTY },
      payloadHash: EMPTY,
      region: 'us-east-1',
      service: 's3',
      credentials,
      now,
    });
    assert.equal(signed.canonicalRequest.split('\n')[2], 'lifecycle=');
    assert.equal(signed.signature, 'fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543');
  });

  test('GET Bucket (list objects) with sorted query parameters', async () => {
    const signed = await signRequest({
      method: 'GET',
      url: new URL('https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=J'),
      headers: { 'x-amz-content-sha256': EMPTY },
      payloadHash: EMPTY,
      region: 'us-east-1',
      service: 's3',
      credentials,
      now,
    });
    assert.equal(signed.canonicalRequest.split('\n')[2], 'max-keys=2&prefix=J');
    assert.equal(signed.signature, '34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7');
  });

  test('URI encoding keeps unreserved characters and encodes UTF-8 bytes in upper-case hex', () => {
    assert.equal(uriEncode('a-b_c.d~e'), 'a-b_c.d~e');
    assert.equal(uriEncode('a b/c'), 'a%20b%2Fc');
    assert.equal(uriEncode('a b/c', false), 'a%20b/c');
    assert.equal(uriEncode('简报'), '%E7%AE%80%E6%8A%A5');
    assert.equal(amzDate(new Date('2020-10-20T05:30:00.123Z')), '20201020T053000Z');
  });
});
