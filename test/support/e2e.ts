// Browser tests: the real server (buildApp) on a random port, a fresh SQLite data dir with the
// demo loaded, the built web app from dist/web, and Debian's Chromium driven by playwright-core.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { buildApp, makeServices, type Services } from '../../src/server/app';
import { loadDemo } from '../../src/server/demo/load-demo';
import { DEMO_PASSWORD, USERS } from '../../src/server/demo/seed-facts';
import { freshDatabase } from './db';

const ROOT = join(import.meta.dirname, '..', '..');
export const WEB_DIR = join(ROOT, 'dist', 'web');
export const RESULTS_DIR = join(ROOT, 'test-results');

export const LAPTOP = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };

/** `npm test` builds the web app first; a single test file run builds it when it is missing. */
export function ensureWebBuilt() {
  if (existsSync(join(WEB_DIR, 'index.html'))) return;
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('vite build failed');
}

/** True when a built web app in `dir` has every file its manifest names. */
function isCompleteBuild(dir: string): boolean {
  const manifestPath = join(dir, '.vite', 'manifest.json');
  if (!existsSync(join(dir, 'index.html')) || !existsSync(manifestPath)) return false;
  try {
    const manifest: Record<string, { file: string; css?: string[]; assets?: string[] }> = JSON.parse(readFileSync(manifestPath, 'utf8'));
    return Object.values(manifest).every((c) => [c.file, ...(c.css ?? []), ...(c.assets ?? [])].every((f) => existsSync(join(dir, f))));
  } catch {
    return false;
  }
}

/**
 * A private copy of the built web app for one test file. Engineers share the working tree, and
 * `vite build` empties dist/web first: a copy keeps files from vanishing under a running test.
 * If dist/web is mid-build when copied, the test builds its own copy instead.
 */
export function snapshotWeb(): string {
  ensureWebBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'cohort-web-'));
  try {
    cpSync(WEB_DIR, dir, { recursive: true });
  } catch {
    // Files went away while copying: rebuilt below.
  }
  if (isCompleteBuild(dir)) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', dir, '--emptyOutDir'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0 || !isCompleteBuild(dir)) throw new Error('vite build failed');
  return dir;
}

/** A valid (test) resident ID number, on 王建华 in the enrolling class. */
export const ENROLLING_ID_NUMBER = '540102198001010017';

export const SECOND_CLASS_TITLE = '2026年“科技兴藏人才培养工程”西藏科技管理干部培训班';

/**
 * A class whose roster can still change (the demo class is completed, so its roster is frozen):
 * in the demo programme, `enrolling`, two groups, five trainees, and the demo class teacher as
 * its class teacher.
 */
async function addEnrollingClass(services: Services, demoClassId: number) {
  const demo = await services.classes.getClass(null, demoClassId);
  return services.database.transaction(async (trx) => {
    const classId = await services.classes.createClass(
      null,
      demo.programmeId,
      {
        title: SECOND_CLASS_TITLE,
        shortTitle: '2026西藏科技管理干部班',
        startsOn: '2026-10-12',
        endsOn: '2026-10-23',
        timeZone: 'Asia/Shanghai',
        place: '上海',
        leaveLimitRatio: 1 / 7,
        minAttendanceRatio: 6 / 7,
        lateGraceMinutes: 10,
      },
      trx,
    );
    const teacher = await services.auth.findUserByUsername(USERS.classTeacher.username, trx);
    if (!teacher) throw new Error('demo class teacher missing');
    await services.classes.addStaff(null, classId, { userId: teacher.id, role: 'class_teacher' }, trx);
    await services.classes.transition(null, classId, 'enrolling', trx);
    const first = await services.roster.createGroupIn(trx, null, classId, { name: '第一组', sortOrder: 1 });
    const second = await services.roster.createGroupIn(trx, null, classId, { name: '第二组', sortOrder: 2 });
    const people = [
      { name: '次仁央宗', nameBo: 'ཚེ་རིང་དབྱངས་འཛོམས', gender: 'female' as const, ethnicity: '藏族', workUnit: '拉萨市科学技术局', position: '科长' },
      {
        name: '王建华',
        nameBo: null,
        gender: 'male' as const,
        ethnicity: '汉族',
        workUnit: '西藏自治区科学技术厅',
        position: '副处长',
        phone: '13908901234',
        idNumber: ENROLLING_ID_NUMBER,
      },
      { name: '旺堆', nameBo: 'དབང་འདུས', gender: 'male' as const, ethnicity: '藏族', workUnit: '日喀则市科学技术局', position: '副局长' },
      { name: '卓嘎', nameBo: 'སྒྲོལ་དཀར', gender: 'female' as const, ethnicity: '藏族', workUnit: '山南市科学技术局', position: '科员' },
      { name: '李明', nameBo: null, gender: 'male' as const, ethnicity: '汉族', workUnit: '林芝市科学技术局', position: '科员' },
    ];
    for (const [n, person] of people.entries()) {
      await services.roster.enrolIn(trx, null, classId, { person, groupId: n < 3 ? first : second, role: n === 0 || n === 3 ? 'group_leader' : 'member' });
    }
    return classId;
  });
}

/** Waits until drawers, messages and spinners have finished moving, so a screenshot shows the page at rest. */
/**
 * The error texts Ant Design shows under a form field, once they have settled: a field's old
 * message fades out (a CSS motion) while the new one appears, so the list is read until it has
 * stayed the same for half a second.
 */
export async function fieldError(page: Page, id: string): Promise<string> {
  const error = page
    .locator('.ant-form-item')
    .filter({ has: page.locator(`#${id}`) })
    .locator('.ant-form-item-explain-error');
  await error.first().waitFor();
  let last = '';
  let same = 0;
  for (let i = 0; i < 100 && same < 5; i++) {
    const now = (await error.allTextContents()).join(' ');
    same = now === last ? same + 1 : 0;
    last = now;
    await page.waitForTimeout(100);
  }
  return last;
}

export async function settle(page: Page) {
  await page.waitForFunction(() =>
    document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Number.POSITIVE_INFINITY),
  );
  await page.waitForLoadState('networkidle');
}

export type E2E = {
  url: string;
  /** The test database's configuration (DATA_DIR, secret key), e.g. to run the CLI against it. */
  config: import('../../src/server/config').Config;
  browser: Browser;
  services: Services;
  demoClassId: number;
  enrollingClassId: number;
  newPage: (viewport?: { width: number; height: number }) => Promise<Page>;
  login: (page: Page, username?: string, password?: string) => Promise<void>;
  screenshot: (page: Page, name: string) => Promise<string>;
  close: () => Promise<void>;
  /** Uncaught errors in any page so far. */
  pageErrors: string[];
};

/** `demo: false` starts an empty install (no demo data; demoClassId and enrollingClassId are 0): the test sets up what it needs. */
/**
 * The first administrator of an empty install, made with the command the README gives the
 * operator (`cohort user add admin --admin`), against the test's data directory and key.
 */
export function addFirstAdmin(e: E2E, password: string) {
  const { DATABASE_URL: _unused, ...env } = process.env;
  const cli = spawnSync(process.execPath, ['bin/cohort.mjs', 'user', 'add', 'admin', '--name', '系统管理员', '--admin', '--password', password], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...env, DATA_DIR: e.config.dataDir, COHORT_SECRET_KEY: e.config.secretKey.toString('base64'), LOG_LEVEL: 'silent' },
  });
  if (cli.status !== 0) throw new Error(`cohort user add failed: ${cli.stderr}`);
}

/** `now`: the clock of the follow-up's scheduler (#19), in the test's services and the server's alike. */
export async function startE2E(options: { demo?: boolean; now?: () => number } = {}): Promise<E2E> {
  const webDir = snapshotWeb();
  mkdirSync(RESULTS_DIR, { recursive: true });
  const t = await freshDatabase('sqlite');
  const services = makeServices(t.database, t.config, { now: options.now });
  const withDemo = options.demo !== false;
  const demoClassId = withDemo ? (await loadDemo(services)).classId : 0;
  const enrollingClassId = withDemo ? await addEnrollingClass(services, demoClassId) : 0;
  const { app } = await buildApp(t.config, { database: t.database, migrate: false, webDir, now: options.now });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  const url = `http://127.0.0.1:${address.port}`;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const pageErrors: string[] = [];
  return {
    url,
    config: t.config,
    browser,
    pageErrors,
    services,
    demoClassId,
    enrollingClassId,
    newPage: async (viewport = LAPTOP) => {
      const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Europe/Berlin', deviceScaleFactor: 1 });
      const page = await context.newPage();
      // A page error is a bug whatever the test checks; tests assert that none happened.
      page.on('pageerror', (err) => pageErrors.push(err.message));
      return page;
    },
    login: async (page, username = USERS.classTeacher.username, password = DEMO_PASSWORD) => {
      await page.goto(`${url}/login`);
      await page.getByLabel('用户名').fill(username);
      await page.getByLabel('密码').fill(password);
      await page.getByRole('button', { name: /登\s*录/ }).click();
      await page.waitForURL(`${url}/`);
    },
    screenshot: async (page, name) => {
      const path = join(RESULTS_DIR, `${name}.png`);
      await settle(page);
      await page.screenshot({ path, fullPage: false });
      return path;
    },
    close: async () => {
      await browser.close();
      await app.close();
      await t.drop();
      rmSync(webDir, { recursive: true, force: true });
    },
  };
}
