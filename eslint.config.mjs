import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Each framework is imported in one folder only (test/structure/layers.test.ts checks the same). */
const FENCED = {
  botbuilder: {
    group: ['botbuilder', 'botbuilder-*', 'botframework-*'],
    message: 'botbuilder is imported only inside src/bot/ so that a move to the Agents SDK stays small.',
  },
  restify: {
    group: ['restify', 'restify/*', 'restify-*'],
    message:
      'restify is imported only inside src/http/: the routes of src/status and src/stats are src/web/route.ts.',
  },
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'test-results/', 'build/', 'data/', 'docs/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
        console: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { patterns: [FENCED.botbuilder, FENCED.restify] }],
    },
  },
  {
    files: ['src/bot/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [FENCED.restify] }] },
  },
  {
    files: ['src/http/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [FENCED.botbuilder] }] },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/config/**', 'src/main.ts', 'src/start.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Only src/config reads the environment.' },
      ],
    },
  },
  {
    // A binding named `process` hides Node's global in its scope: the process definition is `proc`.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...[
          ":function > Identifier.params[name='process']",
          "AssignmentPattern > Identifier.left[name='process']",
          "TSParameterProperty > Identifier.parameter[name='process']",
          "VariableDeclarator > Identifier.id[name='process']",
          "ObjectPattern > Property > Identifier.value[name='process']",
          "ArrayPattern > Identifier[name='process']",
          "RestElement > Identifier.argument[name='process']",
        ].map((selector) => ({
          selector,
          message: "Name it `proc`: a binding called `process` shadows Node's global `process`.",
        })),
      ],
    },
  },
);
