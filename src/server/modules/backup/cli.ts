import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { Cron } from 'croner';
import type { CliContext } from '../../cli-context';
import { type Config, ConfigError, loadConfig, readKeyFile } from '../../config';
import type { Database } from '../../db/connection';
import { type CopyPhase, copyToPostgres } from './copy';
import { makeBackup, type Phase, restoreBackup, runScheduledBackup } from './service';

// `cohort backup [--out DIR]`, `cohort restore ARCHIVE [--key-file FILE]`, and the schedule that
// `cohort serve` runs when BACKUP_CRON is set.

const LABEL: Record<Phase, string> = {
  database: '数据库 database',
  files: '文件 files     ',
  check: '校验 check     ',
  restore: '恢复 restore   ',
};

/** One progress bar per phase, drawn on stderr so that stdout keeps the result lines. */
function progressBars() {
  let current: { phase: Phase; bar: cliProgress.SingleBar } | null = null;
  const stop = () => {
    current?.bar.stop();
    current = null;
  };
  return {
    update(phase: Phase, done: number, total: number) {
      if (current?.phase !== phase) {
        stop();
        const bar = new cliProgress.SingleBar(
          { format: `${LABEL[phase]} |{bar}| {value}/{total}`, hideCursor: true, clearOnComplete: false, stream: process.stderr },
          cliProgress.Presets.shades_classic,
        );
        bar.start(Math.max(total, done), done);
        current = { phase, bar };
      }
      if (total > 0) current.bar.setTotal(Math.max(total, done));
      else current.bar.setTotal(done);
      current.bar.update(done);
    },
    stop,
  };
}

export function registerBackupCommands(program: Command, ctx: CliContext) {
  registerDbCommands(program, ctx);
  program
    .command('backup')
    .description('Write a consistent backup (database, stored files, key fingerprint; manifest with checksums) while the server runs')
    .option('--out <dir>', 'directory for the archive (default: BACKUP_DIR, i.e. DATA_DIR/backups)')
    .action(async (opts: { out?: string }) => {
      const cfg = ctx.config();
      const bars = progressBars();
      try {
        const { file, manifest } = await makeBackup(cfg, opts.out ?? cfg.backup.dir, bars.update);
        bars.stop();
        const rows = Object.values(manifest.rows).reduce((a, b) => a + b, 0);
        console.log(`备份完成 / Backup written: ${file}`);
        console.log(
          `  ${manifest.dialect}, ${rows} rows in ${Object.keys(manifest.rows).length} tables, ${manifest.files.length} files, key fingerprint ${manifest.keyFingerprint}`,
        );
        if (manifest.missingFiles.length)
          console.log(
            `  ${manifest.missingFiles.length} files named by the database were already gone (deleted meanwhile): ${manifest.missingFiles.join(', ')}`,
          );
        console.log(
          '  The secret key is not in the archive: keep COHORT_SECRET_KEY or DATA_DIR/secret.key safe on its own. / 密钥不在备份中，请另行妥善保存。',
        );
      } finally {
        bars.stop();
      }
    });

  program
    .command('restore <archive>')
    .description('Restore a backup into an empty DATA_DIR (SQLite) or an empty PostgreSQL database (DATABASE_URL), with its files')
    .option('--key-file <file>', 'the secret key the backup was made with; copied to DATA_DIR/secret.key')
    .action(async (archive: string, opts: { keyFile?: string }) => {
      const cfg = restoreConfig(opts.keyFile);
      const bars = progressBars();
      try {
        const result = await restoreBackup(cfg, archive, bars.update);
        bars.stop();
        console.log(`恢复完成 / Restored ${resolve(archive)}`);
        console.log(
          `  into ${cfg.databaseUrl ? new URL(cfg.databaseUrl).host + new URL(cfg.databaseUrl).pathname : cfg.dataDir}; ${result.filesRestored} files; backup of ${result.manifest.createdAt}`,
        );
        if (result.migrationsApplied.length) console.log(`  migrated: ${result.migrationsApplied.join(', ')}`);
      } finally {
        bars.stop();
      }
    });
}

/** `cohort db copy --to postgres://…` (#17): this SQLite installation into an empty PostgreSQL database. */
function registerDbCommands(program: Command, ctx: CliContext) {
  const dbCmd = program.command('db').description('Database moves');
  dbCmd
    .command('copy')
    .description('Copy this SQLite installation (every table, the key check, optionally the stored files) into an empty PostgreSQL database')
    .requiredOption('--to <url>', 'the empty PostgreSQL database, postgres://user@host/db')
    .option('--files-to <dir>', "the PostgreSQL installation's new DATA_DIR: stored files (photos, certificate bundles) are copied to DIR/files")
    .action(async (opts: { to: string; filesTo?: string }) => {
      const cfg = ctx.config();
      let bar: cliProgress.SingleBar | null = null;
      let current = '';
      const onProgress = (p: CopyPhase) => {
        const label = 'table' in p ? p.table : 'files 文件';
        if (label !== current) {
          bar?.stop();
          current = label;
          bar = new cliProgress.SingleBar(
            { format: `${label.padEnd(28)} |{bar}| {value}/{total}`, hideCursor: true, clearOnComplete: false, stream: process.stderr },
            cliProgress.Presets.shades_classic,
          );
          bar.start(p.total, 0);
        }
        bar?.update('table' in p ? p.done : p.files);
      };
      try {
        const result = await copyToPostgres(cfg, opts.to, { filesTo: opts.filesTo && resolve(opts.filesTo) }, onProgress);
        (bar as cliProgress.SingleBar | null)?.stop();
        const rows = result.tables.reduce((sum, t) => sum + t.rows, 0);
        const target = new URL(opts.to);
        target.password = '';
        console.log(`复制完成 / Copied ${rows} rows in ${result.tables.length} tables to ${target.host}${target.pathname}; every table's row count matches.`);
        console.log(`  keys check: ${result.keyCheck}`);
        console.log(
          result.files.where
            ? `  ${result.files.copied} stored files copied to ${result.files.where}`
            : cfg.storage?.kind === 's3'
              ? '  stored files are in S3 and stay there'
              : `  stored files stay in ${join(cfg.dataDir, 'files')}: run the PostgreSQL installation with DATA_DIR=${cfg.dataDir} (or copy again with --files-to)`,
        );
        console.log('Next / 下一步:');
        console.log(`  DATABASE_URL=${target.toString()}${opts.filesTo ? ` DATA_DIR=${resolve(opts.filesTo)}` : ''}`);
        console.log(`  with the same secret key (${cfg.secretKeySource}); the SQLite file is left as it was.`);
      } finally {
        (bar as cliProgress.SingleBar | null)?.stop();
      }
    });
}

/**
 * The configuration for a restore. Unlike every other command it must not make a new key when
 * there is none: the data in the archive needs the key it was written with.
 */
function restoreConfig(keyFile: string | undefined): Config & { secretKeySource: string } {
  const env = process.env;
  const dataDir = resolve(env.DATA_DIR ?? './data');
  if (keyFile) {
    if (env.COHORT_SECRET_KEY) throw new ConfigError('--key-file and COHORT_SECRET_KEY both name a key; give one');
    const target = join(dataDir, 'secret.key');
    if (existsSync(target)) throw new ConfigError(`${target} exists already; remove it or restore without --key-file`);
    mkdirSync(dataDir, { recursive: true });
    copyFileSync(resolve(keyFile), target);
  }
  const fromFile = env.COHORT_SECRET_KEY ? null : readKeyFile(dataDir);
  if (!env.COHORT_SECRET_KEY && !fromFile)
    throw new ConfigError(
      'Restoring needs the secret key the backup was made with: set COHORT_SECRET_KEY, put the key in DATA_DIR/secret.key, or pass --key-file FILE.',
    );
  return loadConfig(env, fromFile ? { secretKey: fromFile } : {});
}

/** The scheduled backup inside `cohort serve`: BACKUP_CRON, keeping BACKUP_KEEP archives in BACKUP_DIR. */
export function startBackupSchedule(cfg: Config, database: Database, log: (line: string) => void = console.log) {
  if (!cfg.backup.cron) return null;
  const job = new Cron(cfg.backup.cron, { protect: true }, async (self: Cron) => {
    const scheduledFor = self.currentRun() ?? new Date();
    try {
      const file = await runScheduledBackup(cfg, database, { dir: cfg.backup.dir, keep: cfg.backup.keep, scheduledFor });
      if (file) log(`Scheduled backup written: ${file}`);
    } catch (e) {
      log(`Scheduled backup failed: ${(e as Error).message}`);
    }
  });
  log(`Backups on schedule "${cfg.backup.cron}" into ${cfg.backup.dir} (keeping ${cfg.backup.keep}); next ${job.nextRun()?.toISOString()}`);
  return job;
}
