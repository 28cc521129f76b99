import { useT } from "~/i18n/i18n";

type Answer = {
  answeredAt?: string | null;
  declineReason?: string | null;
  actionTaken?: string | null;
  outcome?: string | null;
  completedAt?: string | null;
};

/** What the service answered, as terms of a `<dl>`: the case team and the service read the same facts. */
export function ReferralAnswerFacts({ referral: r }: { referral: Answer }) {
  const t = useT();
  const fact = (label: Parameters<typeof t>[0], value: string | null | undefined, body = false) =>
    value ? (
      <>
        <dt>{t(label)}</dt>
        <dd className={body ? "body" : undefined}>{value}</dd>
      </>
    ) : null;
  return (
    <>
      {fact("referrals.answeredAt", r.answeredAt)}
      {fact("referrals.declineReason", r.declineReason, true)}
      {fact("referrals.actionTaken", r.actionTaken, true)}
      {fact("referrals.outcome", r.outcome, true)}
      {fact("referrals.completedAt", r.completedAt)}
    </>
  );
}
