// Shared Jest settings. Tests run on the TypeScript sources (via @swc/jest, ESM):
// `@flywheel/<lib>` maps to `libs/<lib>/src/index.ts`, so a lib's tests never wait for a build.
import path from 'node:path';

const workspaceRoot = import.meta.dirname;

/** @param {string} projectDir absolute folder of the project */
export function jestConfig(projectDir) {
  return {
    rootDir: projectDir,
    displayName: path.basename(projectDir),
    testEnvironment: 'node',
    extensionsToTreatAsEsm: ['.ts'],
    transform: {
      '^.+\\.ts$': [
        '@swc/jest',
        { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } },
      ],
    },
    moduleNameMapper: {
      '^@flywheel/([a-z0-9-]+)$': `${workspaceRoot}/libs/$1/src/index.ts`,
      '^(\\.{1,2}/.*)\\.js$': '$1',
    },
    testMatch: ['<rootDir>/src/**/*.spec.ts'],
    testTimeout: 60_000,
  };
}
