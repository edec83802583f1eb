import type { Command } from 'commander';
import type { z } from 'zod';
import { CopyClassBody, CreateClassBody, Id } from '../../../contracts';
import type { CliContext } from '../../cli-context';
import { AppError } from '../../lib/errors';
import { hasMessage, translate } from '../../lib/i18n';

// `cohort class create|copy`: the 教务 office's set-up for scripts, with the same rules as the
// screens (the same contracts and services). It runs as the system (audit actor: none). Every
// refusal is said in Chinese and English, naming the option at fault.

/** The option a contract field comes from, so an error names what the operator typed. */
const OPTION_OF: Record<string, string> = {
  programmeId: '--programme',
  classId: '--class',
  title: '--title',
  shortTitle: '--short-title',
  code: '--code',
  startsOn: '--starts',
  endsOn: '--ends',
  place: '--place',
  timeZone: '--time-zone',
};

const both = (key: string, params: Record<string, unknown> = {}) => `${translate(key, 'zh-CN', params)} / ${translate(key, 'en', params)}`;

type Issue = { field: string; code: string; params?: Record<string, unknown> };
const describeIssue = (i: Issue) => `  ${OPTION_OF[i.field] ?? i.field}: ${hasMessage(i.code) ? both(i.code, i.params) : i.code}`;

/** The lines an operator reads when a command is refused; also what the tests check. */
export function describeRefusal(e: unknown): string[] {
  if (e instanceof AppError) {
    const lines = [both(e.code, e.params)];
    for (const f of e.fieldErrors) lines.push(describeIssue(f));
    return lines;
  }
  return [String(e instanceof Error ? e.message : e)];
}

function parseOrExplain<S extends z.ZodType>(schema: S, input: unknown): { ok: true; data: z.output<S> } | { ok: false; lines: string[] } {
  const r = schema.safeParse(input);
  if (r.success) return { ok: true, data: r.data };
  const issues = r.error.issues.map((i) => ({
    field: i.path.map(String).join('.'),
    code: hasMessage(i.message) ? i.message : i.code === 'invalid_type' ? 'required' : i.code,
  }));
  return { ok: false, lines: [both('validation.failed'), ...issues.map(describeIssue)] };
}

const idOf = (raw: string, field: string) => {
  const r = Id.safeParse(raw);
  return r.success ? r.data : { field, code: 'validation.id' };
};

export type ClassCreateOptions = {
  programme: string;
  title: string;
  starts: string;
  ends: string;
  place?: string;
  timeZone?: string;
  shortTitle?: string;
  code?: string;
};

/** Creates a class in `planning`; prints its id. Returns the exit code (0 done, 1 refused, 2 bad options). */
export async function runClassCreate(ctx: CliContext, opts: ClassCreateOptions, out = console): Promise<number> {
  const programmeId = idOf(opts.programme, 'programmeId');
  if (typeof programmeId !== 'number') {
    out.error([both('validation.failed'), describeIssue(programmeId)].join('\n'));
    return 2;
  }
  const body = parseOrExplain(CreateClassBody, {
    title: opts.title,
    shortTitle: opts.shortTitle,
    code: opts.code,
    startsOn: opts.starts,
    endsOn: opts.ends,
    place: opts.place,
    timeZone: opts.timeZone,
  });
  if (!body.ok) {
    out.error(body.lines.join('\n'));
    return 2;
  }
  try {
    const id = await ctx.withServices((s) => s.classes.createClass(null, programmeId, body.data));
    out.log(`已创建培训班 ${body.data.title}（编号 ${id}，${body.data.startsOn} 至 ${body.data.endsOn}）/ Created class ${id}`);
    return 0;
  } catch (e) {
    out.error(describeRefusal(e).join('\n'));
    return 1;
  }
}

/** Copies a past class to a new start date (timetable moved, no trainees); prints the new id. */
export async function runClassCopy(ctx: CliContext, opts: { class: string; starts: string; title?: string }, out = console): Promise<number> {
  const classId = idOf(opts.class, 'classId');
  if (typeof classId !== 'number') {
    out.error([both('validation.failed'), describeIssue(classId)].join('\n'));
    return 2;
  }
  const body = parseOrExplain(CopyClassBody, { startsOn: opts.starts, title: opts.title });
  if (!body.ok) {
    out.error(body.lines.join('\n'));
    return 2;
  }
  try {
    const copy = await ctx.withServices(async (s) => {
      const id = await s.classSetup.copyClass(null, classId, body.data);
      return s.classes.getClass(null, id);
    });
    out.log(
      `已复制为 ${copy.title}（编号 ${copy.id}，${copy.startsOn} 至 ${copy.endsOn}，${copy.counts.sessions} 场日程，${copy.counts.groups} 个小组，无学员）/ Copied as class ${copy.id}`,
    );
    return 0;
  } catch (e) {
    out.error(describeRefusal(e).join('\n'));
    return 1;
  }
}

export function registerClassCommands(program: Command, ctx: CliContext) {
  const cls = program.command('class').description('Classes (培训班): create, copy a past class as the start of next year’s');
  cls
    .command('create')
    .description('Create a class in a programme (status: planning)')
    .requiredOption('--programme <id>', 'programme id')
    .requiredOption('--title <title>', 'title, e.g. 2027年“科技兴藏人才培养工程”西藏科技管理干部培训班')
    .requiredOption('--starts <date>', 'first day, YYYY-MM-DD')
    .requiredOption('--ends <date>', 'last day, YYYY-MM-DD')
    .option('--place <place>', 'where the class is held')
    .option('--time-zone <zone>', 'IANA time zone (default Asia/Shanghai)')
    .option('--short-title <text>', 'short title')
    .option('--code <code>', 'class code (unique in the institution)')
    .action(async (opts: ClassCreateOptions) => {
      process.exitCode = await runClassCreate(ctx, opts);
    });
  cls
    .command('copy')
    .description('Copy a class to a new start date: timetable moved (wall-clock times kept), groups, sites and lecturers kept; no trainees')
    .requiredOption('--class <id>', 'the class to copy')
    .requiredOption('--starts <date>', 'first day of the copy, YYYY-MM-DD')
    .option('--title <title>', 'title of the copy (default: the old title with the year replaced)')
    .action(async (opts: { class: string; starts: string; title?: string }) => {
      process.exitCode = await runClassCopy(ctx, opts);
    });
}
