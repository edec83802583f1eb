import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import type { CliContext } from './server/cli-context';
import { type Config, ConfigError, loadConfig } from './server/config';
import { openDatabase } from './server/db/connection';
import { migrateToLatest } from './server/db/migrate';
import { registerUserCommands } from './server/modules/auth/cli';
import { registerBackupCommands } from './server/modules/backup/cli';
import { registerClassCommands } from './server/modules/classes/cli';
import { registerRosterCommands } from './server/modules/roster-io/cli';

const program = new Command('cohort').description('Cohort: residential training classes (培训班) end to end').showHelpAfterError();

const config = () => {
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
};

// The CLI's composition root: every command that needs the services gets them from here, so the
// modules' command files never import the app themselves.
const ctx: CliContext = {
  config,
  async withServices<T>(fn: (services: import('./server/app').Services, cfg: Config) => Promise<T>) {
    const cfg = config();
    const { makeServices } = await import('./server/app');
    const database = openDatabase({ url: cfg.databaseUrl, dataDir: cfg.dataDir });
    try {
      await migrateToLatest(database.db);
      // A key that does not fit the data stops here, before anything is read or written with it (#14).
      const { ensureSecretKey } = await import('./server/modules/backup/key-check');
      const { makeBackupStore } = await import('./server/modules/backup/store');
      await ensureSecretKey(database, makeBackupStore(), cfg.secretKey, cfg.secretKeySource);
      return await fn(makeServices(database, cfg), cfg);
    } finally {
      await database.close();
    }
  },
};

program
  .command('serve')
  .description('Run migrations and serve the API and the web app')
  .option('--build-web-if-missing', 'build the web app first when dist/web is missing')
  .action(async (opts: { buildWebIfMissing?: boolean }) => {
    const cfg = config();
    if (opts.buildWebIfMissing && !existsSync(join(process.cwd(), 'dist', 'web', 'index.html')) && existsSync(join(process.cwd(), 'index.html'))) {
      console.log('Building the web app (first start only)…');
      const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
      if (r.status !== 0) process.exit(r.status ?? 1);
    }
    const { buildApp } = await import('./server/app');
    const { app, database } = await buildApp(cfg);
    await app.listen({ port: cfg.port, host: cfg.host });
    console.log(`Cohort is serving on http://${cfg.host === '0.0.0.0' ? 'localhost' : cfg.host}:${cfg.port} (${database.describe})`);
    // Scheduled backups (#14), when BACKUP_CRON is set.
    const { startBackupSchedule } = await import('./server/modules/backup/cli');
    const backups = startBackupSchedule(cfg, database);
    const stop = async () => {
      backups?.stop();
      await app.close();
      process.exit(0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });

program
  .command('migrate')
  .description('Apply database migrations')
  .action(async () => {
    const cfg = config();
    const database = openDatabase({ url: cfg.databaseUrl, dataDir: cfg.dataDir });
    const applied = await migrateToLatest(database.db);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
    await database.close();
  });

registerUserCommands(program, ctx);

program
  .command('demo')
  .description('Load the 2020 Tibet S&T cadre class from the seed bulletin (idempotent)')
  .action(async () => {
    const cfg = config();
    const { loadDemo } = await import('./server/demo/load-demo');
    const { result, database } = await ctx.withServices(async (services) => ({ result: await loadDemo(services), database: services.database }));
    console.log(
      result.created
        ? `Loaded the demo class (id ${result.classId}) into ${database.describe}.`
        : `The demo class (id ${result.classId}) was already there; nothing changed.`,
    );
    console.log('\nLogins (demo only — change or remove them before real use):');
    for (const l of result.logins) console.log(`  ${l.role.padEnd(24)} ${l.username.padEnd(14)} ${l.password}   ${l.displayName}`);
    console.log(`\nOpen ${cfg.publicUrl} and sign in.`);
  });

registerRosterCommands(program, ctx);
// Class set-up for scripts (classes engineer): cohort class create|copy.
registerClassCommands(program, ctx);
// backup and restore (#14)
registerBackupCommands(program, ctx);

const certificatesCmd = program.command('certificates').description('Completion certificates (结业证书)');
certificatesCmd
  .command('issue')
  .description(
    'Issue certificates to every eligible trainee of a class that has none yet; with --out, write every valid certificate of the class as a PDF into DIR',
  )
  .requiredOption('--class <id>', 'class id')
  .option('--out <dir>', 'directory for the PDF files')
  .action(async (opts: { class: string; out?: string }) => {
    const { runCertificateIssue } = await import('./server/modules/certificates/cli');
    process.exitCode = await runCertificateIssue(ctx, Number(opts.class), opts.out);
  });
const keysCmd = program.command('keys').description('Credential signing keys (Ed25519)');
keysCmd
  .command('rotate')
  .description("Retire the institution's active signing key and make a new one; old public keys stay in /.well-known/jwks.json")
  .requiredOption('--institution <code>', 'institution code, e.g. SKGY')
  .action(async (opts: { institution: string }) => {
    const { runKeyRotation } = await import('./server/modules/certificates/cli');
    process.exitCode = await runKeyRotation(ctx, opts.institution);
  });
const bulletinCmd = program.command('bulletin').description('Bulletins (简报)');
bulletinCmd
  .command('draft')
  .description('Draft the class bulletin from its record and write it as PDF or DOCX (by the ending of --out); nothing is saved without --save')
  .requiredOption('--class <id>', 'class id')
  .requiredOption('--out <file>', 'output file, .pdf or .docx')
  .option('--from <date>', 'first day (YYYY-MM-DD, class time zone); default the class start')
  .option('--to <date>', 'last day; default the class end')
  .option('--kinds <list>', 'session kinds, e.g. site_visit,ceremony; default all')
  .option('--include-empty', 'also sessions with nothing recorded')
  .option('--save', "save the draft as the class's next issue")
  .option('--issue <n>', 'write the existing issue N instead of drafting')
  .action(async (opts) => {
    const { runBulletinDraft } = await import('./server/modules/bulletins/cli');
    process.exitCode = await runBulletinDraft(ctx, opts);
  });
try {
  await program.parseAsync(process.argv);
} catch (e) {
  // What the operator must fix (a setting, the secret key, a backup archive) is said plainly, without a stack.
  if (e instanceof Error && (e instanceof ConfigError || ['SecretKeyMismatchError', 'BackupError'].includes(e.name))) {
    console.error(e.message);
    process.exit(2);
  }
  throw e;
}
