/**
 * End-to-end tests: the built bot and the Microsoft 365 Agents Playground. Run them with `npm run test:e2e`
 * or `npm run test:browser` (scripts/e2e-run.sh builds first and isolates the network); the unit suite's
 * config ignores this folder.
 */
const path = require('path');

const shared = {
  rootDir: path.join(__dirname, '..', '..'),
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/*.e2e.test.ts'] },
    { ...shared, displayName: 'browser', testMatch: ['<rootDir>/test/e2e/*.browser.test.ts'] },
  ],
};
