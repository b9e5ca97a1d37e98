import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Module-level state is what this library promises not to have: a binding that can be
// reassigned, or a container created at load time, is shared by every instance and test.
const moduleStateSelectors = [
  'Program > VariableDeclaration[kind!="const"]',
  'Program > ExportNamedDeclaration > VariableDeclaration[kind!="const"]',
  'Program > VariableDeclaration > VariableDeclarator > NewExpression.init[callee.name=/^(Map|Set|WeakMap|WeakSet|Array|AsyncLocalStorage)$/]',
  'Program > ExportNamedDeclaration > VariableDeclaration > VariableDeclarator > NewExpression.init[callee.name=/^(Map|Set|WeakMap|WeakSet|Array|AsyncLocalStorage)$/]',
  'Program > VariableDeclaration > VariableDeclarator > ArrayExpression.init',
].map((selector) => ({
  selector,
  message: 'No module-level mutable state in src/: it belongs to the Telemetry instance or the async context.',
}));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.node24/**', '.pack/**', 'coverage/**', 'reports/**', '.stryker-tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        queueMicrotask: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', ...moduleStateSelectors],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'examples/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
