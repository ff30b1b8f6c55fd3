// The jest tests that run a real tool as a child process, each run by the step that owns the tool:
// __tests__/tools/cli/ by `npm run test:cli` (the app of cdktf.json and the cdktf CLI), and
// __tests__/tools/checkov/ by `npm run scan`. Same transform and setup as the unit tests
// (jest.config.js); none of them uses the unit tests' shared synth cache.
const { globalSetup, globalTeardown, testPathIgnorePatterns, ...unit } = require("./jest.config");

module.exports = {
  ...unit,
  roots: ["<rootDir>/__tests__/tools"],
  testPathIgnorePatterns: ["/node_modules/"],
  // The run's own TMPDIR, removed at the end (__tests__/scratch-tmpdir.ts).
  globalSetup: "<rootDir>/__tests__/tools-global-setup.ts",
  globalTeardown: "<rootDir>/__tests__/tools-global-teardown.ts",
};
