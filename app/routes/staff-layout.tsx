import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { findRegion } from "~/content/content";
import { may } from "~/domain/policy/policy.server";
import { rememberLanguage } from "~/domain/auth/staff-accounts.server";
import { requireActor } from "~/http/staff-session.server";
import { localize, useLang, useT } from "~/i18n/i18n";
import { isLanguage } from "~/i18n/language";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const lang = new URL(request.url).searchParams.get("lang");
  // A language picked once stays picked on every device the staff member uses.
  if (isLanguage(lang) && lang !== actor.user.language) await rememberLanguage(actor, lang);
  const region = findRegion(actor.region)!;
  return {
    user: { name: actor.user.display_name, role: actor.user.role },
    regionName: region.name,
    canReadReports: may(actor, "read:report:school"),
  };
}

export default function StaffLayout() {
  const { user, regionName, canReadReports } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  return (
    <>
      <nav className="staff-nav" aria-label={t("nav.staff")}>
        <span>
          {user.name} · {t(`role.${user.role}`)} · {localize(regionName, lang)}
        </span>
        {canReadReports && <NavLink to="/school/reports">{t("nav.inbox")}</NavLink>}
        <Form method="post" action="/staff/sign-out">
          <button type="submit" className="link">
            {t("nav.signOut")}
          </button>
        </Form>
      </nav>
      <Outlet />
    </>
  );
}
