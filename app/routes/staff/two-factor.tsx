import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  type RouterContextProvider,
} from "react-router";
import { Form, useActionData, useLoaderData } from "react-router";
import { EnrolmentKey, RecoveryCodes } from "~/components/two-factor";
import { enrolAtSignIn, giveSecondFactor, secondFactorStep } from "~/domain/auth/sign-in.server";
import { secondFactorsPerClient } from "~/domain/auth/sign-in-throttle.server";
import { formatTotpSecret, totpKeyUri } from "~/domain/auth/two-factor.server";
import { staffHome } from "~/domain/policy/policy.server";
import { clientKeyOf, formString, readForm } from "~/http/form.server";
import { staffSessionContext } from "~/http/request-context.server";
import { safeNext } from "~/http/staff-session.server";
import type { MessageKey } from "~/i18n/dictionary";
import { useT } from "~/i18n/i18n";
import { titleMeta } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "accounts.twoFactor.title");

/** The session waiting for its second factor, or a redirect to sign in first. */
async function pendingSession(request: Request, context: Readonly<RouterContextProvider>) {
  const session = context.get(staffSessionContext);
  if (!session) {
    const next = safeNext(new URL(request.url).searchParams.get("next"));
    throw redirect(next ? `/staff/sign-in?next=${encodeURIComponent(next)}` : "/staff/sign-in");
  }
  return session;
}

function continueTo(request: Request, role: Parameters<typeof staffHome>[0]): string {
  return safeNext(new URL(request.url).searchParams.get("next")) ?? staffHome(role);
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await pendingSession(request, context);
  const next = continueTo(request, session.user.role);
  // Signed in already (or just now, by the enrolment below, whose recovery codes are on this page).
  if (!session.secondFactorPending) return { mode: "done" as const, next };
  const step = await secondFactorStep(session);
  if (step.mode === "verify") return { mode: "verify" as const, next };
  return { mode: "enrol" as const, next, key: formatTotpSecret(step.secret), uri: totpKeyUri(session.user.email, step.secret) };
}

type ActionResult = { error?: MessageKey; recoveryCodes?: string[] };

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await pendingSession(request, context);
  const form = await readForm(request);
  const code = formString(form, "code").trim().slice(0, 64);
  if (!session.secondFactorPending) return redirect(continueTo(request, session.user.role));
  if (!secondFactorsPerClient.attempt(clientKeyOf(context))) return data<ActionResult>({ error: "signIn.error.tooMany" }, 429);
  if (formString(form, "intent") === "enrol") {
    const recoveryCodes = await enrolAtSignIn(session, code);
    if (!recoveryCodes) return data<ActionResult>({ error: "accounts.enrol.error" }, 400);
    return data<ActionResult>({ recoveryCodes });
  }
  const result = await giveSecondFactor(session, code);
  if (!result.ok) {
    return data<ActionResult>(
      { error: result.problem === "locked" ? "accounts.error.locked" : "accounts.twoFactor.error.invalid" },
      result.problem === "locked" ? 429 : 400,
    );
  }
  // After a recovery code, the account page: how many are left, and setting up a new phone.
  if (result.method === "recovery") return redirect("/staff/account?recovery=used");
  return redirect(continueTo(request, session.user.role));
}

export default function TwoFactor() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const error = result && "error" in result ? result.error : undefined;
  const recoveryCodes = result && "recoveryCodes" in result ? result.recoveryCodes : undefined;
  if (recoveryCodes || page.mode === "done") {
    return (
      <section className="card narrow">
        <h1>{t("accounts.twoFactor.title")}</h1>
        {recoveryCodes && <RecoveryCodes codes={recoveryCodes} />}
        <p>
          <a className="button" href={page.next}>
            {recoveryCodes ? t("accounts.recovery.continue") : t("accounts.twoFactor.submit")}
          </a>
        </p>
      </section>
    );
  }
  return (
    <section className="card narrow">
      <h1>{page.mode === "enrol" ? t("accounts.enrol.title") : t("accounts.twoFactor.title")}</h1>
      {error && (
        <p className="problem" role="alert" id="code-error">
          {t(error)}
        </p>
      )}
      {page.mode === "enrol" ? (
        <>
          <p>{t("accounts.enrol.why")}</p>
          <EnrolmentKey keyText={page.key} uri={page.uri} />
          <Form method="post">
            <input type="hidden" name="intent" value="enrol" />
            <label htmlFor="code">{t("accounts.enrol.code")}</label>
            <input
              id="code"
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              required
              maxLength={12}
              aria-describedby={error ? "code-error" : undefined}
            />
            <button type="submit" className="button">
              {t("accounts.enrol.submit")}
            </button>
          </Form>
        </>
      ) : (
        <Form method="post">
          <input type="hidden" name="intent" value="verify" />
          <p>{t("accounts.twoFactor.lead")}</p>
          <label htmlFor="code">{t("accounts.twoFactor.code")}</label>
          <p className="hint" id="code-hint">
            {t("accounts.twoFactor.codeHint")}
          </p>
          <input
            id="code"
            name="code"
            autoComplete="one-time-code"
            autoCapitalize="none"
            spellCheck={false}
            required
            maxLength={32}
            aria-describedby={error ? "code-hint code-error" : "code-hint"}
          />
          <button type="submit" className="button">
            {t("accounts.twoFactor.submit")}
          </button>
        </Form>
      )}
      <Form method="post" action="/staff/sign-out">
        <button type="submit" className="link">
          {t("accounts.twoFactor.cancel")}
        </button>
      </Form>
    </section>
  );
}
