import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { makeServices, type Services } from '../../src/server/app';
import { type Database, openDatabase } from '../../src/server/db/connection';
import { makePersonalDataCipher } from '../../src/server/lib/personal-data';
import { dependencyOrder } from '../../src/server/modules/backup/copy';
import { emptyPostgresDatabase, freshDatabase, type TestDatabase } from '../support/db';
import { makeActor, makeClass, servicesFor, withDemo } from '../support/factories';
import { idNumber } from '../support/roster-io-files';

// `cohort db copy --to postgres://…` (#17): the demo, loaded into SQLite (with an ID number and
// issued certificates), copied by the command into a freshly created PostgreSQL database: every
// table has the same row count, encrypted values are byte for byte the same and decrypt, a
// certificate verifies there, the photos are copied to the new DATA_DIR, new rows get new ids;
// a second copy into the now full database is refused and changes nothing.

const { DATABASE_URL: _ignored, ...parentEnv } = process.env;
const cohort = (args: string[], env: NodeJS.ProcessEnv) =>
  spawnSync(process.execPath, ['bin/cohort.mjs', ...args], { env, encoding: 'utf8', timeout: 300_000 });

test('tables are copied after the tables they reference', () => {
  const refs: Record<string, string[]> = {
    attendance: ['sessions', 'enrolments'],
    enrolments: ['people', 'classes'],
    sessions: ['classes'],
    classes: [],
    people: ['people'],
  };
  const order = dependencyOrder(Object.keys(refs), (t) => refs[t]);
  for (const [t, rs] of Object.entries(refs)) for (const r of rs) if (r !== t) assert.ok(order.indexOf(r) < order.indexOf(t), `${r} before ${t}`);
  assert.throws(() => dependencyOrder(['a', 'b'], (t) => (t === 'a' ? ['b'] : ['a'])), /cycle/);
});

describe('db copy from SQLite to PostgreSQL', { skip: !process.env.TEST_DATABASE_URL && 'needs TEST_DATABASE_URL' }, () => {
  let t: TestDatabase;
  let s: Services;
  let target: { url: string; drop: () => Promise<void> };
  let copied: Database;
  let filesDir: string;
  const key = Buffer.alloc(32, 7);
  let env: NodeJS.ProcessEnv;
  let output = '';

  before(async () => {
    t = await freshDatabase('sqlite');
    s = servicesFor(t);
    const { classId } = await withDemo(s);
    // The demo's record made complete, so that loading it again issues its certificates.
    const sessions = (await sql<{ id: number }>`select id from sessions where class_id = ${classId}`.execute(t.database.db)).rows;
    const groups = (await sql<{ session_id: number; group_id: number }>`select session_id, group_id from session_groups`.execute(t.database.db)).rows;
    const roster = await s.roster.listRoster(classId);
    const records = roster.flatMap((r) =>
      sessions
        .filter((x) => !groups.some((g) => g.session_id === x.id) || groups.some((g) => g.session_id === x.id && g.group_id === r.groupId))
        .map((x) => ({ sessionId: x.id, enrolmentId: r.id, status: 'present' as const, checkedInAt: null })),
    );
    await s.database.transaction((trx) => s.attendance.importHistoricalRecord(trx, classId, records));
    await withDemo(s);
    // A trainee with an ID number (the demo has none), in a class of its own.
    const admin = await makeActor(s, 'admin');
    const other = await makeClass(s);
    await s.roster.enrol(admin, other.classId, { role: 'member', person: { name: '次仁卓嘎', idNumber: idNumber(7) } });
    target = await emptyPostgresDatabase('cohort_copy');
    filesDir = mkdtempSync(join(tmpdir(), 'cohort-copy-files-'));
    env = { ...parentEnv, DATA_DIR: t.config.dataDir, COHORT_SECRET_KEY: key.toString('base64'), LOG_LEVEL: 'silent' };
    const r = cohort(['db', 'copy', '--to', target.url, '--files-to', filesDir], env);
    output = r.stdout + r.stderr;
    assert.equal(r.status, 0, output);
    copied = openDatabase({ url: target.url, dataDir: filesDir });
  });
  after(async () => {
    await copied?.close();
    await target?.drop();
    await t?.drop();
    rmSync(filesDir, { recursive: true, force: true });
  });

  const tables = async (db: Database) =>
    db.dialect === 'sqlite'
      ? (
          await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%'`.execute(
            db.db,
          )
        ).rows.map((r) => r.name)
      : (
          await sql<{
            name: string;
          }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_name not like 'kysely_%'`.execute(db.db)
        ).rows.map((r) => r.name);
  const countOf = async (db: Database, table: string) =>
    Number((await sql<{ n: number }>`select count(*) as n from ${sql.id(table)}`.execute(db.db)).rows[0].n);

  test('every table has the same rows, and the command says what to set next', async () => {
    const names = (await tables(t.database)).sort();
    assert.deepEqual((await tables(copied)).sort(), names);
    let total = 0;
    for (const name of names) {
      const n = await countOf(t.database, name);
      assert.equal(await countOf(copied, name), n, name);
      total += n;
    }
    assert.ok((await countOf(copied, 'certificates')) > 0 && (await countOf(copied, 'photos')) > 0 && total > 1000);
    assert.match(output, new RegExp(`Copied ${total} rows in ${names.length} tables`));
    assert.match(output, /keys check: the ID number of person \d+ decrypts on the target/);
    assert.match(output, /DATABASE_URL=postgres:\/\/.*cohort_copy_/);
  });

  test('encrypted values are the same bytes and decrypt to the same ID number', async () => {
    const q = (db: Database) =>
      sql<{ id: number; id_number_enc: string; id_number_hash: string }>`
      select id, id_number_enc, id_number_hash from people where id_number_enc is not null order by id`.execute(db.db);
    const [from, to] = [(await q(t.database)).rows, (await q(copied)).rows];
    assert.equal(from.length, 1);
    assert.deepEqual(to, from);
    assert.equal(makePersonalDataCipher(key).decrypt(to[0].id_number_enc), idNumber(7));
    const keys = (db: Database) => sql<{ private_enc: string }>`select private_enc from signing_keys order by id`.execute(db.db);
    assert.deepEqual((await keys(copied)).rows, (await keys(t.database)).rows);
  });

  test('a certificate verifies on PostgreSQL, files came along, and new rows get new ids', async () => {
    const pgServices = makeServices(copied, { ...t.config, dataDir: filesDir });
    const cert = (
      await sql<{ token: string; credential_jwt: string; serial: string }>`select token, credential_jwt, serial from certificates order by id limit 1`.execute(
        copied.db,
      )
    ).rows[0];
    const checked = await pgServices.certificates.verifyCredential(cert.credential_jwt);
    assert.equal(checked.outcome, 'verified');
    assert.equal((await pgServices.certificates.verifyToken(cert.token))?.serial, cert.serial);
    // The photos' files, byte for byte, in the new DATA_DIR.
    const photo = (
      await sql<{ storage_key: string; variants_json: string }>`select storage_key, variants_json from photos order by id limit 1`.execute(copied.db)
    ).rows[0];
    const variant = Object.values(JSON.parse(photo.variants_json) as Record<string, string>)[0];
    const path = `${photo.storage_key}/${variant}`;
    assert.deepEqual(readFileSync(join(filesDir, 'files', path)), readFileSync(join(t.config.dataDir, 'files', path)));
    // Sequences go on after the copied ids.
    const maxId = Number((await sql<{ m: number }>`select max(id) as m from institutions`.execute(copied.db)).rows[0].m);
    const id = await pgServices.classes.createInstitution(null, { name: '复制后新机构', code: 'COPYNEW' });
    assert.ok(id > maxId);
  });

  test('a second copy into the same, now full, database is refused and changes nothing', async () => {
    const before = await countOf(copied, 'people');
    const r = cohort(['db', 'copy', '--to', target.url], env);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /is not empty \(\d+ tables\); copy into an empty database/);
    assert.equal(await countOf(copied, 'people'), before);
  });
});
