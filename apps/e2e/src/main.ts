// apps/e2e holds only end-to-end tests of the whole system (src/*.spec.ts); this file gives
// its build target an input. Nx builds every app the tests start first (implicitDependencies).
export {};
