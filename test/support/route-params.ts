import { sql } from 'kysely';
import type { Database } from '../../src/server/db/connection';

/** Fills a route's :params with ids of real rows of one class, so scope checks reach the permission test. */
export async function paramsForClass(database: Database, classId: number): Promise<Record<string, string>> {
  const one = async (q: string) => {
    const rows = (await sql.raw<{ id: number }>(q).execute(database.db)).rows;
    return String(rows[0]?.id ?? 999999);
  };
  return {
    classId: String(classId),
    programmeId: await one(`select programme_id as id from classes where id = ${classId}`),
    institutionId: await one(`select p.institution_id as id from classes c join programmes p on p.id = c.programme_id where c.id = ${classId}`),
    sessionId: await one(`select id from sessions where class_id = ${classId} order by id`),
    groupId: await one(`select id from groups where class_id = ${classId} order by id`),
    enrolmentId: await one(`select id from enrolments where class_id = ${classId} order by id`),
    staffId: await one(`select id from class_staff where class_id = ${classId} order by id`),
    siteId: await one(
      `select s.id from sites s join programmes p on p.institution_id = s.institution_id join classes c on c.programme_id = p.id where c.id = ${classId} order by s.id`,
    ),
    lecturerId: await one(
      `select l.id from lecturers l join programmes p on p.institution_id = l.institution_id join classes c on c.programme_id = p.id where c.id = ${classId} order by l.id`,
    ),
    photoId: await one(`select id from photos where class_id = ${classId} order by id`),
    bulletinId: await one(`select id from bulletins where class_id = ${classId} order by id`),
    // certificates (#10): a real certificate of the class, so keep/revoke/reissue reach their checks
    certificateId: await one(`select id from certificates where class_id = ${classId} order by id`),
    // A staff account of the class's institution (its class teacher), so that the 教务 office's
    // account routes reach the permission check; the admin-only routes take it as well (#9).
    userId: await one(`select s.user_id as id from class_staff s where s.class_id = ${classId} and s.role = 'class_teacher' order by s.id`),
    grantId: '999999',
  };
}

export const fillUrl = (url: string, params: Record<string, string>) => url.replace(/:(\w+)/g, (_, name: string) => params[name] ?? 'no-such-token');
