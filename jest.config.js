// Two projects so that only the API tests pay for the embedded PostgreSQL server.
const swc = [
  '@swc/jest',
  {
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  },
];

/** @type {import('jest').Config} */
module.exports = {
  // Jest's default is one worker per core minus one: a single worker on the 2-core machines this runs on.
  maxWorkers: 2,
  projects: [
    {
      displayName: 'infra',
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': swc },
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/lambda/'],
      setupFiles: ['<rootDir>/test/support/infra-setup.ts'],
    },
    {
      displayName: 'api',
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': swc },
      testMatch: ['<rootDir>/test/lambda/**/*.test.ts'],
      // One embedded PostgreSQL for the project; each test file creates its own database on it.
      globalSetup: '<rootDir>/test/lambda/global-setup.mjs',
      globalTeardown: '<rootDir>/test/lambda/global-teardown.mjs',
      // Captures every log line of every test file and fails the file if fixture PHI appears in it.
      setupFilesAfterEnv: ['<rootDir>/test/lambda/support/no-phi-in-logs.ts'],
    },
  ],
};
