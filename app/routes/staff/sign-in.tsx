import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "react-router";
import { Form, useActionData, useLoaderData } from "react-router";
import { sessionIdleMs } from "~/domain/auth/sessions.server";
import { authenticate } from "~/domain/auth/sign-in.server";
import { staffHome } from "~/domain/policy/policy.server";
import { limits } from "~/domain/rate-limit/rate-limit.server";
import { clientKeyOf, formString, readForm } from "~/http/form.server";
import { currentStaff, safeNext, startSession } from "~/http/staff-session.server";
import type { MessageKey } from "~/i18n/dictionary";
import { useT } from "~/i18n/i18n";
import { titleMeta } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "signIn.title");

/** Where to go next, with `next` kept: a second factor first when the account needs one. */
function afterPassword(next: string | undefined, needsSecondFactor: boolean, home: string): string {
  if (needsSecondFactor) return next ? `/staff/two-factor?next=${encodeURIComponent(next)}` : "/staff/two-factor";
  return next ?? home;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const session = await currentStaff(request);
  if (session)
    throw redirect(afterPassword(safeNext(url.searchParams.get("next")), session.secondFactorPending, staffHome(session.user.role)));
  return { passwordSet: url.searchParams.has("password-set"), idleMinutes: Math.round(sessionIdleMs() / 60_000) };
}

const problemKey: Record<"invalid" | "locked", MessageKey> = { invalid: "signIn.error.invalid", locked: "accounts.error.locked" };

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const email = formString(form, "email").slice(0, 254);
  const password = formString(form, "password").slice(0, 1024);
  if (!limits.signInsPerClient.attempt(clientKeyOf(context))) {
    return data({ error: "signIn.error.tooMany" as MessageKey, email }, 429);
  }
  const result = email && password ? await authenticate(email, password) : ({ ok: false, problem: "invalid" } as const);
  if (!result.ok) return data({ error: problemKey[result.problem], email }, result.problem === "locked" ? 429 : 400);
  const cookie = await startSession(result);
  const next = safeNext(new URL(request.url).searchParams.get("next"));
  return redirect(afterPassword(next, result.needsSecondFactor, staffHome(result.user.role)), { headers: { "Set-Cookie": cookie } });
}

export default function SignIn() {
  const { passwordSet, idleMinutes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <section className="card narrow">
      <h1>{t("signIn.title")}</h1>
      {passwordSet && !result && (
        <p className="notice" role="status">
          {t("accounts.signIn.passwordSet")}
        </p>
      )}
      <Form method="post">
        {result?.error && (
          <p className="problem" role="alert">
            {t(result.error)}
          </p>
        )}
        <label htmlFor="email">{t("signIn.email")}</label>
        <input id="email" name="email" type="email" autoComplete="username" required maxLength={254} defaultValue={result?.email ?? ""} />
        <label htmlFor="password">{t("signIn.password")}</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
        <button type="submit" className="button">
          {t("signIn.submit")}
        </button>
      </Form>
      <p className="hint small">{t("accounts.signIn.idle", { minutes: idleMinutes })}</p>
    </section>
  );
}
