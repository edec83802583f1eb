import { join } from 'node:path';
import { localStorage } from './local';
import { s3Storage } from './s3';
import type { FileStorage } from './types';

export type { FileStorage } from './types';
export { StorageError } from './types';

export type StorageConfig =
  | { kind: 'local'; root?: string }
  | {
      kind: 's3';
      endpoint: string;
      region: string;
      bucket: string;
      prefix?: string;
      forcePathStyle: boolean;
      accessKeyId: string;
      secretAccessKey: string;
      sessionToken?: string;
    };

/** The configured store: local disk under DATA_DIR/files unless S3 settings are given. */
export function makeStorage(config: { dataDir: string; storage?: StorageConfig }): FileStorage {
  const s = config.storage ?? { kind: 'local' as const };
  if (s.kind === 's3') {
    return s3Storage({
      endpoint: s.endpoint,
      region: s.region,
      bucket: s.bucket,
      prefix: s.prefix,
      forcePathStyle: s.forcePathStyle,
      credentials: { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey, sessionToken: s.sessionToken },
    });
  }
  return localStorage(s.root ?? join(config.dataDir, 'files'));
}
