import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { DraftOptions, SessionKind } from '../../../contracts';
import type { CliContext } from '../../cli-context';

// `cohort bulletin draft --class ID --out FILE`: the bulletin drafted from the class's record,
// written as PDF or DOCX by the file's ending. Nothing is saved unless --save is given (then it
// becomes the class's next issue, as "draft from the record" does on screen). With --issue N, an
// existing issue is written instead.

export type BulletinCliOptions = {
  class: string;
  out: string;
  from?: string;
  to?: string;
  kinds?: string;
  includeEmpty?: boolean;
  save?: boolean;
  issue?: string;
};

export async function runBulletinDraft(ctx: CliContext, opts: BulletinCliOptions): Promise<number> {
  const format = extname(opts.out).toLowerCase() === '.pdf' ? 'pdf' : extname(opts.out).toLowerCase() === '.docx' ? 'docx' : null;
  if (!format) {
    console.error('输出文件须以 .pdf 或 .docx 结尾 / --out must end in .pdf or .docx');
    return 2;
  }
  const classId = Number(opts.class);
  const kinds = opts.kinds?.split(',').map((k) => k.trim());
  const parsed = DraftOptions.safeParse({ from: opts.from, to: opts.to, kinds, includeEmpty: Boolean(opts.includeEmpty) });
  if (!Number.isSafeInteger(classId) || classId <= 0 || !parsed.success) {
    const bad = parsed.success ? ['--class'] : parsed.error.issues.map((i) => `--${String(i.path[0])}`);
    console.error(`参数有误 / invalid option: ${[...new Set(bad)].join(', ')}${kinds ? `  (kinds: ${SessionKind.options.join(', ')})` : ''}`);
    return 2;
  }
  try {
    return await ctx.withServices(async (services) => {
      const cls = await services.classes.getClass(null, classId);
      let file: { data: Buffer };
      let what: string;
      if (opts.issue) {
        const issue = (await services.bulletins.list(classId, true)).find((b) => b.issueNumber === Number(opts.issue));
        if (!issue) {
          console.error(`本班没有第 ${opts.issue} 期简报 / no issue ${opts.issue} in this class`);
          return 1;
        }
        file = await services.bulletins.renderFile(issue.id, format, true);
        what = `第 ${issue.issueNumber} 期（${issue.status === 'published' ? '已发布' : '草稿'}）`;
      } else if (opts.save) {
        const b = await services.bulletins.create(null, classId, { draft: parsed.data });
        file = await services.bulletins.renderFile(b.id, format, true);
        what = `第 ${b.issueNumber} 期（已保存为草稿 / saved as draft, id ${b.id}）`;
      } else {
        const drafted = await services.bulletins.draftContent(classId, parsed.data);
        const issueNumber = Math.max(0, ...(await services.bulletins.list(classId, true)).map((b) => b.issueNumber)) + 1;
        const issueDate = [drafted.to, new Date().toISOString().slice(0, 10)].sort()[0];
        file = await services.bulletins.renderContent(classId, { title: cls.title, issueNumber, issueDate, content: drafted.content }, format);
        what = `第 ${issueNumber} 期草稿（未保存 / not saved）, ${drafted.from} – ${drafted.to}`;
      }
      writeFileSync(opts.out, file.data);
      console.log(`${cls.title}\n简报 ${what} → ${opts.out} (${(file.data.length / 1024).toFixed(0)} KB)`);
      return 0;
    });
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'not_found') {
      console.error(`培训班 ${classId} 不存在 / class ${classId} not found`);
      return 1;
    }
    throw e;
  }
}
