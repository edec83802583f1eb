import type { Command } from 'commander';
import type { CliContext } from '../../cli-context';
import { AppError } from '../../lib/errors';
import { translate } from '../../lib/i18n';

// `cohort user add|passwd|disable|grant|unlock`: the account jobs of the admin screen, for scripts
// and for the operator who has only a shell (the first administrator is made here). Everything
// goes through the same services and rules as the screens; the audit log names no actor (the
// system). Exit codes: 0 done, 1 refused (the reason is printed in Chinese and English), 2 bad usage.

export type CliIo = {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Reads a line without echoing it when the input is a terminal. */
  askHidden: (prompt: string) => Promise<string>;
};

const both = (code: string, params: Record<string, unknown> = {}) => `${translate(code, 'zh-CN', params)} / ${translate(code, 'en', params)}`;

/** A refusal in both languages, with each field error on its own line. */
export function explain(e: unknown): string {
  if (!(e instanceof AppError)) return e instanceof Error ? e.message : String(e);
  const saidByField = (e.code === 'validation.failed' && e.fieldErrors.length > 0) || e.fieldErrors.some((f) => f.code === e.code);
  const lines = saidByField ? [] : [both(e.code, e.params)];
  for (const f of e.fieldErrors) lines.push(f.message ?? both(f.code, f.params));
  return lines.join('\n');
}

async function withUser<T>(
  ctx: CliContext,
  io: CliIo,
  username: string,
  fn: (services: Parameters<Parameters<CliContext['withServices']>[0]>[0], user: { id: number; username: string }) => Promise<T>,
) {
  return ctx.withServices(async (services) => {
    const user = await services.auth.findStaffAccount(username);
    if (!user) {
      io.err(`没有用户名为 ${username} 的工作人员账号 / no staff account named ${username}`);
      return 1;
    }
    return fn(services, user);
  });
}

async function guarded(io: CliIo, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (e) {
    io.err(explain(e));
    return 1;
  }
}

async function askNewPassword(io: CliIo): Promise<string | null> {
  const first = await io.askHidden('新密码 / New password: ');
  const second = await io.askHidden('再输入一次 / Repeat: ');
  if (first !== second) {
    io.err(both('password.mismatch'));
    return null;
  }
  return first;
}

export async function runUserAdd(
  ctx: CliContext,
  io: CliIo,
  username: string,
  opts: { name: string; password?: string; admin?: boolean; institution?: string },
): Promise<number> {
  const password = opts.password ?? (await askNewPassword(io));
  if (password === null) return 2;
  return guarded(io, () =>
    ctx.withServices(async (services) => {
      let institutionId: number | null = null;
      if (opts.institution) {
        const inst = await services.classes.findInstitutionByCode(opts.institution);
        if (!inst) {
          io.err(`没有代码为 ${opts.institution} 的机构 / no institution with code ${opts.institution}`);
          return 2;
        }
        institutionId = inst.id;
      }
      const id = await services.auth.createUser(null, { username, displayName: opts.name, password, isAdmin: !!opts.admin, institutionId });
      io.out(
        `已创建账号 ${username}（编号 ${id}）${opts.admin ? '，系统管理员' : ''} / created ${username} (id ${id})${opts.admin ? ' as administrator' : ''}`,
      );
      return 0;
    }),
  );
}

export async function runUserPasswd(ctx: CliContext, io: CliIo, username: string, opts: { password?: string }): Promise<number> {
  const password = opts.password ?? (await askNewPassword(io));
  if (password === null) return 2;
  return guarded(io, () =>
    withUser(ctx, io, username, async (services, user) => {
      const { endedSessions } = await services.auth.setPassword(null, user.id, password);
      io.out(`已为 ${username} 设置新密码，结束 ${endedSessions} 个会话 / new password set for ${username}; ${endedSessions} sessions ended`);
      return 0;
    }),
  );
}

export async function runUserDisable(ctx: CliContext, io: CliIo, username: string, opts: { enable?: boolean }): Promise<number> {
  return guarded(io, () =>
    withUser(ctx, io, username, async (services, user) => {
      await services.auth.updateAccount(null, user.id, { disabled: !opts.enable });
      io.out(opts.enable ? `已启用 ${username} / ${username} enabled` : `已停用 ${username}，其会话已结束 / ${username} disabled; its sessions ended`);
      return 0;
    }),
  );
}

export async function runUserUnlock(ctx: CliContext, io: CliIo, username: string): Promise<number> {
  return guarded(io, () =>
    withUser(ctx, io, username, async (services, user) => {
      const before = await services.auth.getAccount(user.id);
      await services.auth.unlock(null, user.id);
      io.out(
        before.lockedUntil
          ? `已解除 ${username} 的登录锁定 / ${username} unlocked`
          : `${username} 没有被锁定 / ${username} was not locked (failure counters cleared)`,
      );
      return 0;
    }),
  );
}

const ROLES = ['organizer', 'sponsor', 'class_teacher', 'lecturer'] as const;
type GrantOpts = { role?: string; institution?: string; programme?: string; class?: string; revoke?: boolean };

export async function runUserGrant(ctx: CliContext, io: CliIo, username: string, opts: GrantOpts): Promise<number> {
  const role = ROLES.find((r) => r === opts.role);
  if (!role) {
    io.err(`--role 应为 ${ROLES.join(' | ')} / --role must be one of ${ROLES.join(', ')}`);
    return 2;
  }
  const need = { organizer: '--institution CODE', sponsor: '--programme ID', class_teacher: '--class ID', lecturer: '--class ID' }[role];
  const given = role === 'organizer' ? opts.institution : role === 'sponsor' ? opts.programme : opts.class;
  const others = [opts.institution, opts.programme, opts.class].filter((v) => v !== undefined).length;
  if (!given || others !== 1) {
    io.err(`--role ${role} 需要且只需要 ${need} / --role ${role} takes ${need} (and no other scope)`);
    return 2;
  }
  const id = role === 'organizer' ? 0 : Number(given);
  if (role !== 'organizer' && (!/^\d+$/.test(given) || !Number.isSafeInteger(id) || id <= 0)) {
    io.err(`${need.split(' ')[0]} 应为编号 / ${need.split(' ')[0]} must be a number`);
    return 2;
  }
  return guarded(io, () =>
    withUser(ctx, io, username, async (services, user) => {
      let scopeId = id;
      if (role === 'organizer') {
        const inst = await services.classes.findInstitutionByCode(given);
        if (!inst) {
          io.err(`没有代码为 ${given} 的机构 / no institution with code ${given}`);
          return 1;
        }
        scopeId = inst.id;
      }
      const scopeType = role === 'organizer' ? 'institution' : role === 'sponsor' ? 'programme' : 'class';
      // A class teacher is class staff too (shown on the class overview); the classes service keeps both together.
      if (role === 'class_teacher') {
        if (opts.revoke) {
          const staff = (await services.classes.listStaff(scopeId)).filter((s) => s.userId === user.id);
          for (const s of staff) await services.classes.removeStaff(null, s.id);
          if (!staff.length) await services.database.transaction((trx) => services.auth.revokeWhere(trx, null, { userId: user.id, role, scopeType, scopeId }));
        } else {
          await services.classes.addStaff(null, scopeId, { userId: user.id, role: 'class_teacher' });
        }
      } else if (opts.revoke) {
        await services.database.transaction((trx) => services.auth.revokeWhere(trx, null, { userId: user.id, role, scopeType, scopeId }));
      } else {
        await services.auth.grant(null, user.id, { role, scopeType, scopeId });
      }
      const what = `${translate(`role_${role}`, 'zh-CN')} @ ${scopeType} ${given}`;
      io.out(
        opts.revoke
          ? `已撤销 ${username} 的 ${what} / revoked ${role} of ${username} on ${scopeType} ${given}`
          : `已授予 ${username} ${what} / granted ${username} ${role} on ${scopeType} ${given}`,
      );
      return 0;
    }),
  );
}

/** Reads lines from stdin (one reader for all questions, so piped input is not lost); on a terminal, typing is not echoed. */
function makeAsker(): { ask: CliIo['askHidden']; close: () => void } {
  let rl: import('node:readline').Interface | null = null;
  const lines: string[] = [];
  const waiting: Array<(s: string) => void> = [];
  const ask = async (prompt: string) => {
    const { createInterface } = await import('node:readline');
    const tty = !!process.stdin.isTTY;
    if (!rl) {
      rl = createInterface({ input: process.stdin, output: process.stdout, terminal: tty });
      rl.on('line', (line) => {
        const next = waiting.shift();
        if (next) next(line);
        else lines.push(line);
      });
      rl.on('close', () => {
        for (const w of waiting.splice(0)) w('');
      });
    }
    const r = rl as import('node:readline').Interface & { _writeToOutput?: (s: string) => void };
    process.stdout.write(prompt);
    if (tty) r._writeToOutput = () => undefined;
    const answer = lines.shift() ?? (await new Promise<string>((resolve) => waiting.push(resolve)));
    if (tty) process.stdout.write('\n');
    return answer;
  };
  return { ask, close: () => rl?.close() };
}

export function registerUserCommands(program: Command, ctx: CliContext) {
  const asker = makeAsker();
  const io: CliIo = { out: (l) => console.log(l), err: (l) => console.error(l), askHidden: asker.ask };
  const done = (code: number) => {
    process.exitCode = code;
    asker.close();
  };
  const user = program.command('user').description('Manage staff accounts (员工账号)');
  user
    .command('add <username>')
    .description('Create a staff account (asks for the password twice when --password is not given)')
    .requiredOption('--name <displayName>', 'name shown in the app')
    .option('--password <password>', 'password (the strength rule applies: 10+ characters, not common, not the username …)')
    .option('--admin', 'system administrator')
    .option('--institution <code>', 'the institution the account belongs to (its 教务 office manages it)')
    .action(async (username: string, opts: { name: string; password?: string; admin?: boolean; institution?: string }) => {
      ctx.config();
      done(await runUserAdd(ctx, io, username, opts));
    });
  user
    .command('passwd <username>')
    .description("Set a staff account's password (asks twice when --password is not given); ends the account's sessions")
    .option('--password <password>', 'the new password')
    .action(async (username: string, opts: { password?: string }) => {
      ctx.config();
      done(await runUserPasswd(ctx, io, username, opts));
    });
  user
    .command('disable <username>')
    .description('Disable a staff account (its sessions end); with --enable, enable it again')
    .option('--enable', 'enable instead')
    .action(async (username: string, opts: { enable?: boolean }) => {
      ctx.config();
      done(await runUserDisable(ctx, io, username, opts));
    });
  user
    .command('grant <username>')
    .description('Grant (or with --revoke take back) a role: organizer of an institution, sponsor of a programme, class teacher or lecturer of a class')
    .requiredOption('--role <role>', 'organizer | sponsor | class_teacher | lecturer')
    .option('--institution <code>', 'institution code (organizer)')
    .option('--programme <id>', 'programme id (sponsor)')
    .option('--class <id>', 'class id (class_teacher, lecturer)')
    .option('--revoke', 'take the role back')
    .action(async (username: string, opts: GrantOpts) => {
      ctx.config();
      done(await runUserGrant(ctx, io, username, opts));
    });
  user
    .command('unlock <username>')
    .description('Lift the sign-in lock after too many failed sign-ins (from every address)')
    .action(async (username: string) => {
      ctx.config();
      done(await runUserUnlock(ctx, io, username));
    });
}
