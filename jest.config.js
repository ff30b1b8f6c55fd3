const { availableParallelism } = require("node:os");

// `npm run test:unit`. Jest only transpiles (swc); type-checking happens once, in `npm run typecheck`.
// The tests that run a real tool as a child process (the app's command, the cdktf CLI, checkov) live
// in __tests__/tools/ and run in the step that owns that tool (jest.tools.config.js).
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/__tests__/tools/"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" } }] },
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
  // One synth of an estate per run, shared by the test files (see synthBlueprintSelected in helpers.ts).
  globalSetup: "<rootDir>/__tests__/global-setup.ts",
  globalTeardown: "<rootDir>/__tests__/global-teardown.ts",
  // Jest's order, except that two files needing that same estate do not start side by side.
  testSequencer: "<rootDir>/__tests__/sequencer.js",
  // Jest's default leaves a core idle (cores - 1: on two cores, one process); the suite is CPU-bound
  // synths, so every core runs a worker.
  maxWorkers: availableParallelism(),
  testTimeout: 120000,
};
