// The layer rules of the README's "How it is built", checked by a machine (npm run lint):
// routes reach the data only through the domain, the domain knows nothing of HTTP or React,
// and db/ knows nothing of the app. It lives in .ci/ because the top level is fixed.
import tseslint from "typescript-eslint";

const noDb = { regex: "(^|/)db/", message: "Only the domain reaches db/: call a domain function.", allowTypeImports: true };
const noApp = { regex: "(^~/|(^|/)app/)", message: "db/ must not import the app: it is the layer under the domain." };
const noWeb = {
  regex: "^(react|react-dom|react-router|@react-router/.*|express|compression)(/.*)?$|^~/(http|routes|components)/",
  message: "The domain knows nothing of HTTP or React: take plain values and return them.",
};
const restricted = (...patterns) => ["error", { patterns }];

export default tseslint.config(
  { ignores: ["build*/**", "node_modules/**", "**/*.d.ts", "docs/**"] },
  {
    files: ["**/*.{ts,tsx,js}"],
    languageOptions: { parser: tseslint.parser },
    plugins: { "@typescript-eslint": tseslint.plugin },
    // An import or a variable nobody reads is left over from a change: it misleads the next reader.
    rules: { "@typescript-eslint/no-unused-vars": ["error", { args: "none", varsIgnorePattern: "^_", caughtErrors: "none" }] },
  },
  {
    files: ["app/routes/**", "app/components/**", "app/root.tsx"],
    rules: {
      "@typescript-eslint/no-restricted-imports": restricted(noDb),
      // An actor or a lookup may carry its region's database; a route hands the whole thing to the domain.
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[property.name='db']",
          message: "A route never holds a raw database handle: pass the actor to a domain function.",
        },
      ],
    },
  },
  { files: ["app/domain/**"], rules: { "@typescript-eslint/no-restricted-imports": restricted(noWeb) } },
  { files: ["db/**"], rules: { "@typescript-eslint/no-restricted-imports": restricted(noApp) } },
);
