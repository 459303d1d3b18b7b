// ESLint, kept small on purpose: regular expressions (ReDoS and real mistakes) and import cycles,
// no style rules, so that it never churns working code. Type checking is tsc's job (npm test).
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import regexp from 'eslint-plugin-regexp';
import tseslint from 'typescript-eslint';

/** Library code: it runs regular expressions on model output, which can be 150 KB of anything. */
const LIBRARY = ['src/**/*.ts'];
const TESTS = ['**/*.test.ts', 'test/**'];

export default tseslint.config(
  // .tmp/ is git-ignored scratch (bench/README.md unpacks an old build there to compare against).
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench/results/**', '.tmp/**'] },
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 'latest', sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'warn' },
    plugins: { regexp, 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js', '.mjs', '.cjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      // Sources import './x.js' and the file is x.ts (NodeNext style).
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js'], extensionAlias: { '.js': ['.ts', '.js'] } })],
    },
    rules: {
      ...regexp.configs['flat/recommended'].rules,
      // Style or micro-simplification, not mistakes: off.
      'regexp/prefer-character-class': 'off',
      'regexp/prefer-range': 'off',
      'regexp/use-ignore-case': 'off',
      'regexp/no-useless-escape': 'off',
      'regexp/no-unused-capturing-group': 'off',
      'regexp/optimal-quantifier-concatenation': 'off',
      'import-x/no-cycle': 'error',
    },
  },
  {
    // A regex that backtracks super-linearly on a long response is a denial of service (one took
    // 8.7 s on 150 KB before a review found it). Tests, benches and scripts run on fixed data.
    files: LIBRARY,
    ignores: TESTS,
    rules: {
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': 'error',
    },
  },
);
