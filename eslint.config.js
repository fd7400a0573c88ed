// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'web/dist/', 'data/', 'test-results/', 'bench/results/', 'coverage/', 'build/', 'build.tmp-*/', 'build.old-*/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Fastify handlers are async by contract even when they do not await.
      '@typescript-eslint/require-await': 'off',
      // Non-null assertions after an explicit check read better than re-narrowing.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Module boundaries (docs/architecture.md): a module uses another only through that module's
    // public entry point (`index.ts`) or its pure engine (`engine/index.ts`), never its services,
    // repositories, tables, presenters or routes. Test files may reach further.
    files: ['src/modules/**/*.ts'],
    ignores: ['src/modules/**/*.test.ts', 'src/modules/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?:\\.\\./)+(?!platform/|db/|shared/|server/|cli/|demo/|modules/)[a-z][a-z-]*/(?!index$|engine$|engine/index$).+',
              message: 'Another module is used only through its index.ts (or its engine/index.ts): see docs/architecture.md, "Module boundaries".',
            },
            {
              regex: '^(?:\\.\\./)+modules/',
              message: 'Another module is used only through its index.ts: import ../<module> (see docs/architecture.md).',
            },
          ],
        },
      ],
    },
  },
  {
    // A route never acts as the system (CLI, demo loader, jobs), which sees everything: routes and
    // the server take their viewer from the request (`serviceContext`, `publicContext`).
    files: ['src/modules/**/*.routes.ts', 'src/server/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'Identifier[name=/^(systemViewer|systemServiceContext|systemContext)$/]',
          message: 'Routes and the server never use the system viewer: take the context from the request (serviceContext / publicContext).',
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: globals.node },
  },
);
