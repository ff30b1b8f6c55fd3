// Jest's order of test files (the ones that failed last time first, then the slowest of the previous
// run, else the largest), with one change: the files that read the example estate through helpers.ts
// (synthBlueprint of exampleEnvironments(), synthesized once per run and shared through the cache of
// global-setup.ts) do not start side by side. Started together on two workers, both would synthesize the
// same estate at once, one of them for nothing; one of them starts, the others wait until each worker
// has taken its first file.
const Sequencer = require("@jest/test-sequencer").default;
const { readFileSync } = require("node:fs");
const { availableParallelism } = require("node:os");

const readsExampleEstate = (path) => {
  const text = readFileSync(path, "utf8");
  return text.includes("exampleEnvironments()") && text.includes("synthBlueprint");
};

class SharedEstateSequencer extends Sequencer {
  constructor(options) {
    super(options);
    this.workers = options?.globalConfig?.maxWorkers ?? availableParallelism();
  }

  sort(tests) {
    const order = super.sort(tests);
    const first = [];
    const later = [];
    let estateStarted = false;
    for (const test of order) {
      if (first.length >= this.workers) later.push(test);
      else if (!readsExampleEstate(test.path)) first.push(test);
      else if (!estateStarted) {
        estateStarted = true;
        first.push(test);
      } else later.push(test);
    }
    return [...first, ...later];
  }
}

module.exports = SharedEstateSequencer;
