import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { isEncryptedOoxml, isOle, SpreadsheetError } from './xlsx';

// Many offices still keep rosters as Excel 97–2003 workbooks (.xls, a binary OLE file). No
// maintained npm package reads them safely, so when LibreOffice is installed on the server
// (Debian's libreoffice-calc) Cohort has it convert the file to .xlsx — headless, no macros, a
// private profile, a time limit, one conversion at a time — and reads that like any upload.
// Without LibreOffice the user is told to save the file as .xlsx.

const TIMEOUT_MS = 60_000;

/** An OLE compound file that is not a password-protected .xlsx (those are OLE files too). */
export const isLegacyXls = (b: Buffer) => isOle(b) && !isEncryptedOoxml(b);

/** LibreOffice's command: COHORT_SOFFICE, else soffice or libreoffice on the PATH. */
export function findSoffice(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.COHORT_SOFFICE) return existsSync(env.COHORT_SOFFICE) ? env.COHORT_SOFFICE : null;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    for (const name of ['soffice', 'libreoffice']) if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

export class LegacyXlsUnavailable extends Error {
  constructor() {
    super('.xls workbooks need LibreOffice on the server');
    this.name = 'LegacyXlsUnavailable';
  }
}

let queue: Promise<unknown> = Promise.resolve();

/** The .xls workbook as .xlsx bytes; LegacyXlsUnavailable without LibreOffice, SpreadsheetError for a file it cannot read. */
export function convertLegacyXls(buffer: Buffer): Promise<Buffer> {
  const soffice = findSoffice();
  if (!soffice) return Promise.reject(new LegacyXlsUnavailable());
  const run = queue.then(() => convert(soffice, buffer));
  queue = run.catch(() => undefined);
  return run;
}

function convert(soffice: string, buffer: Buffer): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'cohort-xls-'));
  const input = join(dir, 'upload.xls');
  writeFileSync(input, buffer);
  const args = [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--norestore', '--nolockcheck', '--convert-to', 'xlsx', '--outdir', dir, input];
  return new Promise<Buffer>((resolve, reject) => {
    execFile(soffice, args, { timeout: TIMEOUT_MS, killSignal: 'SIGKILL', env: { ...process.env, HOME: dir } }, (err) => {
      try {
        const output = join(dir, 'upload.xlsx');
        if (!existsSync(output)) {
          reject(new SpreadsheetError('not_spreadsheet', `LibreOffice could not read the .xls file${err ? `: ${err.message}` : ''}`));
          return;
        }
        resolve(readFileSync(output));
      } catch (e) {
        reject(e);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
