// ESLint keeps the import arrows of ARCHITECTURE.md pointing one way (as tRPC's lint does): services →
// service-kit, tabular, model-store, contracts; tabular → engines, contracts; model-store → contracts;
// engines → nothing. The parser runs without type information, so the whole tree lints in seconds.
//
// The rule is typescript-eslint's no-restricted-imports (core's, extended to TypeScript syntax). It refuses
// `import type` too: a route typed by ModelStore is still written against the store (domain/ exports the deps type).
// In a flat config a later entry for the rule replaces an earlier one for the files both match, so each folder's
// entry below lists every pattern that applies there (restrictImports joins them).
import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const SOURCES = ['packages/*/src/**/*.ts', 'services/*/src/**/*.ts', 'services/*/test/**/*.ts', 'bench/src/**/*.ts', 'tests/**/*.ts'];

/** Folder names under `dir`: a new service or package gets its boundaries without an edit here. */
const folders = (dir) => readdirSync(new URL(`./${dir}/`, import.meta.url), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
const SERVICES = folders('services');
const PACKAGES = folders('packages');

const anyOf = (names) => `(${names.join('|')})`;
/** An import of `@tabula/<name>` or of one of its subpaths. */
const tabula = (names, message) => ({ regex: `^@tabula/${anyOf(names)}(/|$)`, message });

// Patterns: a regex over the import specifier as written, with the rule the arrow follows and what to do instead.
const SERVICE_FROM_PACKAGE = 'A package never imports a service: services depend on packages, not the other way round.';
const NO_SERVICE_FROM_PACKAGE = [tabula(SERVICES, SERVICE_FROM_PACKAGE), { regex: '^(\\.\\./)+services/', message: SERVICE_FROM_PACKAGE }];
const NO_PACKAGE_INTERNALS = [
  { regex: '^@tabula/[^/]+/(src|dist)(/|$)', message: 'Import a package by its name: it exports only through src/index.ts.' },
  { regex: `^(\\.\\./)+(packages/)?${anyOf(PACKAGES)}/(src|dist)/`, message: 'Import a package by its name (@tabula/…), not by a path into its src/ or dist/.' },
];
const otherServices = (service) => {
  const others = SERVICES.filter((name) => name !== service);
  const message = `Services never import each other: ${service} reaches another service over HTTP only.`;
  return [tabula(others, message), { regex: `^(\\.\\./)+(services/)?${anyOf(others)}/(src|dist|test)/`, message }];
};
const ROUTES = [
  tabula(['model-store', 'tabular', 'engines'], 'routes/ is the protocol layer (parse → one domain call → send): reach the store, tabular and engines through a domain/ function.'),
];
const DOMAIN = [
  { regex: '^express(/|$)', message: 'domain/ is plain (input, deps) → result functions with no req/res: leave express to routes/.' },
  tabula(['service-kit'], 'domain/ knows no HTTP glue: take what it needs from service-kit as a dependency, or move the code to routes/.'),
  { regex: '^(\\.\\./)+routes/', message: 'routes/ calls domain/, never the other way round.' },
];
const SCORING_PORT = "The predictor's arrows run one way: domain/ declares the scoring port it needs (a function type) and scoring/ implements it, wired in app.ts.";
const PREDICTOR_DOMAIN = [{ regex: '(^|/)scoring/', message: SCORING_PORT }];
const PREDICTOR_ROUTES = [{ regex: '(^|/)scoring/', message: `routes/ calls domain/ only. ${SCORING_PORT}` }];

/** What each package may import of ours; every other @tabula/* name is refused (service-kit is left to its deps). */
const PACKAGE_MAY_IMPORT = {
  contracts: [],
  engines: [],
  'model-store': ['contracts'],
  tabular: ['engines', 'contracts'],
};
const packageArrows = (pkg) => {
  const allowed = PACKAGE_MAY_IMPORT[pkg];
  if (!allowed) return [];
  const may = allowed.length === 0 ? 'nothing of ours' : allowed.map((name) => `@tabula/${name}`).join(' and ');
  const unlessAllowed = allowed.length === 0 ? '' : `(?!${anyOf(allowed)}(/|$))`;
  return [{ regex: `^@tabula/${unlessAllowed}`, message: `@tabula/${pkg} may import ${may} (ARCHITECTURE.md, Boundaries).` }];
};

const restrictImports = (files, ...groups) => ({
  files,
  rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: groups.flat(Infinity) }] },
});

export default [
  { ignores: ['**/dist/**', '**/node_modules/**', 'tests/fixtures/**'] },
  { files: SOURCES, ...js.configs.recommended },
  ...tseslint.configs.recommended.map((config) => ({ ...config, files: SOURCES })),
  {
    files: SOURCES,
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      // A leading underscore marks a parameter or binding kept on purpose (an interface's shape, a tuple slot).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-unused-expressions': 'error',
    },
  },
  ...PACKAGES.map((pkg) => restrictImports([`packages/${pkg}/src/**/*.ts`], NO_SERVICE_FROM_PACKAGE, NO_PACKAGE_INTERNALS, packageArrows(pkg))),
  ...SERVICES.flatMap((service) => {
    const base = [otherServices(service), NO_PACKAGE_INTERNALS];
    return [
      restrictImports([`services/${service}/src/**/*.ts`], base),
      restrictImports([`services/${service}/src/routes/**/*.ts`], base, ROUTES, service === 'predictor' ? PREDICTOR_ROUTES : []),
      restrictImports([`services/${service}/src/domain/**/*.ts`], base, DOMAIN, service === 'predictor' ? PREDICTOR_DOMAIN : []),
    ];
  }),
  restrictImports(['services/*/test/**/*.ts', 'bench/src/**/*.ts', 'tests/**/*.ts'], NO_PACKAGE_INTERNALS),
];
