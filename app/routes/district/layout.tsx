import { Outlet } from "react-router";

// District and region officials' pages: aggregates only, never a child's identity.

export default function DistrictArea() {
  return <Outlet />;
}

export { RouteErrorPage as ErrorBoundary } from "~/components/route-error-page";
