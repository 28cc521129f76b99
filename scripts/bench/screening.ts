// The life-safety screen against the labelled set (tests/fixtures/screening/*.jsonl): a confusion
// matrix per language, recall and false-positive rate, and the time per report.
// Usage: npm run bench:screening -- [--misses] [--repeat 20] [--set screening|screening-heldout]
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { screeningLexicon } from "../../app/domain/screening/screening.server";
import { screenText } from "../../app/domain/screening/screen";

const { values: args } = parseArgs({
  options: {
    misses: { type: "boolean", default: false },
    repeat: { type: "string", default: "20" },
    set: { type: "string", default: "screening" },
  },
});
// The tuning set (tests/fixtures/screening), or the held-out one written without seeing the lexicon.
const dir = path.resolve(import.meta.dirname, "../../tests/fixtures", path.basename(args.set));
type Line = { text: string; label: "life_safety" | "ordinary"; hard_negative: boolean };
const files = ["kk", "ru", "en", "latin", "mixed"];
const TARGET = { recall: 0.95, falsePositiveRate: 0.05, msPerReport: 1 };

let all = { tp: 0, fn: 0, fp: 0, tn: 0 };
const rows: string[] = [];
for (const file of files) {
  const lines = fs
    .readFileSync(path.join(dir, `${file}.jsonl`), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Line);
  const m = { tp: 0, fn: 0, fp: 0, tn: 0, hardFp: 0, hard: 0 };
  for (const line of lines) {
    const found = screenText(line.text, screeningLexicon);
    const urgent = found.length > 0;
    if (line.label === "life_safety") urgent ? m.tp++ : m.fn++;
    else urgent ? m.fp++ : m.tn++;
    if (line.hard_negative) (m.hard++, urgent && m.hardFp++);
    if (args.misses && urgent !== (line.label === "life_safety"))
      console.log(
        `${file} ${urgent ? "FALSE ALARM" : "MISSED"}: ${line.text}${urgent ? `  [${found.map((f) => f.ruleId).join(", ")}]` : ""}`,
      );
  }
  all = { tp: all.tp + m.tp, fn: all.fn + m.fn, fp: all.fp + m.fp, tn: all.tn + m.tn };
  const recall = m.tp / (m.tp + m.fn);
  const fpr = m.fp / (m.fp + m.tn);
  rows.push(
    `${file.padEnd(6)} ${String(lines.length).padStart(5)}  ${String(m.tp).padStart(4)} ${String(m.fn).padStart(4)} ${String(m.fp).padStart(4)} ${String(m.tn).padStart(4)}   ${recall.toFixed(3)}  ${(fpr * 100).toFixed(1).padStart(5)} %   ${m.hardFp}/${m.hard}`,
  );
}

// Timing: every sentence, many times, and a report of the longest size the form takes (2,000 characters).
const texts = files.flatMap((f) =>
  fs
    .readFileSync(path.join(dir, `${f}.jsonl`), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as Line).text),
);
const long = texts.join(" ").slice(0, 2000);
// The first call on this mix, before the JIT has warmed to it (its words were folded by the matrix
// above: a server folds a common word once and looks it up after).
const coldStart = performance.now();
screenText(long.split(" ").reverse().join(" ") + " холодный", screeningLexicon);
const cold = performance.now() - coldStart;
const repeat = Number(args.repeat);
for (const t of texts.slice(0, 50)) screenText(t, screeningLexicon); // warm-up
let started = performance.now();
for (let i = 0; i < repeat; i++) for (const t of texts) screenText(t, screeningLexicon);
const perSentence = (performance.now() - started) / (repeat * texts.length);
started = performance.now();
for (let i = 0; i < repeat * 10; i++) screenText(long, screeningLexicon);
const perLong = (performance.now() - started) / (repeat * 10);

const recall = all.tp / (all.tp + all.fn);
const fpr = all.fp / (all.fp + all.tn);
console.log(
  `Life-safety screen on tests/fixtures/${path.basename(args.set)}: ${screeningLexicon.rules.length} rules, ${screeningLexicon.dampeners.length} figures of speech; node ${process.version}`,
);
console.log("set     lines    TP   FN   FP   TN   recall    FP rate   hard negatives flagged");
for (const r of rows) console.log(r);
console.log(
  `all    ${String(all.tp + all.fn + all.fp + all.tn).padStart(5)}  ${String(all.tp).padStart(4)} ${String(all.fn).padStart(4)} ${String(all.fp).padStart(4)} ${String(all.tn).padStart(4)}   ${recall.toFixed(3)}  ${(fpr * 100).toFixed(1).padStart(5)} %`,
);
console.log(
  `time: ${(perSentence * 1000).toFixed(1)} µs per sentence, ${perLong.toFixed(3)} ms per 2,000-character report (first call ${cold.toFixed(3)} ms)`,
);
const met = recall >= TARGET.recall && fpr <= TARGET.falsePositiveRate && perLong <= TARGET.msPerReport;
console.log(
  `targets (recall ≥ ${TARGET.recall}, FP rate ≤ ${TARGET.falsePositiveRate * 100} %, ≤ ${TARGET.msPerReport} ms per report): ${met ? "MET" : "NOT MET"}`,
);
process.exitCode = met ? 0 : 1;
