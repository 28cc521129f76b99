import { sql, type Kysely } from "kysely";

// Programme lessons: each class's homeroom teacher, the school's plan per year, the lesson
// log, the school's anti-bullying team and the school-wide checklist.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("classes")
    .addColumn("teacher_id", "integer", (c) => c.references("users.id"))
    .execute();

  await db.schema
    .createTable("school_programmes")
    .addColumn("school_id", "integer", (c) => c.notNull().references("schools.id"))
    .addColumn("year_id", "text", (c) => c.notNull())
    .addColumn("programme_id", "text", (c) => c.notNull())
    .addColumn("grade_from", "integer", (c) => c.notNull())
    .addColumn("grade_to", "integer", (c) => c.notNull().check(sql`grade_to >= grade_from`))
    .addPrimaryKeyConstraint("school_programmes_pk", ["school_id", "year_id", "programme_id"])
    .execute();

  await db.schema
    .createTable("lesson_entries")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("class_id", "integer", (c) => c.notNull().references("classes.id"))
    .addColumn("lesson_id", "text", (c) => c.notNull())
    .addColumn("taught_on", "text", (c) => c.notNull())
    .addColumn("minutes", "integer", (c) => c.notNull().check(sql`minutes between 1 and 600`))
    .addColumn("pupils_present", "integer", (c) => c.check(sql`pupils_present >= 0`))
    .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("teacher_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  // A class's log by date; a teacher's own entries; dashboards by date.
  await db.schema.createIndex("lesson_entries_class").on("lesson_entries").columns(["class_id", "taught_on"]).execute();
  await db.schema.createIndex("lesson_entries_teacher").on("lesson_entries").columns(["teacher_id", "taught_on"]).execute();

  await db.schema
    .createTable("school_team_members")
    .addColumn("school_id", "integer", (c) => c.notNull().references("schools.id"))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("coordinator", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("school_team_members_pk", ["school_id", "user_id"])
    .execute();

  await db.schema
    .createTable("school_checklist")
    .addColumn("school_id", "integer", (c) => c.notNull().references("schools.id"))
    .addColumn("year_id", "text", (c) => c.notNull())
    .addColumn("item_id", "text", (c) => c.notNull())
    .addColumn("done_on", "text", (c) => c.notNull())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addPrimaryKeyConstraint("school_checklist_pk", ["school_id", "year_id", "item_id"])
    .execute();
}
