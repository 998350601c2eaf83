/**
 * The fuzz runs on its own (`npm run test:fuzz`, part of `npm test`), after the unit suite and not beside it:
 * it bounds every answer at 2 s, which means nothing when other test workers starve the bot of CPU. The unit
 * suite's config ignores this folder.
 */
const path = require('path');

/** @type {import('jest').Config} */
module.exports = {
  rootDir: path.join(__dirname, '..', '..'),
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/fuzz/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
};
