import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import type { ImportAction, ImportDecisionsInput, ImportPreview } from '../../../contracts';
import type { CliContext } from '../../cli-context';
import type { Lang } from '../../lib/i18n';

// `cohort roster import FILE --class ID [--commit]`: the same preview and commit as the web
// screen, for operators with a file on the server. It runs as the system (audit actor: none).

/** "5,9-12" → [5, 9, 10, 11, 12] */
export function parseRowList(raw: string | undefined): number[] {
  if (!raw) return [];
  const out: number[] = [];
  for (const part of raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) throw new Error(`not a row number or range: ${part}`);
    const from = Number(m[1]);
    const to = Number(m[2] ?? m[1]);
    if (to < from || to - from > 100_000) throw new Error(`bad range: ${part}`);
    for (let n = from; n <= to; n++) out.push(n);
  }
  return out;
}

const MARK = { error: '✗', warning: '!', info: '·' } as const;

export function formatPreview(p: ImportPreview, lang: Lang, createGroups: string[] = []): string {
  const zh = lang === 'zh-CN';
  const lines: string[] = [];
  // A CSV file has no sheets: its line names none (工作表 is for workbooks only).
  const sheet =
    p.sheetName === null
      ? ''
      : zh
        ? `  工作表：${p.sheetName}${p.sheets.length > 1 ? `（共 ${p.sheets.join('、')}；--sheet 可选）` : ''}`
        : `  sheet: ${p.sheetName}${p.sheets.length > 1 ? ` (of ${p.sheets.join(', ')}; choose with --sheet)` : ''}`;
  lines.push(
    zh ? `文件：${p.fileName ?? ''}${sheet}  表头在第 ${p.headerRowNumber} 行` : `File: ${p.fileName ?? ''}${sheet}  headings in row ${p.headerRowNumber}`,
  );
  lines.push(
    (zh ? '列：' : 'Columns: ') +
      p.columns
        .filter((c) => c.header.trim() !== '')
        .map((c) => `${c.letter} ${c.header}${c.field ? '' : zh ? '（忽略）' : ' (ignored)'}`)
        .join('，'),
  );
  for (const f of p.fileProblems) lines.push(`  ${MARK[f.severity]} ${f.message}`);
  for (const row of p.rows) {
    if (!row.problems.length) continue;
    lines.push(zh ? `第 ${row.rowNumber} 行  ${row.values.name || '（无姓名）'}` : `Row ${row.rowNumber}  ${row.values.name || '(no name)'}`);
    for (const x of row.problems)
      lines.push(`  ${MARK[x.severity]} ${x.column ? `${x.column}${x.columnLetter ? ` (${x.columnLetter})` : ''}: ` : ''}${x.message}`);
  }
  if (p.missingGroups.some((g) => !createGroups.includes(g.name)))
    lines.push(
      zh
        ? `本班没有的组别：${p.missingGroups.map((g) => `${g.name}（${g.rowCount} 人）`).join('、')}；加 --create-groups 可在导入时新建`
        : `Groups the class lacks: ${p.missingGroups.map((g) => `${g.name} (${g.rowCount})`).join(', ')}; add --create-groups to create them`,
    );
  const s = p.summary;
  lines.push(
    zh
      ? `共 ${s.rows} 行：新建 ${s.toCreate}，关联已有人员 ${s.toLink}，跳过 ${s.toSkip}；有错误 ${s.errorRows} 行，需注意 ${s.warningRows} 行`
      : `${s.rows} rows: ${s.toCreate} new, ${s.toLink} linked, ${s.toSkip} skipped; ${s.errorRows} with errors, ${s.warningRows} with warnings`,
  );
  return lines.join('\n');
}

/** Rows that would stop a commit: errors on a row that is not skipped. */
export const blockingRows = (p: ImportPreview, actions: Record<string, ImportAction>) =>
  p.rows.filter((r) => (actions[String(r.rowNumber)] ?? r.defaultAction) !== 'skip' && r.problems.some((x) => x.severity === 'error'));

export function registerRosterCommands(program: Command, ctx: CliContext) {
  const roster = program.command('roster').description('Class roster (学员名单)');
  roster
    .command('import <file>')
    .description('Check a roster (.xlsx or .csv) against a class and list every problem by row and column; with --commit, import it (every row or none)')
    .requiredOption('--class <id>', 'class id', (v) => Number.parseInt(v, 10))
    .option('--commit', 'import after checking (default: check only)')
    .option('--create-groups', 'create the groups named in the file that the class does not have')
    .option('--skip <rows>', 'rows to leave out, e.g. 5,9-12')
    .option('--create <rows>', 'rows matched by name and phone to enter as new people instead of linking them')
    .option('--sheet <name>', 'the sheet to read (default: the first whose headings name 姓名)')
    .option('--lang <lang>', 'zh-CN or en', 'zh-CN')
    .action(
      async (file: string, opts: { class: number; commit?: boolean; createGroups?: boolean; skip?: string; create?: string; sheet?: string; lang: string }) => {
        const lang: Lang = opts.lang === 'en' ? 'en' : 'zh-CN';
        const zh = lang === 'zh-CN';
        ctx.config();
        let buffer: Buffer;
        try {
          if (statSync(file).size > 10 * 1024 * 1024) throw new Error(zh ? '文件超过 10 MB' : 'the file is larger than 10 MB');
          buffer = readFileSync(file);
        } catch (e) {
          console.error(e instanceof Error ? e.message : String(e));
          process.exit(2);
        }
        let actions: Record<string, ImportAction>;
        try {
          actions = Object.fromEntries([
            ...parseRowList(opts.create).map((n) => [String(n), 'create' as const]),
            ...parseRowList(opts.skip).map((n) => [String(n), 'skip' as const]),
          ]);
        } catch (e) {
          console.error((e as Error).message);
          process.exit(2);
        }

        const { AppError } = await import('../../lib/errors');
        const { translate } = await import('../../lib/i18n');
        const explain = (e: unknown) => {
          if (!(e instanceof AppError)) throw e;
          console.error(translate(e.code, lang, e.params));
          for (const f of e.fieldErrors) console.error(`  ✗ ${f.message ?? translate(f.code, lang, f.params)}`);
          process.exitCode = 1;
        };
        try {
          await ctx.withServices(async (services) => {
            const fileInfo = { buffer, fileName: basename(file) };
            // A first look without decisions tells which groups are missing; then the decided preview.
            const first = await services.rosterImport.preview(opts.class, fileInfo, { lang, sheet: opts.sheet });
            const createGroups = opts.createGroups ? first.missingGroups.map((g) => g.name) : [];
            const decisions: ImportDecisionsInput = { actions, createGroups, fileHash: first.fileHash };
            const preview = await services.rosterImport.preview(opts.class, fileInfo, { lang, decisions, sheet: opts.sheet });
            console.log(formatPreview(preview, lang, createGroups));
            // Columns that cannot be imported as they are (no 姓名 column …): the message is printed above.
            if (preview.fileProblems.some((f) => f.severity === 'error')) {
              process.exitCode = 1;
              return;
            }
            const blocking = blockingRows(preview, actions);
            const rowList =
              blocking.length > 20
                ? `${blocking
                    .slice(0, 20)
                    .map((r) => r.rowNumber)
                    .join(',')},…`
                : blocking.map((r) => r.rowNumber).join(',');
            if (!opts.commit) {
              console.log(
                blocking.length
                  ? zh
                    ? `\n有 ${blocking.length} 行存在错误：请修改文件，或用 --skip ${rowList} 跳过这些行。`
                    : `\n${blocking.length} rows have errors: fix the file, or leave them out with --skip ${rowList}.`
                  : zh
                    ? '\n检查通过。加 --commit 导入。'
                    : '\nNo errors. Add --commit to import.',
              );
              process.exitCode = blocking.length ? 1 : 0;
              return;
            }
            if (blocking.length) {
              console.error(zh ? `\n有 ${blocking.length} 行存在错误，未导入任何数据。` : `\n${blocking.length} rows have errors; nothing was imported.`);
              process.exitCode = 1;
              return;
            }
            const { SingleBar, Presets } = await import('cli-progress');
            const bar = new SingleBar(
              { format: `${zh ? '导入' : 'Importing'} [{bar}] {percentage}% | {value}/{total}`, hideCursor: true },
              Presets.shades_classic,
            );
            let started = false;
            try {
              const result = await services.rosterImport.commit(null, opts.class, fileInfo, decisions, {
                lang,
                sheet: opts.sheet,
                onProgress: (done, total) => {
                  if (!started) {
                    bar.start(total, 0);
                    started = true;
                  }
                  bar.update(done);
                },
              });
              bar.stop();
              console.log(
                zh
                  ? `已导入：新建 ${result.created} 人，关联已有人员 ${result.linked} 人，跳过 ${result.skipped} 行${result.groupsCreated.length ? `；新建小组 ${result.groupsCreated.join('、')}` : ''}。`
                  : `Imported: ${result.created} new, ${result.linked} linked, ${result.skipped} skipped${result.groupsCreated.length ? `; new groups ${result.groupsCreated.join(', ')}` : ''}.`,
              );
            } catch (e) {
              bar.stop();
              explain(e);
            }
          });
        } catch (e) {
          explain(e);
        }
      },
    );
}
