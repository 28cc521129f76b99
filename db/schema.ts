import type { ColumnType, Generated, Insertable, Selectable } from "kysely";

/** The one truth of a region database's tables. Times are ISO-8601 UTC strings. */
export interface Database {
  districts: DistrictsTable;
  schools: SchoolsTable;
  classes: ClassesTable;
  users: UsersTable;
  sessions: SessionsTable;
  reports: ReportsTable;
  report_categories: ReportCategoriesTable;
  report_messages: ReportMessagesTable;
  access_log: AccessLogTable;
  school_programmes: SchoolProgrammesTable;
  lesson_entries: LessonEntriesTable;
  school_team_members: SchoolTeamMembersTable;
  school_checklist: SchoolChecklistTable;
}

export type Language = "kk" | "ru" | "en";
export type StaffRole = "psychologist" | "teacher" | "school_admin" | "district_official" | "region_admin";
export type ReportStatus = "new" | "in_progress" | "closed";

export interface DistrictsTable {
  id: Generated<number>;
  name_kk: string;
  name_ru: string;
  name_en: string;
}

export interface SchoolsTable {
  id: Generated<number>;
  district_id: number;
  /** Public code printed on posters; `/r/<code>` must never change meaning. */
  code: string;
  name_kk: string;
  name_ru: string;
  name_en: string;
  locality: "urban" | "rural";
  created_at: string;
}

export interface ClassesTable {
  id: Generated<number>;
  school_id: number;
  grade: number;
  letter: string;
  /** Language of instruction: kk, ru, uz, ug, tg or en. */
  language: string;
  pupil_count: number;
  /** The homeroom teacher, who usually gives the programme lessons. */
  teacher_id: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface UsersTable {
  id: Generated<number>;
  email: string;
  password_hash: string;
  role: StaffRole;
  display_name: string;
  school_id: number | null;
  district_id: number | null;
  language: Language;
  created_at: string;
}

export interface SessionsTable {
  /** SHA-256 of the cookie's token, hex: a stolen database cannot be replayed as a cookie. */
  id: string;
  user_id: number;
  expires_at: ColumnType<string, string, string>;
}

export interface ReportsTable {
  id: Generated<number>;
  school_id: number;
  /** SHA-256 of the receipt code; the code itself is never stored. */
  receipt_hash: string;
  reporter_role: string;
  location: string;
  frequency: string;
  since: string;
  grade: number | null;
  description: string;
  contact_requested: number;
  contact_name: string;
  contact_class: string;
  urgent: number;
  language: Language;
  status: ReportStatus;
  closure_reason: string | null;
  closure_note: ColumnType<string, string | undefined, string>;
  submitted_at: string;
  first_response_at: string | null;
  closed_at: string | null;
}

export interface ReportCategoriesTable {
  report_id: number;
  category: string;
}

export interface ReportMessagesTable {
  id: Generated<number>;
  report_id: number;
  author: "reporter" | "staff";
  staff_user_id: number | null;
  body: string;
  created_at: string;
}

export interface AccessLogTable {
  id: Generated<number>;
  user_id: number;
  action: string;
  entity: string;
  entity_id: number;
  at: string;
}

export interface SchoolProgrammesTable {
  school_id: number;
  year_id: string;
  programme_id: string;
  grade_from: number;
  grade_to: number;
}

export interface LessonEntriesTable {
  id: Generated<number>;
  class_id: number;
  lesson_id: string;
  /** YYYY-MM-DD, the school's local date. */
  taught_on: string;
  minutes: number;
  pupils_present: number | null;
  note: string;
  teacher_id: number;
  created_at: string;
  updated_at: string;
}

export interface SchoolTeamMembersTable {
  school_id: number;
  user_id: number;
  coordinator: number;
}

export interface SchoolChecklistTable {
  school_id: number;
  year_id: string;
  item_id: string;
  done_on: string;
  user_id: number;
}

export type School = Selectable<SchoolsTable>;
export type LessonEntry = Selectable<LessonEntriesTable>;
export type District = Selectable<DistrictsTable>;
export type User = Selectable<UsersTable>;
export type Report = Selectable<ReportsTable>;
export type ReportMessage = Selectable<ReportMessagesTable>;
export type NewReport = Insertable<ReportsTable>;
