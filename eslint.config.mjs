// ESLint flat config: type-aware typescript-eslint rules for src/ and __tests__/, regular-expression
// safety (eslint-plugin-regexp) everywhere, plain JavaScript rules for scripts/.
//
// The project compiles with TypeScript 7 (the native `tsc`), which has no JavaScript compiler API;
// typescript-eslint needs that API (it supports TypeScript < 6.1). So the linter alone loads
// TypeScript 6 (the `typescript-for-lint` alias in package.json): every `typescript` import made in
// this ESLint process resolves to it. Both read the same tsconfig.json.
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === 'typescript' || specifier.startsWith('typescript/')) return nextResolve(specifier.replace(/^typescript/, 'typescript-for-lint'), context);
    return nextResolve(specifier, context);
  },
});

const { default: js } = await import('@eslint/js');
const { default: tseslint } = await import('typescript-eslint');
const { default: regexp } = await import('eslint-plugin-regexp');
const { default: globals } = await import('globals');

/** An import rule for the files of one layer: `patterns` are regular expressions on the specifier. */
function layer(files, name, patterns) {
  return [{ name: `layers: ${name}`, files: [files], rules: { 'no-restricted-imports': ['error', { patterns: patterns.map(({ regex, message }) => ({ regex, message })) }] } }];
}

export default tseslint.config(
  { ignores: ['build/', 'dist/', 'coverage/', 'node_modules/', '.bench/'] },
  js.configs.recommended,
  regexp.configs['flat/recommended'],
  {
    rules: {
      // The sanitizers exist to find control characters: matching them is the point.
      'no-control-regex': 'off',
      // Zero-width joiners and other invisibles are listed in classes one by one, escaped, on purpose.
      'no-misleading-character-class': ['error', { allowEscape: true }],
      // Stylistic (and, across files other work is editing, churn): `[0-9A-Za-z_]` vs `\w`,
      // `[a-zA-Z]` vs the i flag, a group kept for readability. None of them is a bug.
      'regexp/no-unused-capturing-group': 'off',
      'regexp/prefer-w': 'off',
      'regexp/use-ignore-case': 'off',
      // U+FEFF is listed next to `\s` (which contains it) to say "a BOM too" where that is the case.
      'regexp/no-dupe-characters-character-class': 'off',
      // The regular-expression denial-of-service rules stay errors: `regexp/no-super-linear-backtracking`
      // (from the recommended set) and the exponential one.
      'regexp/no-super-linear-move': 'off',
    },
  },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // A new Observation kind, status or finding must be handled wherever a switch decides on it.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      // The project's judgement: `''` and `undefined` both mean "not given" (the runner passes unset
      // inputs as ''), `x.length ?` means "non-empty", and the numbers tested in conditions (HTTP
      // statuses, 1-based line numbers, delays) mean the same when 0 or absent. Those idioms stay;
      // what is refused is a condition on `any` (unvalidated JSON), on an object (always true) and
      // a predicate that mixes types.
      '@typescript-eslint/strict-boolean-expressions': [
        'error',
        { allowString: true, allowNumber: true, allowNullableObject: true, allowNullableBoolean: true, allowNullableString: true, allowNullableNumber: true, allowAny: false },
      ],
    },
  },
  // The layers (docs/architecture.md). src/contract.ts is the leaf both sides share; the probe (the
  // network) and the core (pure decisions) never import each other; only src/preflight.ts sees both;
  // render/ reads only the core's model and text. A relative specifier is matched, so a type-only
  // import counts too. Import cycles, which this rule cannot see, are refused by scripts/check-imports.mjs.
  ...layer('src/contract.ts', 'the contract is a leaf: it imports nothing', [{ regex: '.', message: 'src/contract.ts imports nothing.' }]),
  ...layer('src/probe/**/*.ts', 'the probe imports only src/contract.ts and probe/', [
    { regex: '^\\.\\./(?!contract\\.js$)', message: 'probe/ imports only ../contract.js and ./ modules: decisions belong to the core, wiring to src/preflight.ts.' },
  ]),
  ...layer('src/core/**/*.ts', 'the core imports only src/contract.ts and core/', [
    { regex: '^(\\.\\./)+(probe|render|cli|action|simulator)/', message: 'core/ is pure: it imports only src/contract.ts and core/ (src/preflight.ts wires the probe to it).' },
    { regex: '^(\\.\\./)+(preflight|main|version)\\.js$', message: 'core/ imports only src/contract.ts and core/.' },
    { regex: '^(undici|@actions/)', message: 'core/ is pure: no network or runner library.' },
  ]),
  ...layer('src/render/**/*.ts', "render/ reads only the core's model and text", [
    { regex: '^\\.\\./(probe|cli|action|simulator)/|^\\.\\./(preflight|main)\\.js$', message: "render/ turns a Diagnosis into text: it imports only the core's model and text." },
    {
      regex: '^\\.\\./core/(?!verdict/(findings|status)\\.js$|text/|input/input-table\\.js$)',
      message: "render/ imports only the core's model (verdict/findings, verdict/status, input/input-table) and core/text/.",
    },
  ]),
  ...layer('src/simulator/**/*.ts', 'the simulator stands alone', [{ regex: '^\\.\\./', message: 'The simulated API shares no code with what it tests.' }]),
  ...layer('src/cli/**/*.ts', 'the CLI is an edge', [{ regex: '^\\.\\./(action|simulator)/', message: 'The CLI does not import the action edge or the simulator.' }]),
  ...layer('src/action/**/*.ts', 'the action is an edge', [{ regex: '^\\.\\./(cli|simulator)/', message: 'The action does not import the CLI edge or the simulator.' }]),
  {
    // Tests read JSON they produced themselves (`JSON.parse(stdout)`), write fakes of async
    // interfaces without awaits and hand methods to `expect`: the unsafe-any rules guard code that
    // reads untrusted input, which tests are not. src/ keeps every one of them.
    files: ['__tests__/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/unbound-method': 'off',
      // Test helpers match the repository's own files, not attacker-controlled text.
      'regexp/no-super-linear-backtracking': 'off',
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
);
