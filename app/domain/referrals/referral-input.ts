import { z } from "zod";
import { recordId } from "~/domain/input/record-id";
import type { ConsentRecord, NewReferral, ReferralAnswer } from "./referrals.server";

type Basis = ConsentRecord["basis"];

export const REFERRAL_LIMITS = { consent: 1000, summary: 8000, declineReason: 2000, answer: 4000 } as const;

const consentText = (error: "referrals.error.guardianConsent" | "referrals.error.childVoice" | "referrals.error.dangerReason") =>
  z.string().trim().max(REFERRAL_LIMITS.consent, { error });

/**
 * A referral as the case team posts it. Which consent fields are required depends on the basis,
 * so they are checked together, and every problem is reported at once, each at its field.
 */
export const referralSchema = z
  .object({
    serviceId: recordId.catch(0),
    // Refinements, not an enum and a literal: those stop the check, and every field's problem is wanted at once.
    basis: z.string().refine((b): b is Basis => b === "consent" || b === "immediate_danger", { error: "referrals.error.basis" }),
    guardianConsent: consentText("referrals.error.guardianConsent"),
    childVoice: consentText("referrals.error.childVoice"),
    dangerReason: consentText("referrals.error.dangerReason"),
    summary: z
      .string()
      .transform((s) => s.replace(/\r\n/g, "\n").trim())
      .pipe(z.string().min(1, { error: "referrals.error.summary" }).max(REFERRAL_LIMITS.summary, { error: "referrals.error.summary" })),
    reviewed: z.string().refine((r) => r === "yes", { error: "referrals.error.reviewed" }),
  })
  .superRefine((v, ctx) => {
    if (v.serviceId === 0) ctx.addIssue({ code: "custom", path: ["serviceId"], message: "referrals.error.service" });
    const missing = (field: "guardianConsent" | "childVoice" | "dangerReason") => {
      if (!v[field]) ctx.addIssue({ code: "custom", path: [field], message: `referrals.error.${field}` });
    };
    if (v.basis === "consent") (missing("guardianConsent"), missing("childVoice"));
    if (v.basis === "immediate_danger") missing("dangerReason");
  })
  .transform((v): NewReferral => ({
    serviceId: v.serviceId,
    summary: v.summary,
    consent: (v.basis === "consent"
      ? { basis: "consent", guardianConsent: v.guardianConsent, childVoice: v.childVoice }
      : { basis: "immediate_danger", dangerReason: v.dangerReason }) satisfies ConsentRecord,
  }));

const answerText = (max: number, error: "referrals.error.declineReason" | "referrals.error.actionTaken" | "referrals.error.outcome") =>
  z.string().trim().max(max, { error });

/** A service's answer: accept; decline with a reason; or complete with what was done and how it ended. */
export const referralAnswerSchema = z
  .object({
    intent: z.enum(["accept", "decline", "complete"], { error: "error.400" }),
    reason: answerText(REFERRAL_LIMITS.declineReason, "referrals.error.declineReason"),
    actionTaken: answerText(REFERRAL_LIMITS.answer, "referrals.error.actionTaken"),
    outcome: answerText(REFERRAL_LIMITS.answer, "referrals.error.outcome"),
  })
  .superRefine((v, ctx) => {
    const required = (field: "reason" | "actionTaken" | "outcome", message: string) => {
      if (!v[field]) ctx.addIssue({ code: "custom", path: [field], message });
    };
    if (v.intent === "decline") required("reason", "referrals.error.declineReason");
    if (v.intent === "complete") (required("actionTaken", "referrals.error.actionTaken"), required("outcome", "referrals.error.outcome"));
  })
  .transform((v): ReferralAnswer =>
    v.intent === "accept"
      ? { kind: "accept" }
      : v.intent === "decline"
        ? { kind: "decline", reason: v.reason }
        : { kind: "complete", actionTaken: v.actionTaken, outcome: v.outcome },
  );
