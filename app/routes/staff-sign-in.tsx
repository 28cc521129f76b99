import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { authenticate } from "~/domain/auth/sessions.server";
import { staffHome } from "~/domain/policy/policy.server";
import { limits } from "~/domain/rate-limit/rate-limit.server";
import { clientKeyOf, formString, readForm } from "~/http/form.server";
import { currentStaff, startSession } from "~/http/staff-session.server";
import type { MessageKey } from "~/i18n/dictionary";
import { useT } from "~/i18n/i18n";
import { titleMeta } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "signIn.title");

/** Only paths of this site: a sign-in link must not bounce staff to another one. */
function safeNext(next: string | null): string | undefined {
  if (!next) return undefined;
  const base = "http://senim.invalid";
  try {
    // The URL parser drops tabs and newlines as browsers do, so "/\t/evil" is seen as "//evil".
    const url = new URL(next, base);
    return url.origin === base ? url.pathname + url.search : undefined;
  } catch {
    return undefined;
  }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await currentStaff(request);
  if (session) throw redirect(staffHome(session.user.role));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const email = formString(form, "email");
  if (!limits.signInsPerClient.attempt(clientKeyOf(context))) {
    return data({ error: "signIn.error.tooMany" as MessageKey, email }, 429);
  }
  const found = email && formString(form, "password") ? await authenticate(email, formString(form, "password")) : undefined;
  if (!found) return data({ error: "signIn.error.invalid" as MessageKey, email }, 400);
  const cookie = await startSession(found.region, found.db, found.user.id);
  const next = safeNext(new URL(request.url).searchParams.get("next"));
  return redirect(next ?? staffHome(found.user.role), { headers: { "Set-Cookie": cookie } });
}

export default function SignIn() {
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <section className="card narrow">
      <h1>{t("signIn.title")}</h1>
      <Form method="post">
        {result?.error && (
          <p className="problem" role="alert">
            {t(result.error)}
          </p>
        )}
        <label htmlFor="email">{t("signIn.email")}</label>
        <input id="email" name="email" type="email" autoComplete="username" required defaultValue={result?.email ?? ""} />
        <label htmlFor="password">{t("signIn.password")}</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
        <button type="submit" className="button">
          {t("signIn.submit")}
        </button>
      </Form>
    </section>
  );
}
