import { Outlet } from "react-router";

// The ministry's page: every region rolled up, aggregates only.

export default function NationalArea() {
  return <Outlet />;
}

export { RouteErrorPage as ErrorBoundary } from "~/components/route-error-page";
