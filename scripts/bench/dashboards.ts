// The officials' dashboards over a large region: 1,000 schools, ~600,000 pupils, and one or
// five school years of records, generated with prepared statements in transactions. Then the
// region admin's and a district official's dashboard loaders (the domain calls the route
// makes) are timed; five years must cost no more than 1.5 × one year, p95 ≤ 150 ms.
// Usage: npm run bench:dashboards -- [--runs 40] [--repeat 3] [--years 1,5] [--keep <dir>]
// Each figure is the median of --repeat rounds of --runs loads: one round's p95 moves with
// whatever else the machine does in those seconds; the median of three does not.
// See scripts/bench/README.md for the figures measured.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";

process.env.SENIM_TODAY ??= "2026-11-23";
const TODAY = process.env.SENIM_TODAY;

const { values: args } = parseArgs({
  options: {
    runs: { type: "string", default: "40" },
    repeat: { type: "string", default: "3" },
    years: { type: "string", default: "1,5" },
    keep: { type: "string" },
  },
});
const runs = Number(args.runs);
const repeat = Number(args.repeat);
const yearsToRun = args.years!.split(",").map(Number);
if (
  !Number.isInteger(runs) ||
  runs < 5 ||
  !Number.isInteger(repeat) ||
  repeat < 1 ||
  yearsToRun.some((y) => !Number.isInteger(y) || y < 1 || y > 5)
) {
  console.error("usage: npm run bench:dashboards -- [--runs 40] [--repeat 3] [--years 1,5] [--keep <dir>]");
  process.exit(2);
}

const SCHOOLS = 1_000;
const DISTRICTS = 20;
const REPORTS_PER_YEAR = 60_000;
const CASES_PER_YEAR = 12_000;
const LESSONS_PER_CLASS_YEAR = 11; // ≈ 1,250,000 over five years for ~22,000 classes
const TARGET_P95_MS = 150;
const TARGET_RATIO = 1.5;

// A small deterministic generator: the same region every run.
let seed = 20261123;
const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

async function generate(dataDir: string, years: number) {
  process.env.DATA_DIR = dataDir;
  const { sqliteOf } = await import("../../db/regions.server");
  const { setUpRegion } = await import("../../app/domain/schools/region-db.server");
  const { reportOptions } = await import("../../app/content/content");
  const { caseContent } = await import("../../app/content/case-models");
  const { programmes } = await import("../../app/content/programmes");
  // Made as the region admin's set-up makes it, with its starting service directory.
  const db = await setUpRegion("akmola");
  const sqlite = sqliteOf(db);
  sqlite.pragma("synchronous = OFF");
  const started = performance.now();
  const categories = reportOptions.categories.map((c) => c.id);
  const outcomes = caseContent.outcomes.map((o) => o.id);
  const services = sqlite.prepare("select id from services").all() as Array<{ id: number }>;
  const lessonIds = programmes
    .filter((p) => p.id !== "kiva")
    .flatMap((p) => p.units.flatMap((u) => u.lessons.map((l) => ({ id: l.id, from: u.grades[0], to: u.grades[1] }))));
  const now = new Date().toISOString();
  const endMs = Date.parse(`${TODAY}T06:00:00Z`);
  const startMs = endMs - years * 365 * 86_400_000;
  const at = () => new Date(startMs + rand() * (endMs - startMs)).toISOString();

  const counts = { pupils: 0, classes: 0, reports: 0, categories: 0, cases: 0, tasks: 0, referrals: 0, lessons: 0 };
  const classes: Array<{ id: number; grade: number }> = [];
  sqlite.transaction(() => {
    const district = sqlite.prepare("insert into districts (name_kk, name_ru, name_en) values (?, ?, ?)");
    for (let d = 1; d <= DISTRICTS; d++) district.run(`${d}-аудан`, `Район ${d}`, `District ${d}`);
    const school = sqlite.prepare(
      "insert into schools (district_id, code, name_kk, name_ru, name_en, locality, created_at) values (?, ?, ?, ?, ?, ?, ?)",
    );
    const cls = sqlite.prepare("insert into classes (school_id, grade, letter, language, pupil_count) values (?, ?, ?, ?, ?) returning id");
    for (let s = 1; s <= SCHOOLS; s++) {
      const code = `AK${s.toString(36).toUpperCase().padStart(4, "X")}`;
      school.run(((s - 1) % DISTRICTS) + 1, code, `№${s} мектеп`, `Школа №${s}`, `School No. ${s}`, s % 3 === 0 ? "urban" : "rural", now);
      for (let grade = 1; grade <= 11; grade++)
        for (const letter of ["А", "Б"]) {
          const pupils = 20 + Math.floor(rand() * 16);
          const row = cls.get(s, grade, letter, letter === "А" ? "kk" : "ru", pupils) as { id: number };
          classes.push({ id: row.id, grade });
          counts.pupils += pupils;
          counts.classes++;
        }
    }
    sqlite
      .prepare(
        "insert into users (email, password_hash, role, display_name, school_id, district_id, language, created_at) values (?, '', ?, ?, null, ?, 'ru', ?)",
      )
      .run("region@bench", "region_admin", "Region", null, now);
    sqlite
      .prepare(
        "insert into users (email, password_hash, role, display_name, school_id, district_id, language, created_at) values (?, '', ?, ?, null, ?, 'ru', ?)",
      )
      .run("district@bench", "district_official", "District", 1, now);
    sqlite
      .prepare(
        "insert into users (email, password_hash, role, display_name, school_id, district_id, language, created_at) values (?, '', ?, ?, 1, null, 'ru', ?)",
      )
      .run("psych@bench", "psychologist", "Psych", now);
  })();
  const psych = (sqlite.prepare("select id from users where email = 'psych@bench'").get() as { id: number }).id;

  sqlite.transaction(() => {
    const report = sqlite.prepare(
      "insert into reports (school_id, receipt_hash, reporter_role, location, frequency, since, grade, description, urgent, language, status, submitted_at, first_response_at) values (?, ?, 'self', 'classroom', 'weekly', 'weeks', ?, '', ?, 'kk', ?, ?, ?) returning id",
    );
    const category = sqlite.prepare("insert into report_categories (report_id, category) values (?, ?)");
    for (let i = 0; i < REPORTS_PER_YEAR * years; i++) {
      const submitted = at();
      const answered = rand() < 0.9;
      const delayMin = Math.floor(rand() < 0.6 ? rand() * 1440 : rand() * 20_000);
      const first = answered ? new Date(Date.parse(submitted) + delayMin * 60_000).toISOString() : null;
      const row = report.get(
        1 + Math.floor(rand() * SCHOOLS),
        `h${i}`,
        1 + Math.floor(rand() * 11),
        rand() < 0.08 ? 1 : 0,
        answered ? (rand() < 0.7 ? "closed" : "in_progress") : "new",
        submitted,
        first,
      ) as { id: number };
      const a = pick(categories);
      category.run(row.id, a);
      counts.categories++;
      if (rand() < 0.3) {
        const b = pick(categories);
        if (b !== a) (category.run(row.id, b), counts.categories++);
      }
      counts.reports++;
    }
  })();

  sqlite.transaction(() => {
    const kase = sqlite.prepare(
      "insert into cases (school_id, model, status, origin, opened_by, opened_at, outcome, closed_at) values (?, 'kiva', ?, 'concern', ?, ?, ?, ?) returning id",
    );
    const task = sqlite.prepare(
      "insert into case_tasks (case_id, step_id, owner_id, due_on, done_at, created_at) values (?, ?, ?, ?, ?, ?)",
    );
    const referral = sqlite.prepare(
      "insert into referrals (case_id, service_id, consent_basis, summary, status, sent_by, sent_at, respond_by, answered_at) values (?, ?, 'consent', '', ?, ?, ?, ?, ?)",
    );
    for (let i = 0; i < CASES_PER_YEAR * years; i++) {
      const opened = at();
      const closed = rand() < 0.7;
      const row = kase.get(
        1 + Math.floor(rand() * SCHOOLS),
        closed ? "closed" : "open",
        psych,
        opened,
        closed ? pick(outcomes) : null,
        closed ? opened : null,
      ) as { id: number };
      const openedMs = Date.parse(opened);
      for (const [step, days] of [
        ["discussion_target", 1],
        ["follow_up_target", 10],
        ["follow_up_initiator", 14],
      ] as const) {
        const due = new Date(openedMs + days * 86_400_000).toISOString().slice(0, 10);
        const done = rand() < 0.85 ? new Date(openedMs + (days + Math.floor(rand() * 6) - 3) * 86_400_000).toISOString() : null;
        task.run(row.id, step, psych, due, done, opened);
        counts.tasks++;
      }
      if (rand() < 0.1) {
        const respondBy = new Date(openedMs + 7 * 86_400_000).toISOString().slice(0, 10);
        const answered = rand() < 0.8 ? new Date(openedMs + Math.floor(rand() * 12) * 86_400_000).toISOString() : null;
        referral.run(row.id, pick(services).id, answered ? "accepted" : "sent", psych, opened, respondBy, answered);
        counts.referrals++;
      }
      counts.cases++;
    }
  })();

  sqlite.transaction(() => {
    const entry = sqlite.prepare(
      "insert into lesson_entries (class_id, lesson_id, taught_on, minutes, pupils_present, note, teacher_id, created_at, updated_at) values (?, ?, ?, 10, null, '', ?, ?, ?)",
    );
    const endYear = Number(TODAY.slice(0, 4)) - (TODAY.slice(5, 7) < "09" ? 1 : 0);
    for (let y = endYear - years + 1; y <= endYear; y++) {
      // September to March of each school year; the current one only up to today.
      const from = Date.parse(`${y}-09-02T00:00:00Z`);
      const to = Math.min(Date.parse(`${y + 1}-03-31T00:00:00Z`), Date.parse(`${TODAY}T00:00:00Z`));
      for (const c of classes) {
        const lessons = lessonIds.filter((l) => c.grade >= l.from && c.grade <= l.to);
        for (let k = 0; k < LESSONS_PER_CLASS_YEAR; k++) {
          const day = new Date(from + rand() * (to - from)).toISOString().slice(0, 10);
          entry.run(c.id, lessons[k % lessons.length]!.id, day, psych, now, now);
          counts.lessons++;
        }
      }
    }
  })();
  sqlite.pragma("synchronous = FULL");
  sqlite.exec("analyze");
  return { db, counts, seconds: (performance.now() - started) / 1000 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function round(load: () => Promise<unknown>) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await load();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)]!;
  return { p50: q(0.5), p95: q(0.95), max: times[times.length - 1]! };
}

async function measure(label: string, load: () => Promise<unknown>) {
  for (let i = 0; i < 3; i++) await load(); // warm the page cache and the plan cache
  const rounds = [];
  for (let i = 0; i < repeat; i++) rounds.push(await round(load));
  const p95s = rounds.map((r) => r.p95.toFixed(1)).join(", ");
  return {
    label,
    p50: median(rounds.map((r) => r.p50)),
    p95: median(rounds.map((r) => r.p95)),
    max: Math.max(...rounds.map((r) => r.max)),
    p95s,
  };
}

async function main() {
  const { actorFor } = await import("../../app/domain/policy/policy.server");
  const { dashboardFor, dashboardChoices } = await import("../../app/domain/dashboards/dashboard.server");
  const { parseDashboardQuery } = await import("../../app/domain/dashboards/dashboard-filters");
  const { closeAllRegions } = await import("../../db/regions.server");
  const filters = parseDashboardQuery(new URLSearchParams(), TODAY)!.filters;
  const results: Array<{ years: number; region: Awaited<ReturnType<typeof measure>>; district: Awaited<ReturnType<typeof measure>> }> = [];
  console.log(
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}; medians of ${repeat} rounds of ${runs} loads`,
  );
  console.log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}; today ${TODAY}; period ${filters.from}…${filters.to}`,
  );
  for (const years of yearsToRun) {
    const dir = args.keep ? path.resolve(args.keep, `${years}y`) : fs.mkdtempSync(path.join(os.tmpdir(), `senim-bench-${years}y-`));
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const { db, counts, seconds } = await generate(dir, years);
    console.log(`${years} year(s): generated in ${seconds.toFixed(1)} s:`, counts);
    const user = async (email: string) =>
      actorFor(await db.selectFrom("users").selectAll().where("email", "=", email).executeTakeFirstOrThrow(), "akmola", db);
    const region = await user("region@bench");
    const district = await user("district@bench");
    // What the route's loader does: the dashboard and the filter choices.
    const loader = (actor: typeof region) => () => Promise.all([dashboardFor(actor, filters, TODAY), dashboardChoices(actor)]);
    const r = await measure("region", loader(region));
    const d = await measure("district", loader(district));
    results.push({ years, region: r, district: d });
    for (const m of [r, d])
      console.log(
        `  ${m.label.padEnd(8)} p50 ${m.p50.toFixed(1)} ms  p95 ${m.p95.toFixed(1)} ms (rounds: ${m.p95s})  max ${m.max.toFixed(1)} ms`,
      );
    await closeAllRegions();
    if (!args.keep) fs.rmSync(dir, { recursive: true, force: true });
  }
  let ok = results.every((x) => x.region.p95 <= TARGET_P95_MS && x.district.p95 <= TARGET_P95_MS);
  const one = results.find((x) => x.years === 1);
  const five = results.find((x) => x.years === 5);
  if (one && five) {
    const ratio = { region: five.region.p50 / one.region.p50, district: five.district.p50 / one.district.p50 };
    console.log(
      `five years / one year (p50): region ${ratio.region.toFixed(2)} ×, district ${ratio.district.toFixed(2)} × (target ≤ ${TARGET_RATIO})`,
    );
    ok &&= ratio.region <= TARGET_RATIO && ratio.district <= TARGET_RATIO;
  }
  console.log(
    `load average at the end ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
  console.log(ok ? "targets met" : "TARGETS NOT MET");
  process.exitCode = ok ? 0 : 1;
}

await main();
