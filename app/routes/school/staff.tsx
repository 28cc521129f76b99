import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, type RouterContextProvider } from "react-router";
import { Form, useActionData, useLoaderData } from "react-router";
import { describedBy, ErrorSummary, FieldError, type FieldErrors } from "~/components/fields";
import { LinkMade, PersonInviteFields, type MadeLink } from "~/components/invitation";
import { accountLinkPath } from "~/domain/auth/one-time-links.server";
import { SCHOOL_STAFF_ROLES, schoolInviteSchema } from "~/domain/auth/invite-input";
import { inviteToSchool, listSchoolStaff, resetStaffAccess } from "~/domain/auth/staff-accounts.server";
import { may } from "~/domain/policy/policy.server";
import { formString, idField, parseForm, readForm } from "~/http/form.server";
import { requireActor } from "~/http/staff-session.server";
import type { MessageKey } from "~/i18n/dictionary";
import { formatDateTime, useT } from "~/i18n/i18n";
import { resolveLanguage } from "~/i18n/language";
import { titleMeta } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "accounts.staff.title");

async function requireStaffManager(context: Readonly<RouterContextProvider>) {
  const actor = await requireActor(context);
  if (!may(actor, "manage:staff:school")) throw new Response(null, { status: 403 });
  return actor;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireStaffManager(context);
  return { staff: await listSchoolStaff(actor), roles: SCHOOL_STAFF_ROLES };
}

type ActionResult =
  { kind: "invite"; errors: FieldErrors; made?: MadeLink } | { kind: "reset"; userId: number; error?: MessageKey; made?: MadeLink };

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireStaffManager(context);
  const form = await readForm(request);
  const lang = resolveLanguage(request, actor.user.language);
  const linkUrl = (token: string) => new URL(accountLinkPath(token), request.url).toString();
  if (formString(form, "intent") === "invite") {
    const parsed = parseForm(form, schoolInviteSchema, "accounts.invite.error.email");
    if (!parsed.ok) return data<ActionResult>({ kind: "invite", errors: parsed.errors as FieldErrors }, 400);
    const result = await inviteToSchool(actor, {
      email: parsed.data.email,
      displayName: parsed.data.name,
      role: parsed.data.role,
      language: parsed.data.language,
    });
    if (!result.ok) {
      return data<ActionResult>(
        { kind: "invite", errors: { email: result.problem === "taken" ? "accounts.invite.error.taken" : "accounts.invite.error.email" } },
        400,
      );
    }
    return data<ActionResult>({
      kind: "invite",
      errors: {},
      made: { purpose: "invite", name: parsed.data.name, url: linkUrl(result.token), until: formatDateTime(lang, result.expiresAt) },
    });
  }
  if (formString(form, "intent") === "reset") {
    // Another school's account and one that does not exist answer alike: 404.
    const userId = idField(form, "userId");
    if (userId === actor.user.id) return data<ActionResult>({ kind: "reset", userId, error: "accounts.staff.error.self" }, 400);
    const link = await resetStaffAccess(actor, userId, { resetTwoFactor: formString(form, "resetTwoFactor") === "on" });
    if (!link) throw new Response(null, { status: 404 });
    return data<ActionResult>({
      kind: "reset",
      userId,
      made: { purpose: link.purpose, name: link.name, url: linkUrl(link.token), until: formatDateTime(lang, link.expiresAt) },
    });
  }
  return data<ActionResult>({ kind: "invite", errors: {} }, 400);
}

export default function SchoolStaff() {
  const { staff, roles } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const t = useT();
  const invite = result?.kind === "invite" ? result : undefined;
  const errors = invite?.errors ?? {};
  return (
    <>
      <section className="card wide">
        <h1>{t("accounts.staff.title")}</h1>
        {staff.length === 0 && <p>{t("accounts.staff.none")}</p>}
        <ul className="plain staff-list">
          {staff.map((s) => {
            const reset = result?.kind === "reset" && result.userId === s.id ? result : undefined;
            return (
              <li key={s.id}>
                <h2 className="staff-name">
                  {s.name}
                  {s.self && <span className="small"> ({t("accounts.staff.you")})</span>}
                </h2>
                <p className="small">
                  {t(`role.${s.role}`)} · {s.email}
                </p>
                <p className="small">
                  <span className="badge">
                    {t(
                      s.twoFactor
                        ? "accounts.staff.twoFactorOn"
                        : s.twoFactorRequired
                          ? "accounts.staff.twoFactorMissing"
                          : "accounts.staff.twoFactorOff",
                    )}
                  </span>{" "}
                  {s.locked && <span className="badge danger">{t("accounts.staff.locked")}</span>}{" "}
                  {s.access === "invited" && <span className="badge status-new">{t("accounts.staff.invited")}</span>}
                  {s.access === "reset" && <span className="badge status-new">{t("accounts.staff.resetPending")}</span>}
                </p>
                {reset?.error && (
                  <p className="problem" role="alert">
                    {t(reset.error)}
                  </p>
                )}
                {reset?.made && <LinkMade made={reset.made} />}
                {!s.self && (
                  <details>
                    <summary>{t(s.access === "invited" ? "accounts.staff.reinvite" : "accounts.staff.reset")}</summary>
                    <Form method="post">
                      <input type="hidden" name="intent" value="reset" />
                      <input type="hidden" name="userId" value={s.id} />
                      {s.access === "invited" ? (
                        <p className="hint">{t("accounts.staff.reinviteHint")}</p>
                      ) : (
                        <>
                          <p className="hint">{t("accounts.staff.resetHint")}</p>
                          {s.twoFactor && (
                            <label className="choice">
                              <input type="checkbox" name="resetTwoFactor" />
                              <span>{t("accounts.staff.resetTwoFactor")}</span>
                            </label>
                          )}
                        </>
                      )}
                      <button type="submit" className="secondary">
                        {t(s.access === "invited" ? "accounts.staff.reinvite" : "accounts.staff.reset")}
                      </button>
                    </Form>
                  </details>
                )}
              </li>
            );
          })}
        </ul>
      </section>

      <section className="card" aria-labelledby="invite-title">
        <h2 id="invite-title">{t("accounts.invite.title")}</h2>
        <p className="hint">{t("accounts.invite.noEmail")}</p>
        <ErrorSummary errors={errors} title={t("accounts.invite.title")} />
        {invite?.made && <LinkMade made={invite.made} />}
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="invite" />
          <PersonInviteFields errors={errors}>
            <label htmlFor="role">{t("accounts.invite.role")}</label>
            <FieldError id="role" error={errors.role} />
            <select id="role" name="role" defaultValue="teacher" {...describedBy("role", errors)}>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {t(`role.${r}`)}
                </option>
              ))}
            </select>
          </PersonInviteFields>
          <button type="submit" className="button">
            {t("accounts.invite.submit")}
          </button>
        </Form>
      </section>
    </>
  );
}
