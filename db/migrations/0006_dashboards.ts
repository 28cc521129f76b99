import { sql, type Kysely } from "kysely";

// Officials' dashboards read months of a region's records at once: covering indexes whose
// leading columns are the school and the time, so a period costs what lies in it, not what
// the region holds. And the anonymous class survey: a survey per class or grade, and answers
// that carry no identity at all (no time finer than the day, no session, no address).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex("reports_dashboard")
    .on("reports")
    .columns(["school_id", "submitted_at", "grade", "urgent", "first_response_at", "status"])
    .execute();
  await db.schema.createIndex("cases_dashboard").on("cases").columns(["school_id", "opened_at", "status", "outcome"]).execute();
  await db.schema.createIndex("case_tasks_dashboard").on("case_tasks").columns(["case_id", "step_id", "due_on", "done_at"]).execute();
  await db.schema.createIndex("referrals_dashboard").on("referrals").columns(["case_id", "sent_at", "service_id", "status", "respond_by", "answered_at"]).execute();
  await db.schema.createIndex("classes_school").on("classes").columns(["school_id", "grade", "language", "pupil_count"]).execute();

  await db.schema
    .createTable("surveys")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("school_id", "integer", (c) => c.notNull().references("schools.id"))
    // A class, or a whole grade of the school (class_id null).
    .addColumn("class_id", "integer", (c) => c.references("classes.id"))
    .addColumn("grade", "integer", (c) => c.notNull().check(sql`grade between 1 and 11`))
    .addColumn("year_id", "text", (c) => c.notNull())
    /** The short code students type; unique while the region exists. */
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("opened_by", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("opened_at", "text", (c) => c.notNull())
    .addColumn("closed_at", "text")
    .execute();
  await db.schema.createIndex("surveys_school_year").on("surveys").columns(["school_id", "year_id"]).execute();
  await db.schema
    .createTable("survey_answers")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("survey_id", "integer", (c) => c.notNull().references("surveys.id"))
    // Olweus global items on the five-step scale, 0 (not at all) … 4 (several times a week).
    .addColumn("been_bullied", "integer", (c) => c.notNull().check(sql`been_bullied between 0 and 4`))
    .addColumn("bullied_others", "integer", (c) => c.notNull().check(sql`bullied_others between 0 and 4`))
    /** Forms of bullying experienced, option ids joined by commas (none: empty). */
    .addColumn("forms", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("trusted_adult", "text", (c) => c.notNull().check(sql`trusted_adult in ('yes','no','unsure')`))
    /** Only the day: a finer time could match an answer to the child who sat at the phone. */
    .addColumn("answered_on", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("survey_answers_survey").on("survey_answers").columns(["survey_id", "been_bullied", "bullied_others"]).execute();
}
