import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Cron } from 'croner';
import { z } from 'zod';
import type { StorageConfig } from './storage';

// Every environment variable Cohort reads, validated once at start. The defaults make a
// single machine work with nothing set: SQLite and keys under ./data.
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000).describe('HTTP port'),
  HOST: z.string().default('127.0.0.1').describe('Interface to listen on; 0.0.0.0 to reach it from phones on the LAN'),
  DATA_DIR: z.string().default('./data').describe('Where the SQLite file, keys, photos and documents live'),
  DATABASE_URL: z
    .string()
    .regex(/^(postgres(ql)?:\/\/|sqlite:|file:)/, 'must start with postgres://, postgresql://, sqlite: or file:')
    .optional()
    .describe('postgres://… for PostgreSQL; unset for SQLite in DATA_DIR'),
  PUBLIC_URL: z.url().optional().describe('Base URL used in QR codes, invitations and calendar feeds'),
  COHORT_SECRET_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, 'must be 32 bytes in base64')
    .optional()
    .describe('Key for personal data at rest; generated into DATA_DIR/secret.key when unset'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto').describe('Secure flag on cookies; auto = when PUBLIC_URL is https'),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(10).describe('Failed logins per account and address in 15 minutes'),
  // hardening (#14)
  BACKUP_CRON: z
    .string()
    .optional()
    .refine((v) => v === undefined || isCron(v), 'must be a cron expression, e.g. "30 2 * * *" (02:30 every day)')
    .describe('Back up inside `cohort serve` on this schedule (server local time); unset: no scheduled backups'),
  BACKUP_KEEP: z.coerce.number().int().min(1).max(1000).default(7).describe('Scheduled backups to keep; older archives are deleted'),
  BACKUP_DIR: z.string().optional().describe('Where scheduled backups go (default DATA_DIR/backups)'),
  INVITATION_VALID_DAYS: z.coerce.number().int().min(1).max(3650).default(30).describe('Trainee invitations open until this many days after the class ends'),
  S3_BUCKET: z.string().min(3).optional().describe('Store photos in this S3-compatible bucket instead of DATA_DIR/files'),
  S3_ENDPOINT: z.url().default('https://s3.amazonaws.com').describe('S3 endpoint, e.g. http://127.0.0.1:9000 for MinIO'),
  S3_REGION: z.string().default('us-east-1').describe('S3 signing region'),
  S3_PREFIX: z.string().optional().describe('Key prefix inside the bucket'),
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('true').describe('Bucket in the path (MinIO, Ceph) rather than the host name'),
  S3_ACCESS_KEY_ID: z.string().optional().describe('S3 access key (required with S3_BUCKET)'),
  S3_SECRET_ACCESS_KEY: z.string().optional().describe('S3 secret key (required with S3_BUCKET)'),
  S3_SESSION_TOKEN: z.string().optional().describe('S3 session token for temporary credentials'),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  publicUrl: string;
  secretKey: Buffer;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  cookieSecure: boolean;
  loginMaxFailures: number;
  /** Where the secret key came from, for messages: COHORT_SECRET_KEY or the key file's path. */
  secretKeySource: string;
  /** Scheduled backups inside `cohort serve` (#14): a cron expression, how many to keep, where. */
  backup: { cron: string | undefined; keep: number; dir: string };
  /** Trainee invitations open until this many days after the class ends (or after issue or renewal, when later). */
  invitationValidDays: number;
  /** Photos and generated files: local disk under dataDir unless S3 is configured. */
  storage: StorageConfig;
};

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.S3_BUCKET && (!e.S3_ACCESS_KEY_ID || !e.S3_SECRET_ACCESS_KEY)) {
    throw new ConfigError('Invalid configuration:\n  S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY: required when S3_BUCKET is set');
  }
  const dataDir = resolve(overrides.dataDir ?? e.DATA_DIR);
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  const config: Config = {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    publicUrl,
    secretKey: Buffer.alloc(0),
    logLevel: e.LOG_LEVEL,
    cookieSecure: e.COOKIE_SECURE === 'auto' ? publicUrl.startsWith('https:') : e.COOKIE_SECURE === 'true',
    loginMaxFailures: e.LOGIN_MAX_FAILURES,
    invitationValidDays: e.INVITATION_VALID_DAYS,
    secretKeySource: e.COHORT_SECRET_KEY ? 'COHORT_SECRET_KEY' : join(dataDir, 'secret.key'),
    backup: { cron: e.BACKUP_CRON, keep: e.BACKUP_KEEP, dir: resolve(e.BACKUP_DIR ?? join(dataDir, 'backups')) },
    storage: e.S3_BUCKET
      ? {
          kind: 's3',
          bucket: e.S3_BUCKET,
          endpoint: e.S3_ENDPOINT,
          region: e.S3_REGION,
          prefix: e.S3_PREFIX,
          forcePathStyle: e.S3_FORCE_PATH_STYLE === 'true',
          accessKeyId: e.S3_ACCESS_KEY_ID!,
          secretAccessKey: e.S3_SECRET_ACCESS_KEY!,
          sessionToken: e.S3_SESSION_TOKEN,
        }
      : { kind: 'local' },
    ...overrides,
  };
  if (!overrides.secretKey) {
    config.secretKey = e.COHORT_SECRET_KEY ? Buffer.from(e.COHORT_SECRET_KEY, 'base64') : loadOrCreateKeyFile(dataDir);
  }
  return config;
}

function isCron(expression: string) {
  try {
    new Cron(expression, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}

/** The key in DATA_DIR/secret.key, or null when there is none (never creates one). */
export function readKeyFile(dataDir: string): Buffer | null {
  const path = join(dataDir, 'secret.key');
  if (!existsSync(path)) return null;
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new ConfigError(`${path} does not hold a 32-byte base64 key`);
  return key;
}

// The key file is created once with owner-only permissions; losing it makes encrypted ID numbers
// unreadable, which is why the README tells operators to back it up with the database.
function loadOrCreateKeyFile(dataDir: string): Buffer {
  const path = join(dataDir, 'secret.key');
  const existing = readKeyFile(dataDir);
  if (existing) return existing;
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(path, `${key.toString('base64')}\n`, { mode: 0o600 });
  return key;
}
