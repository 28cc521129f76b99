import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { regions } from "~/content/content";
import { SCHOOL_UTC_OFFSET_SQL } from "~/domain/calendar/local-date";

// The national roll-up: every region database (or a backup or copy of it, possibly from
// another machine) is read read-only, and only aggregates per region and month reach the
// national database — counts, never a record, a school name or a child's words. The national
// page suppresses small counts when it shows them, as the dashboards do.

// A literal in the SQL text, as the region's indexed expressions spell it (migration 0006).
const KZ_OFFSET = `'${SCHOOL_UTC_OFFSET_SQL}'`;

const NATIONAL_SCHEMA = `
  create table if not exists national_regions (
    region text primary key,
    schools integer not null,
    pupils integer not null,
    source text not null,
    rolled_up_at text not null
  );
  create table if not exists national_months (
    region text not null,
    month text not null,
    reports integer not null,
    urgent integer not null,
    answered_24h integer not null,
    answered_7d integer not null,
    unanswered integer not null,
    cases integer not null,
    primary key (region, month)
  );
  create table if not exists national_categories (
    region text not null,
    month text not null,
    category text not null,
    reports integer not null,
    primary key (region, month, category)
  );
  create table if not exists national_surveys (
    region text not null,
    year_id text not null,
    respondents integer not null,
    victims integer not null,
    bullies integer not null,
    trusted_adult integer not null,
    primary key (region, year_id)
  );
`;

export function openNationalDb(file: string, { readonly = false } = {}): SQLite.Database {
  if (!readonly) fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new SQLite(file, readonly ? { readonly: true, fileMustExist: true } : {});
  if (!readonly) {
    db.pragma("journal_mode = WAL");
    db.exec(NATIONAL_SCHEMA);
  }
  return db;
}

/** Which region a database holds: its schools' code prefix says it (a copy may have any file name). */
function regionOf(source: SQLite.Database, file: string): string {
  const prefix = (source.prepare("select substr(code, 1, 2) as p from schools limit 1").get() as { p: string } | undefined)?.p;
  const byPrefix = prefix ? regions.find((r) => r.schoolCodePrefix === prefix) : undefined;
  const byName = regions.find((r) => r.code === path.basename(file).replace(/\.sqlite$/, ""));
  const region = byPrefix ?? byName;
  if (!region) throw new Error(`${file}: cannot tell which region this database holds`);
  return region.code;
}

export type RolledUp = { region: string; file: string; reports: number; months: number };

/** Reads each region file read-only and replaces that region's aggregates in the national database. */
export function rollUp(files: string[], outFile: string, now = new Date()): RolledUp[] {
  const out = openNationalDb(outFile);
  const done: RolledUp[] = [];
  try {
    for (const file of files) {
      // Read-only, and never creating anything: a backup, a copy, or a live database a server writes to.
      const source = new SQLite(file, { readonly: true, fileMustExist: true });
      try {
        const region = regionOf(source, file);
        // One read transaction: every number comes from the same moment of the region.
        const read = source.transaction(() => ({
          totals: source
            .prepare("select (select count(*) from schools) as schools, (select coalesce(sum(pupil_count), 0) from classes) as pupils")
            .get() as { schools: number; pupils: number },
          months: source
            .prepare(
              `select strftime('%Y-%m', submitted_at, ${KZ_OFFSET}) as month, count(*) as reports, coalesce(sum(urgent), 0) as urgent,
                 coalesce(sum(first_response_at is not null and julianday(first_response_at) - julianday(submitted_at) <= 1), 0) as answered_24h,
                 coalesce(sum(first_response_at is not null and julianday(first_response_at) - julianday(submitted_at) <= 7), 0) as answered_7d,
                 coalesce(sum(first_response_at is null), 0) as unanswered
               from reports group by month`,
            )
            .all() as Array<{
            month: string;
            reports: number;
            urgent: number;
            answered_24h: number;
            answered_7d: number;
            unanswered: number;
          }>,
          cases: source
            .prepare(`select strftime('%Y-%m', opened_at, ${KZ_OFFSET}) as month, count(*) as n from cases group by month`)
            .all() as Array<{ month: string; n: number }>,
          categories: source
            .prepare(
              `select strftime('%Y-%m', r.submitted_at, ${KZ_OFFSET}) as month, c.category, count(*) as n
               from report_categories c join reports r on r.id = c.report_id group by month, c.category`,
            )
            .all() as Array<{ month: string; category: string; n: number }>,
          surveys: hasTable(source, "surveys")
            ? (source
                .prepare(
                  `select s.year_id, count(*) as respondents, coalesce(sum(a.been_bullied >= 2), 0) as victims,
                     coalesce(sum(a.bullied_others >= 2), 0) as bullies, coalesce(sum(a.trusted_adult = 'yes'), 0) as trusted
                   from survey_answers a join surveys s on s.id = a.survey_id group by s.year_id`,
                )
                .all() as Array<{ year_id: string; respondents: number; victims: number; bullies: number; trusted: number }>)
            : [],
        }));
        const data = read();
        const casesByMonth = new Map(data.cases.map((c) => [c.month, c.n]));
        const months = new Set([...data.months.map((m) => m.month), ...casesByMonth.keys()]);
        out.transaction(() => {
          for (const table of ["national_months", "national_categories", "national_surveys", "national_regions"])
            out.prepare(`delete from ${table} where region = ?`).run(region);
          out
            .prepare("insert into national_regions (region, schools, pupils, source, rolled_up_at) values (?, ?, ?, ?, ?)")
            .run(region, data.totals.schools, data.totals.pupils, path.basename(file), now.toISOString());
          const month = out.prepare(
            "insert into national_months (region, month, reports, urgent, answered_24h, answered_7d, unanswered, cases) values (?, ?, ?, ?, ?, ?, ?, ?)",
          );
          for (const m of months) {
            const r = data.months.find((x) => x.month === m);
            month.run(
              region,
              m,
              r?.reports ?? 0,
              r?.urgent ?? 0,
              r?.answered_24h ?? 0,
              r?.answered_7d ?? 0,
              r?.unanswered ?? 0,
              casesByMonth.get(m) ?? 0,
            );
          }
          const category = out.prepare("insert into national_categories (region, month, category, reports) values (?, ?, ?, ?)");
          for (const c of data.categories) category.run(region, c.month, c.category, c.n);
          const survey = out.prepare(
            "insert into national_surveys (region, year_id, respondents, victims, bullies, trusted_adult) values (?, ?, ?, ?, ?, ?)",
          );
          for (const s of data.surveys) survey.run(region, s.year_id, s.respondents, s.victims, s.bullies, s.trusted);
        })();
        done.push({ region, file, reports: data.months.reduce((s, m) => s + m.reports, 0), months: months.size });
      } finally {
        source.close();
      }
    }
  } finally {
    out.close();
  }
  return done;
}

function hasTable(db: SQLite.Database, name: string): boolean {
  return db.prepare("select 1 from sqlite_master where type = 'table' and name = ?").get(name) !== undefined;
}

/** Where the national database lives: NATIONAL_DB, else national.sqlite in the data directory. */
export function nationalDbFile(): string {
  return path.resolve(process.env.NATIONAL_DB ?? path.join(process.env.DATA_DIR ?? "./data", "national.sqlite"));
}
