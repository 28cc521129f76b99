import { sql, type Kysely } from "kysely";

// Issue #12, a flood of reports: the inbox pages over every open report (no cap), a report can
// be set aside as not genuine (and restored), and a burst of urgent reports at a school is
// announced to each person once, not once per report.
export async function up(db: Kysely<unknown>): Promise<void> {
  // Who set a report aside as not genuine, and when; null while it counts. Its ladder waits meanwhile.
  await db.schema.alterTable("reports").addColumn("not_genuine_at", "text").execute();
  await db.schema
    .alterTable("reports")
    .addColumn("not_genuine_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .execute();
  // The inbox's counts and its page of ids come from this index alone (no table rows read):
  // one range per school, grouped by status, and the sort keys of every view.
  await sql`create index reports_inbox on reports (school_id, status, urgent, first_response_at, submitted_at, not_genuine_at)`.execute(db);

  // The timer counts each school's urgent reports of the last minutes every tick: a partial index
  // by arrival keeps that to the window, however many urgent reports the region ever had.
  await sql`create index reports_urgent_arrival on reports (submitted_at, school_id) where urgent = 1`.execute(db);

  // A burst: more urgent reports at one school within a few minutes than is plausible.
  await db.schema
    .createTable("bursts")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("school_id", "integer", (c) => c.notNull().references("schools.id").onDelete("cascade"))
    .addColumn("started_at", "text", (c) => c.notNull())
    /** The arrival of its latest report: the burst is over once nothing arrived for the window. */
    .addColumn("last_report_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("bursts_school").on("bursts").columns(["school_id", "last_report_at"]).execute();
  // The ladder of a report that arrived in a burst notifies through the burst's one grouped alert.
  await db.schema
    .alterTable("escalations")
    .addColumn("burst_id", "integer", (c) => c.references("bursts.id").onDelete("set null"))
    .execute();
  await db.schema
    .alterTable("notifications")
    .addColumn("burst_id", "integer", (c) => c.references("bursts.id").onDelete("cascade"))
    .execute();
  // One grouped alert per burst, rung and person.
  await sql`create unique index notifications_burst_once on notifications (burst_id, user_id, rung) where burst_id is not null`.execute(db);
}
