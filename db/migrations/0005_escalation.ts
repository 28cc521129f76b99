import { sql, type Kysely } from "kysely";

// Life-safety reports always reach a person: who stands in for the psychologist and who is the
// director per school, the district's duty roster, each urgent report's place on the
// escalation ladder (so a restart resumes it), what was notified, the mail outbox, and the log.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("school_designations")
    .addColumn("school_id", "integer", (c) => c.notNull().references("schools.id"))
    .addColumn("designation", "text", (c) => c.notNull().check(sql`designation in ('deputy', 'director')`))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("school_designations_pk", ["school_id", "designation"])
    .execute();

  await db.schema
    .createTable("duty_shifts")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("district_id", "integer", (c) => c.notNull().references("districts.id"))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("starts_at", "text", (c) => c.notNull())
    .addColumn("ends_at", "text", (c) => c.notNull())
    .addColumn("created_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .execute();
  await db.schema.createIndex("duty_shifts_district").on("duty_shifts").columns(["district_id", "ends_at"]).execute();

  // One row per urgent report once the ladder has seen it. next_rung/next_at: what fires when;
  // both null once the top rung has fired or the report is acknowledged.
  await db.schema
    .createTable("escalations")
    .addColumn("report_id", "integer", (c) => c.primaryKey().references("reports.id").onDelete("cascade"))
    .addColumn("school_id", "integer", (c) => c.notNull().references("schools.id"))
    .addColumn("started_at", "text", (c) => c.notNull())
    .addColumn("out_of_hours", "integer", (c) => c.notNull())
    .addColumn("next_rung", "text")
    .addColumn("next_at", "text")
    .addColumn("top_reached_at", "text")
    .addColumn("acknowledged_at", "text")
    .addColumn("acknowledged_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("handoff_at", "text")
    .addColumn("handoff_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("handoff_channel", "text")
    .addColumn("handoff_reference", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  await db.schema.createIndex("escalations_due").on("escalations").column("next_at").execute();

  // The unique key is the promise "nothing is notified twice", whatever a restart replays.
  await db.schema
    .createTable("notifications")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("report_id", "integer", (c) => c.notNull().references("reports.id").onDelete("cascade"))
    .addColumn("rung", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("notifications_once", ["report_id", "rung", "user_id"])
    .execute();
  await db.schema.createIndex("notifications_user").on("notifications").columns(["user_id", "id"]).execute();

  // A mail per notification at most (unique), kept until the SMTP server took it.
  await db.schema
    .createTable("mail_outbox")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("notification_id", "integer", (c) => c.notNull().unique().references("notifications.id").onDelete("cascade"))
    .addColumn("to_address", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "text", (c) => c.notNull())
    .addColumn("last_error", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("sent_at", "text")
    .execute();
  await db.schema.createIndex("mail_outbox_due").on("mail_outbox").columns(["sent_at", "next_attempt_at"]).execute();

  await db.schema
    .createTable("escalation_events")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("report_id", "integer", (c) => c.notNull().references("reports.id").onDelete("cascade"))
    // started, rung, nobody, acknowledged, handoff
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("rung", "text")
    .addColumn("user_id", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("escalation_events_report").on("escalation_events").columns(["report_id", "id"]).execute();

  // The timer looks for urgent reports with no ladder every few seconds: a partial index keeps
  // that off the whole reports table (and costs ordinary reports nothing).
  await sql`create index reports_urgent on reports (id) where urgent = 1`.execute(db);

  // Urgent reports older than the ladder are not re-announced to everyone on the day it ships.
  await sql`insert into escalations (report_id, school_id, started_at, out_of_hours)
    select id, school_id, submitted_at, 0 from reports where urgent = 1`.execute(db);
}
