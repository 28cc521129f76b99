import type { ColumnType, Generated, Insertable, Selectable } from "kysely";

/** The one truth of a region database's tables. Times are ISO-8601 UTC strings. */
export interface Database {
  districts: DistrictsTable;
  schools: SchoolsTable;
  classes: ClassesTable;
  users: UsersTable;
  sign_in_misses: SignInMissesTable;
  sessions: SessionsTable;
  reports: ReportsTable;
  report_categories: ReportCategoriesTable;
  report_messages: ReportMessagesTable;
  access_log: AccessLogTable;
  school_programmes: SchoolProgrammesTable;
  lesson_entries: LessonEntriesTable;
  school_team_members: SchoolTeamMembersTable;
  school_checklist: SchoolChecklistTable;
  cases: CasesTable;
  case_reports: CaseReportsTable;
  case_people: CasePeopleTable;
  case_events: CaseEventsTable;
  case_tasks: CaseTasksTable;
  case_evidence: CaseEvidenceTable;
  case_transfers: CaseTransfersTable;
  services: ServicesTable;
  referrals: ReferralsTable;
  totp_credentials: TotpCredentialsTable;
  recovery_codes: RecoveryCodesTable;
  account_links: AccountLinksTable;
  poster_places: PosterPlacesTable;
  school_designations: SchoolDesignationsTable;
  duty_shifts: DutyShiftsTable;
  escalations: EscalationsTable;
  notifications: NotificationsTable;
  outbox: OutboxTable;
  telegram_link_codes: TelegramLinkCodesTable;
  bursts: BurstsTable;
  digests: DigestsTable;
  escalation_events: EscalationEventsTable;
  surveys: SurveysTable;
  lesson_coverage_versions: LessonCoverageVersionsTable;
  report_category_facts: ReportCategoryFactsTable;
  survey_answers: SurveyAnswersTable;
  spent_form_tokens: SpentFormTokensTable;
}

export type Language = "kk" | "ru" | "en";
export type StaffRole = "psychologist" | "teacher" | "school_admin" | "district_official" | "region_admin" | "service" | "national";
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
  /** The school's own number for the tel: links of the urgent flow; '' while unknown. */
  phone: ColumnType<string, string | undefined, string>;
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
  /** The service a `service` account answers referrals for; null for everyone else. */
  service_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** Null until the person sets a password through an invitation link (password_hash is then ''). */
  password_set_at: ColumnType<string | null, string | null | undefined, string | null>;
  /** Failed password or second-factor attempts since failed_since (a 15-minute window). */
  failed_sign_ins: ColumnType<number, number | undefined, number>;
  failed_since: ColumnType<string | null, string | null | undefined, string | null>;
  locked_until: ColumnType<string | null, string | null | undefined, string | null>;
  /** For calls and SMS about urgent reports, in international form (+7…); '' while unknown. */
  phone: ColumnType<string, string | undefined, string>;
  /** The channels chosen for notifications, comma-separated (email, sms, telegram); null: the defaults. */
  channels: ColumnType<string | null, string | null | undefined, string | null>;
  /** The Telegram chat linked by a one-time code; '' while none. */
  telegram_chat_id: ColumnType<string, string | undefined, string>;
  /** A psychologist reads reports only from this time (migration 0019 sat on SchoolsTable by mistake): confirmed by the district official or region admin; null: waiting (four eyes, #13). */
  reading_confirmed_at: ColumnType<string | null, string | null | undefined, string | null>;
  /** Who confirmed it (or revoked it); null for operator-made accounts and those filled by 0019. */
  reading_confirmed_by: ColumnType<number | null, number | null | undefined, number | null>;
}

/** A pending Telegram link: SHA-256 of the one-time code shown on /staff/account, never the code. */
export interface TelegramLinkCodesTable {
  user_id: number;
  code_hash: string;
  expires_at: string;
}

export interface SessionsTable {
  /** SHA-256 of the cookie's token, hex: a stolen database cannot be replayed as a cookie. */
  id: string;
  user_id: number;
  expires_at: ColumnType<string, string, string>;
  /** Written at most once a minute; a session unused for SESSION_IDLE_MINUTES is over. */
  last_used_at: string;
  /** When this session gave the second factor; null while it waits for one. */
  two_factor_at: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ReportsTable {
  id: Generated<number>;
  school_id: number;
  /** SHA-256 of the receipt code; the code itself is never stored. */
  receipt_hash: string;
  /** These four are optional for the reporter: 'not_said' when they did not answer (NOT_SAID). */
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
  /** When retention removed its words (and its receipt code stopped working); null until then. */
  anonymised_at: ColumnType<string | null, string | null | undefined, string | null>;
  /** The poster (building or floor) whose QR code the report came from, if it named one. */
  poster_place_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** 1 when a life-safety report came without a valid form token (stored anyway; see the flood work). */
  form_token_invalid: ColumnType<number, number | undefined, number>;
  /** Set aside by the school's psychologist as not genuine (a flood); null while it counts. Reversible. */
  not_genuine_at: ColumnType<string | null, string | null | undefined, string | null>;
  not_genuine_by: ColumnType<number | null, number | null | undefined, number | null>;
  /** Where the words matched the life-safety screen (JSON: ruleId, kind, start, end); null: nothing matched. */
  screen_matches: ColumnType<string | null, string | null | undefined, string | null>;
  /** 1 when no life-safety box was ticked and the screen made the report urgent. */
  screen_raised: ColumnType<number, number | undefined, number>;
  /** A psychologist lowered a report the screen had raised: when, who and why. */
  screen_lowered_at: ColumnType<string | null, string | null | undefined, string | null>;
  screen_lowered_by: ColumnType<number | null, number | null | undefined, number | null>;
  screen_lowered_reason: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Ids of spent form tokens, kept until the token would have expired (app/domain/reports/form-token.server.ts). */
export interface SpentFormTokensTable {
  id: string;
  expires_at: string;
}

export interface PosterPlacesTable {
  id: Generated<number>;
  school_id: number;
  /** As the school admin wrote it, e.g. "Корпус 2, 3 этаж". */
  label: string;
  created_at: string;
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
  /** The reporter's form's idempotency key: a re-sent form stores the message once. Null for staff. */
  idempotency_key: ColumnType<string | null, string | null | undefined, string | null>;
  /** Where a reporter's words matched the life-safety screen (as reports.screen_matches); null: nowhere. */
  screen_matches: ColumnType<string | null, string | null | undefined, string | null>;
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

export type CaseModel = "kiva" | "dosbol";
export type CaseStatus = "screening" | "open" | "monitoring" | "closed";
export type ScreeningResult = "bullying" | "conflict" | "fight";

export interface CasesTable {
  id: Generated<number>;
  school_id: number;
  model: CaseModel;
  status: CaseStatus;
  origin: "report" | "concern";
  /** Who raised a concern in person: an option id from content/case-models.json. */
  concern_source: string | null;
  /** Staff's own words about what happened; for the case team only. */
  summary: ColumnType<string, string | undefined, string>;
  /** Raised each time a continuing case is escalated and its steps repeated. */
  round: ColumnType<number, number | undefined, number>;
  screening_result: ScreeningResult | null;
  screened_at: string | null;
  outcome: string | null;
  closure_note: ColumnType<string, string | undefined, string>;
  /** ДосболLIKE keeps observing a resolved case until this date (YYYY-MM-DD). */
  monitoring_until: string | null;
  /** When the reporter of a closed case is asked through /status whether it stopped (YYYY-MM-DD). */
  checkin_on: string | null;
  checkin_answer: "stopped" | "started_again" | null;
  opened_by: number;
  opened_at: string;
  closed_at: string | null;
  /** When retention removed its words and names; null until then. */
  anonymised_at: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface CaseReportsTable {
  case_id: number;
  report_id: number;
}

export interface CasePeopleTable {
  id: Generated<number>;
  case_id: number;
  /** target, initiator, assistant, defender, bystander, peer_supporter: one per person, never shared. */
  role: string;
  name: string;
  class_label: ColumnType<string, string | undefined, string>;
  notes: ColumnType<string, string | undefined, string>;
  added_at: string;
}

export interface CaseEventsTable {
  id: Generated<number>;
  case_id: number;
  /** opened, screened, step, note, person_added, task_assigned, escalated, closed, reopened, checkin, evidence_added, referral_*, transfer_* */
  kind: string;
  step_id: string | null;
  person_id: number | null;
  /** The day a discussion or contact took place (YYYY-MM-DD). */
  held_on: string | null;
  participants: ColumnType<string, string | undefined, string>;
  /** What was said and agreed, or the note. */
  content: ColumnType<string, string | undefined, string>;
  /** A follow-up's answer (stopped, decreased, continued) or another step's short result. */
  result: string | null;
  user_id: number | null;
  at: string;
}

export interface CaseTasksTable {
  id: Generated<number>;
  case_id: number;
  step_id: string;
  person_id: number | null;
  round: ColumnType<number, number | undefined, number>;
  owner_id: number;
  /** YYYY-MM-DD in the school's time. */
  due_on: string;
  done_at: string | null;
  event_id: number | null;
  created_at: string;
}

export interface CaseEvidenceTable {
  id: Generated<number>;
  case_id: number;
  file_name: string;
  media_type: string;
  size_bytes: number;
  /** Hex SHA-256 of the file as received, shown so its integrity can be shown later. */
  sha256: string;
  /** Random name of the file under the data directory; never derived from what the uploader sent. */
  storage_name: string;
  description: ColumnType<string, string | undefined, string>;
  user_id: number;
  at: string;
}

export interface CaseTransfersTable {
  id: Generated<number>;
  case_id: number;
  from_school_id: number;
  to_school_id: number;
  note: ColumnType<string, string | undefined, string>;
  state: "pending" | "accepted" | "declined";
  requested_by: number;
  requested_at: string;
  answered_by: number | null;
  answered_at: string | null;
}

export interface ServicesTable {
  id: Generated<number>;
  /** psych_centre, pmpk, juvenile_police, health, social_protection, contact_centre_111 */
  kind: string;
  name_kk: string;
  name_ru: string;
  name_en: string;
  phone: ColumnType<string, string | undefined, string>;
  email: ColumnType<string, string | undefined, string>;
  address: ColumnType<string, string | undefined, string>;
  /** Working days the service has to accept or decline a referral. */
  response_days: number;
  active: ColumnType<number, number | undefined, number>;
  /** 1 once a person checked the contact details; seeded entries start at 0 where unknown. */
  confirmed: ColumnType<number, number | undefined, number>;
}

export type ReferralStatus = "sent" | "accepted" | "declined" | "completed";

export interface ReferralsTable {
  id: Generated<number>;
  case_id: number;
  service_id: number;
  consent_basis: "consent" | "immediate_danger";
  /** Who gave consent for the family, and how. */
  guardian_consent: ColumnType<string, string | undefined, string>;
  /** What the child said about being referred. */
  child_voice: ColumnType<string, string | undefined, string>;
  danger_reason: ColumnType<string, string | undefined, string>;
  /** The case as the psychologist reviewed it before sending, so the family need not start over. */
  summary: string;
  status: ReferralStatus;
  sent_by: number;
  sent_at: string;
  /** YYYY-MM-DD by which the service should accept or decline. */
  respond_by: string;
  answered_by: number | null;
  answered_at: string | null;
  decline_reason: ColumnType<string, string | undefined, string>;
  action_taken: ColumnType<string, string | undefined, string>;
  outcome: ColumnType<string, string | undefined, string>;
  completed_at: string | null;
}

export interface TotpCredentialsTable {
  id: Generated<number>;
  user_id: number;
  /** The TOTP key as base64, sealed (db/sealed-columns.server.ts); raw bytes in rows written before sealing, until resealed. Never logged. */
  secret: ColumnType<Uint8Array | string, string, string>;
  created_at: string;
  /** Null while the enrolment waits for its first code. */
  confirmed_at: ColumnType<string | null, string | null | undefined, string | null>;
  last_used_step: ColumnType<number, number | undefined, number>;
  /** The session an unconfirmed enrolment belongs to; null once confirmed. */
  session_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface RecoveryCodesTable {
  id: Generated<number>;
  user_id: number;
  /** SHA-256 of the normalised code; the code itself is shown once and never stored. */
  code_hash: string;
  created_at: string;
  used_at: ColumnType<string | null, string | null | undefined, string | null>;
}

export type AccountLinkPurpose = "invite" | "reset";

export interface AccountLinksTable {
  id: Generated<number>;
  user_id: number;
  purpose: AccountLinkPurpose;
  /** SHA-256 of the link's token. */
  token_hash: string;
  created_by: number | null;
  created_at: string;
  expires_at: string;
  used_at: ColumnType<string | null, string | null | undefined, string | null>;
}

export type Designation = "deputy" | "director";

/** Who the ladder calls at a school besides its psychologists: the named deputy and the director. */
export interface SchoolDesignationsTable {
  school_id: number;
  designation: Designation;
  user_id: number;
}

/** The district's duty roster: an official on duty from starts_at until ends_at (UTC). */
export interface DutyShiftsTable {
  id: Generated<number>;
  district_id: number;
  user_id: number;
  starts_at: string;
  ends_at: string;
  created_by: number | null;
}

/** An urgent report's place on the ladder; the timer reads it, so a restart resumes the climb. */
export interface EscalationsTable {
  report_id: number;
  school_id: number;
  started_at: string;
  out_of_hours: number;
  /** The rung id (content/escalation.json) that fires at next_at; null once nothing more will. */
  next_rung: string | null;
  next_at: string | null;
  top_reached_at: ColumnType<string | null, string | null | undefined, string | null>;
  acknowledged_at: ColumnType<string | null, string | null | undefined, string | null>;
  acknowledged_by: ColumnType<number | null, number | null | undefined, number | null>;
  handoff_at: ColumnType<string | null, string | null | undefined, string | null>;
  handoff_by: ColumnType<number | null, number | null | undefined, number | null>;
  handoff_channel: ColumnType<string | null, string | null | undefined, string | null>;
  handoff_reference: ColumnType<string, string | undefined, string>;
  /** Out of hours: when school opens and its psychologist is called again; null once done or never. */
  morning_at: ColumnType<string | null, string | null | undefined, string | null>;
  /** The burst the report arrived in: its rungs notify through the burst's grouped alert. */
  burst_id: ColumnType<number | null, number | null | undefined, number | null>;
}

/** More urgent reports at one school within a few minutes than is plausible (content/escalation.json `burst`). */
export interface BurstsTable {
  id: Generated<number>;
  school_id: number;
  started_at: string;
  last_report_at: string;
}

export interface NotificationsTable {
  id: Generated<number>;
  user_id: number;
  report_id: number;
  rung: string;
  created_at: string;
  /** A grouped alert for a burst (report_id is then the report whose rung raised it). */
  burst_id: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface DigestsTable {
  id: Generated<number>;
  user_id: number;
  /** The Kazakhstan day it summarises (YYYY-MM-DD); one digest per person and day. */
  day: string;
  overdue_tasks: number;
  unanswered_reports: number;
  overdue_referrals: number;
  created_at: string;
}

export type Channel = "email" | "sms" | "telegram";

/** One message to one person on one channel; for exactly one of a notification (the ladder) or a digest. */
export interface OutboxTable {
  id: Generated<number>;
  channel: Channel;
  notification_id: ColumnType<number | null, number | null | undefined, number | null>;
  digest_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** An e-mail address, a phone number or a Telegram chat id, by channel. */
  to_address: string;
  /** E-mail only; '' on the other channels. */
  subject: string;
  body: string;
  created_at: string;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: string;
  last_error: ColumnType<string, string | undefined, string>;
  sent_at: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface EscalationEventsTable {
  id: Generated<number>;
  report_id: number;
  kind: "started" | "rung" | "nobody" | "acknowledged" | "handoff";
  rung: string | null;
  user_id: number | null;
  at: string;
}

/** A report's category with the report's school, time and grade; kept by triggers (migration 0006) for dashboards. */
export interface ReportCategoryFactsTable {
  report_id: number;
  category: string;
  school_id: number;
  submitted_at: string;
  grade: number | null;
}

/** Raised by triggers whenever a school's lessons, classes or plan change (dashboards' coverage cache). */
export interface LessonCoverageVersionsTable {
  school_id: number;
  version: number;
}

export interface SurveysTable {
  id: Generated<number>;
  school_id: number;
  /** One class, or the whole grade of the school when null. */
  class_id: number | null;
  grade: number;
  year_id: string;
  /** The short code students type; the only way to the survey. */
  code: string;
  opened_by: number;
  opened_at: string;
  closed_at: ColumnType<string | null, string | null | undefined, string | null>;
}

/** One student's answer. Nothing in it says who: no session, no address, only the day. */
export interface SurveyAnswersTable {
  id: Generated<number>;
  survey_id: number;
  /** Olweus global items: 0 not at all, 1 once or twice, 2 two or three times a month, 3 about once a week, 4 several times a week. */
  been_bullied: number;
  bullied_others: number;
  /** Option ids of the forms of bullying, comma-separated. */
  forms: ColumnType<string, string | undefined, string>;
  trusted_adult: "yes" | "no" | "unsure";
  answered_on: string;
}

export type Survey = Selectable<SurveysTable>;
export type Case = Selectable<CasesTable>;
export type CasePerson = Selectable<CasePeopleTable>;
export type CaseTask = Selectable<CaseTasksTable>;
export type Service = Selectable<ServicesTable>;
export type Referral = Selectable<ReferralsTable>;
export type School = Selectable<SchoolsTable>;
export type LessonEntry = Selectable<LessonEntriesTable>;
export type District = Selectable<DistrictsTable>;
export type User = Selectable<UsersTable>;
export type Report = Selectable<ReportsTable>;
export type ReportMessage = Selectable<ReportMessagesTable>;
export type NewReport = Insertable<ReportsTable>;

/** Failed sign-ins of an address without an account, keyed by an HMAC of the address. */
export interface SignInMissesTable {
  key: string;
  failures: number;
  since: string;
  locked_until: string | null;
}
