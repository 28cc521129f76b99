import { Outlet } from "react-router";

// One case's pages: the case, its evidence, transfer and referrals (routes.ts).
export default function CaseLayout() {
  return <Outlet />;
}

export { RouteErrorPage as ErrorBoundary } from "~/components/route-error-page";
