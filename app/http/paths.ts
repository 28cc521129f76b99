/** Staff areas: the only paths where a session cookie is read. */
export function isStaffPath(pathname: string): boolean {
  return /^\/(staff|school|district|region|service|national)(\/|$)/.test(pathname) && pathname !== "/staff/sign-in";
}
