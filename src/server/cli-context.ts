import type { Services } from './app';
import type { Config } from './config';

/**
 * What a module's command-line commands get from `src/cli.ts`, the CLI's one composition root:
 * the checked configuration and a way to run with the services built over the configured
 * database. Modules import this type only; they never reach up to `app.ts` at run time.
 */
export type CliContext = {
  /** The configuration from the environment; a bad value prints its message and exits with 2. */
  config: () => Config;
  /** Opens the configured database (migrated to the latest), builds the services, runs `fn`, closes the database. */
  withServices: <T>(fn: (services: Services, config: Config) => Promise<T>) => Promise<T>;
};
