// Placeholder until the route is built.
export default function Placeholder() {
  return null;
}
