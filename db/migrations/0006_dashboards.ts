import { sql, type Kysely } from "kysely";

// Officials' dashboards read months of a region's records at once: covering indexes whose
// leading columns are the school and the time, so a period costs what lies in it, not what
// the region holds. And the anonymous class survey: a survey per class or grade, and answers
// that carry no identity at all (no time finer than the day, no session, no address).
export async function up(db: Kysely<unknown>): Promise<void> {
  // The local month and the minutes to the first answer are computed once, when a report is
  // written or answered, into the index; the dashboard's queries use the same expressions
  // (REPORT_MONTH_SQL and RESPONSE_MINUTES_SQL in dashboard.server.ts) and read only the index.
  // (first_response_at is there too: SQLite reads an indexed expression only when its columns are in the index.)
  await sql`create index reports_dashboard on reports (school_id, submitted_at, grade, urgent, status, first_response_at,
    strftime('%Y-%m', submitted_at, '+5 hours'),
    min(cast(round((julianday(first_response_at) - julianday(submitted_at)) * 1440) as integer), 10081))`.execute(db);
  // A report's categories with its school, time and grade beside them, kept by triggers, so
  // the category mix is one index range like the months, not a join per report.
  await db.schema
    .createTable("report_category_facts")
    .addColumn("report_id", "integer", (c) => c.notNull())
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("school_id", "integer", (c) => c.notNull())
    .addColumn("submitted_at", "text", (c) => c.notNull())
    .addColumn("grade", "integer")
    .addPrimaryKeyConstraint("report_category_facts_pk", ["report_id", "category"])
    .execute();
  await db.schema
    .createIndex("report_category_facts_dashboard")
    .on("report_category_facts")
    .columns(["school_id", "submitted_at", "grade", "category"])
    .execute();
  await sql`insert into report_category_facts (report_id, category, school_id, submitted_at, grade)
    select c.report_id, c.category, r.school_id, r.submitted_at, r.grade from report_categories c join reports r on r.id = c.report_id`.execute(
    db,
  );
  for (const trigger of [
    `create trigger report_categories_insert_facts after insert on report_categories begin
       insert into report_category_facts (report_id, category, school_id, submitted_at, grade)
       select new.report_id, new.category, school_id, submitted_at, grade from reports where id = new.report_id; end`,
    `create trigger report_categories_delete_facts after delete on report_categories begin
       delete from report_category_facts where report_id = old.report_id and category = old.category; end`,
    `create trigger reports_update_facts after update of school_id, submitted_at, grade on reports begin
       update report_category_facts set school_id = new.school_id, submitted_at = new.submitted_at, grade = new.grade where report_id = new.id; end`,
    `create trigger reports_delete_facts after delete on reports begin
       delete from report_category_facts where report_id = old.id; end`,
  ]) {
    await sql.raw(trigger).execute(db);
  }

  // Schools with a report nobody answered: one seek per school, however many years the region holds.
  await sql`create index reports_unanswered on reports (school_id, submitted_at) where first_response_at is null and status <> 'closed'`.execute(
    db,
  );
  await db.schema.createIndex("cases_dashboard").on("cases").columns(["school_id", "opened_at", "status", "outcome"]).execute();
  await sql`create index case_tasks_dashboard on case_tasks (case_id, step_id, due_on, done_at, date(done_at, '+5 hours'))`.execute(db);
  await db.schema
    .createIndex("referrals_dashboard")
    .on("referrals")
    .columns(["case_id", "sent_at", "service_id", "status", "respond_by", "answered_at"])
    .execute();
  await db.schema.createIndex("classes_school").on("classes").columns(["school_id", "grade", "language", "pupil_count"]).execute();

  // Lesson coverage is computed from the plan, not stored (README, design note 11), and costs
  // seconds for a whole region; dashboards keep it per school and day, and these versions,
  // raised by the database itself on every change that can move a school's coverage, say
  // which schools must be computed again.
  await db.schema
    .createTable("lesson_coverage_versions")
    .addColumn("school_id", "integer", (c) => c.primaryKey())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  // Not "insert or ignore": an outer statement's conflict clause (an upsert of a class) would override it.
  const bump = (school: string) => `insert into lesson_coverage_versions (school_id, version)
        select ${school}, 0 where not exists (select 1 from lesson_coverage_versions where school_id = ${school});
      update lesson_coverage_versions set version = version + 1 where school_id = ${school};`;
  const viaClass = (row: "new" | "old") => `(select school_id from classes where id = ${row}.class_id)`;
  for (const [name, event, body] of [
    ["lesson_entries_insert_coverage", "insert on lesson_entries", bump(viaClass("new"))],
    ["lesson_entries_update_coverage", "update on lesson_entries", bump(viaClass("new")) + bump(viaClass("old"))],
    ["lesson_entries_delete_coverage", "delete on lesson_entries", bump(viaClass("old"))],
    ["classes_insert_coverage", "insert on classes", bump("new.school_id")],
    ["classes_update_coverage", "update on classes", bump("new.school_id") + bump("old.school_id")],
    ["classes_delete_coverage", "delete on classes", bump("old.school_id")],
    ["school_programmes_insert_coverage", "insert on school_programmes", bump("new.school_id")],
    ["school_programmes_delete_coverage", "delete on school_programmes", bump("old.school_id")],
    ["school_programmes_update_coverage", "update on school_programmes", bump("new.school_id") + bump("old.school_id")],
  ] as const) {
    await sql.raw(`create trigger ${name} after ${event} begin ${body} end`).execute(db);
  }

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
  await db.schema
    .createIndex("survey_answers_survey")
    .on("survey_answers")
    .columns(["survey_id", "been_bullied", "bullied_others"])
    .execute();
}
