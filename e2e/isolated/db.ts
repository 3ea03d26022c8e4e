import Database from "better-sqlite3";
import path from "node:path";

/** Read-only view of the e2e server's database, as an oracle the app's own code doesn't compute. */
export function openE2eDatabase() {
  return new Database(path.resolve("data/e2e/caseline.db"), {
    readonly: true,
    fileMustExist: true,
  });
}

export type EngineerLoad = { userId: string; stored: number; counted: number };

/** Every approved engineer's stored working count next to a fresh COUNT(*). */
export function engineerLoads(): EngineerLoad[] {
  const db = openE2eDatabase();
  try {
    return db
      .prepare(
        `select u.user_id as userId, u.working_count as stored,
           (select count(*) from tickets t where t.assignee_id = u.id and t.status in ('OPEN','IN_PROGRESS')) as counted
         from users u where u.user_type = 'ENGINEER' and u.user_status = 'APPROVED' and u.deleted_at is null
         order by u.id`,
      )
      .all() as EngineerLoad[];
  } finally {
    db.close();
  }
}

/** Every user (any status) whose stored count differs from a fresh count. */
export function countMismatches() {
  const db = openE2eDatabase();
  try {
    return db
      .prepare(
        `select u.user_id as userId, u.working_count as stored, count(t.number) as counted
         from users u left join tickets t on t.assignee_id = u.id and t.status in ('OPEN','IN_PROGRESS')
         group by u.id having stored != counted`,
      )
      .all();
  } finally {
    db.close();
  }
}
