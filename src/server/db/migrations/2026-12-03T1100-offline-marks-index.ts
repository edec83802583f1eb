import { type Kysely, sql } from 'kysely';

// The attendance matrix marks the cells that came from an offline check-in (#15). They are few
// among a class's 30,000 records, and the matrix must stay within its 50 ms: a partial index on
// the offline rows alone finds them without reading the others (SQLite and PostgreSQL both take
// `where` on an index; the query names the same literal so both planners can use it).
export async function up(db: Kysely<any>) {
  await db.schema
    .createIndex('attendance_offline')
    .on('attendance')
    .columns(['session_id', 'enrolment_id'])
    .where(sql.ref('method'), '=', sql.lit('offline'))
    .execute();
}

export async function down(db: Kysely<any>) {
  await db.schema.dropIndex('attendance_offline').execute();
}
