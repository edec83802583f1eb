import { type BuiltApp, buildApp, makeServices, type Services } from '../../src/server/app';
import { loadDemo } from '../../src/server/demo/load-demo';
import { DEMO_PASSWORD } from '../../src/server/demo/seed-facts';
import type { Actor } from '../../src/server/lib/permissions';
import type { TestDatabase } from './db';

export const servicesFor = (t: TestDatabase): Services => makeServices(t.database, t.config);

/** An app on the test database, without the web files. */
export const appFor = (t: TestDatabase): Promise<BuiltApp> => buildApp(t.config, { database: t.database, migrate: false, webDir: null });

/** Loads the seed class; returns its id and the demo password. */
export async function withDemo(services: Services) {
  const result = await loadDemo(services);
  return { classId: result.classId, password: DEMO_PASSWORD };
}

let counter = 0;
/** A new institution, programme and class in `planning`, with defaults a test can override. */
export async function makeClass(services: Services, overrides: { title?: string; startsOn?: string; endsOn?: string } = {}) {
  counter += 1;
  const institutionId = await services.classes.createInstitution(null, { name: `测试学院${counter}`, code: `T${process.pid % 1000}X${counter}` });
  const programmeId = await services.classes.createProgramme(null, { institutionId, name: `测试项目${counter}` });
  const classId = await services.classes.createClass(null, programmeId, {
    title: overrides.title ?? `测试培训班${counter}`,
    startsOn: overrides.startsOn ?? '2026-03-02',
    endsOn: overrides.endsOn ?? '2026-03-13',
    timeZone: 'Asia/Shanghai',
    leaveLimitRatio: 1 / 7,
    minAttendanceRatio: 6 / 7,
    lateGraceMinutes: 10,
  });
  return { institutionId, programmeId, classId };
}

/** A user with a grant, and the Actor the services see for them. */
export async function makeActor(
  services: Services,
  grant: { role: 'organizer' | 'class_teacher' | 'lecturer' | 'sponsor'; scopeType: 'institution' | 'programme' | 'class'; scopeId: number } | 'admin',
): Promise<Actor & { password: string }> {
  counter += 1;
  const username = `user${counter}_${Math.random().toString(36).slice(2, 6)}`;
  const password = 'correct-horse-battery';
  const userId = await services.auth.createUser(null, { username, displayName: `用户${counter}`, password, isAdmin: grant === 'admin' });
  if (grant !== 'admin') await services.auth.grant(null, userId, grant);
  const { token } = await services.auth.login({ username, password, ip: '127.0.0.1' });
  const actor = await services.auth.actorFromToken(token);
  return { ...actor!, password, username };
}

/** Signs in through HTTP; returns headers that carry the session cookie and CSRF token. */
export async function loginHeaders(app: BuiltApp['app'], username: string, password: string): Promise<Record<string, string>> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  return { cookie, 'x-csrf-token': res.json().csrfToken };
}

/** Another class of the same programme (and institution), for people who come back. */
export async function makeSiblingClass(services: Services, classId: number, title: string) {
  const cls = await services.classes.requireClass(services.database.db, classId);
  return services.classes.createClass(null, cls.programme_id, {
    title,
    startsOn: '2026-05-01',
    endsOn: '2026-05-10',
    timeZone: 'Asia/Shanghai',
    leaveLimitRatio: 0.2,
    minAttendanceRatio: 0.8,
    lateGraceMinutes: 10,
  });
}
