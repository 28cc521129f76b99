import { sql, type Kysely } from "kysely";

// Casework: cases opened from reports or staff concerns, the people in them (a role each),
// the programme's steps as tasks, the written chronology, evidence files, transfers between
// schools, the region's service directory and referrals to it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("cases")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("school_id", "integer", (c) => c.notNull().references("schools.id"))
    .addColumn("model", "text", (c) => c.notNull().check(sql`model in ('kiva', 'dosbol')`))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('screening', 'open', 'monitoring', 'closed')`))
    .addColumn("origin", "text", (c) => c.notNull().check(sql`origin in ('report', 'concern')`))
    .addColumn("concern_source", "text")
    .addColumn("summary", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("round", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("screening_result", "text", (c) => c.check(sql`screening_result in ('bullying', 'conflict', 'fight')`))
    .addColumn("screened_at", "text")
    .addColumn("outcome", "text")
    .addColumn("closure_note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("monitoring_until", "text")
    .addColumn("checkin_on", "text")
    .addColumn("checkin_answer", "text", (c) => c.check(sql`checkin_answer in ('stopped', 'started_again')`))
    .addColumn("opened_by", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("opened_at", "text", (c) => c.notNull())
    .addColumn("closed_at", "text")
    .execute();
  await db.schema.createIndex("cases_school_status").on("cases").columns(["school_id", "status"]).execute();

  await db.schema
    .createTable("case_reports")
    .addColumn("case_id", "integer", (c) => c.notNull().references("cases.id"))
    // A report belongs to at most one case: two cases would split one child's story.
    .addColumn("report_id", "integer", (c) => c.notNull().unique().references("reports.id"))
    .addPrimaryKeyConstraint("case_reports_pk", ["case_id", "report_id"])
    .execute();

  await db.schema
    .createTable("case_people")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("case_id", "integer", (c) => c.notNull().references("cases.id"))
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("class_label", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("notes", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("added_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("case_people_case").on("case_people").column("case_id").execute();

  // The chronology: every step, discussion, note and decision, written once and never edited.
  await db.schema
    .createTable("case_events")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("case_id", "integer", (c) => c.notNull().references("cases.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("step_id", "text")
    .addColumn("person_id", "integer", (c) => c.references("case_people.id"))
    .addColumn("held_on", "text")
    .addColumn("participants", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("content", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("result", "text")
    .addColumn("user_id", "integer", (c) => c.references("users.id"))
    .addColumn("at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("case_events_case").on("case_events").columns(["case_id", "id"]).execute();

  await db.schema
    .createTable("case_tasks")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("case_id", "integer", (c) => c.notNull().references("cases.id"))
    .addColumn("step_id", "text", (c) => c.notNull())
    .addColumn("person_id", "integer", (c) => c.references("case_people.id"))
    .addColumn("round", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("owner_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("due_on", "text", (c) => c.notNull())
    .addColumn("done_at", "text")
    .addColumn("event_id", "integer", (c) => c.references("case_events.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  // "My tasks" and the overdue list read open tasks by owner and date.
  await db.schema.createIndex("case_tasks_owner_open").on("case_tasks").columns(["owner_id", "done_at", "due_on"]).execute();
  await db.schema.createIndex("case_tasks_case").on("case_tasks").column("case_id").execute();

  await db.schema
    .createTable("case_evidence")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("case_id", "integer", (c) => c.notNull().references("cases.id"))
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("media_type", "text", (c) => c.notNull())
    .addColumn("size_bytes", "integer", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("storage_name", "text", (c) => c.notNull().unique())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("case_evidence_case").on("case_evidence").column("case_id").execute();

  await db.schema
    .createTable("case_transfers")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("case_id", "integer", (c) => c.notNull().references("cases.id"))
    .addColumn("from_school_id", "integer", (c) => c.notNull().references("schools.id"))
    .addColumn("to_school_id", "integer", (c) => c.notNull().references("schools.id"))
    .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("state", "text", (c) => c.notNull().check(sql`state in ('pending', 'accepted', 'declined')`))
    .addColumn("requested_by", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("requested_at", "text", (c) => c.notNull())
    .addColumn("answered_by", "integer", (c) => c.references("users.id"))
    .addColumn("answered_at", "text")
    .execute();
  await db.schema.createIndex("case_transfers_to").on("case_transfers").columns(["to_school_id", "state"]).execute();
  await db.schema.createIndex("case_transfers_from").on("case_transfers").columns(["from_school_id", "state"]).execute();

  await db.schema
    .createTable("services")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("name_kk", "text", (c) => c.notNull())
    .addColumn("name_ru", "text", (c) => c.notNull())
    .addColumn("name_en", "text", (c) => c.notNull())
    .addColumn("phone", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("email", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("address", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("response_days", "integer", (c) => c.notNull().check(sql`response_days between 1 and 60`))
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .execute();

  // Service staff belong to one service; everyone else has none.
  await db.schema
    .alterTable("users")
    .addColumn("service_id", "integer", (c) => c.references("services.id"))
    .execute();

  await db.schema
    .createTable("referrals")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("case_id", "integer", (c) => c.notNull().references("cases.id"))
    .addColumn("service_id", "integer", (c) => c.notNull().references("services.id"))
    .addColumn("consent_basis", "text", (c) => c.notNull().check(sql`consent_basis in ('consent', 'immediate_danger')`))
    .addColumn("guardian_consent", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("child_voice", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("danger_reason", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("summary", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('sent', 'accepted', 'declined', 'completed')`))
    .addColumn("sent_by", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("sent_at", "text", (c) => c.notNull())
    .addColumn("respond_by", "text", (c) => c.notNull())
    .addColumn("answered_by", "integer", (c) => c.references("users.id"))
    .addColumn("answered_at", "text")
    .addColumn("decline_reason", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("action_taken", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("outcome", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("completed_at", "text")
    .execute();
  await db.schema.createIndex("referrals_service_status").on("referrals").columns(["service_id", "status"]).execute();
  await db.schema.createIndex("referrals_case").on("referrals").column("case_id").execute();
}
