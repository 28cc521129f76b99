/** Why a change to a case was refused; the routes word each one for the person (case-step.server.ts). */
export type CaseProblem = "not_found" | "status" | "report_taken" | "date" | "result" | "review_by" | "owner" | "task_done";
export type CaseResult<T = undefined> = { ok: true; value: T } | { ok: false; problem: CaseProblem };

export const ok = <T>(value: T): CaseResult<T> => ({ ok: true, value });
export const fail = (problem: CaseProblem): { ok: false; problem: CaseProblem } => ({ ok: false, problem });
