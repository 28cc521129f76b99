import { Outlet } from "react-router";
import { loadCaseAccess } from "~/http/case-request.server";

// One case's pages: the case, its evidence, transfer and referrals (routes.ts). Whether the actor
// may see the case is decided once, here; each page reads it with `requireCase`.
export const middleware = [loadCaseAccess];

export default function CaseLayout() {
  return <Outlet />;
}

export { RouteErrorPage as ErrorBoundary } from "~/components/route-error-page";
