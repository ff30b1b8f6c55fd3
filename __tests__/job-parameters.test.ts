import { readFileSync } from "node:fs";
import { join } from "node:path";
import { exampleEnvironments, resourcesOf, synthBlueprint } from "./helpers";

// A job parameter that no widget of its notebook reads is silently ignored on Databricks (the
// notebook runs on its default), so every base parameter must name a widget of that notebook.
const widgetsOf = (notebookPath: string): string[] => {
  const source = readFileSync(join(__dirname, "..", `${notebookPath}.py`), "utf8");
  return [...source.matchAll(/dbutils\.widgets\.(?:text|dropdown|combobox|multiselect)\(\s*"([^"]+)"/g)].map((m) => m[1]);
};
/** The parameters of a task that its notebook defines no widget for. */
const unknownParameters = (notebookPath: string, parameters: Record<string, string> = {}): string[] => {
  const widgets = widgetsOf(notebookPath);
  expect(widgets.length).toBeGreaterThan(0);
  return Object.keys(parameters).filter((parameter) => !widgets.includes(parameter));
};

const stacks = synthBlueprint(Object.values(exampleEnvironments()));
const configStacks = Object.keys(stacks).filter((name) => name.endsWith("-workspace-config"));

describe("job parameters and notebook widgets", () => {
  it.each(configStacks)("%s passes only parameters its notebooks read", (name) => {
    const tasks = resourcesOf(stacks[name], "databricks_job").flatMap(
      (job) => job.task as Array<{ task_key: string; notebook_task: { notebook_path: string; base_parameters?: Record<string, string> } }>,
    );
    expect(tasks.length).toBeGreaterThanOrEqual(3);
    for (const task of tasks) {
      const unknown = unknownParameters(task.notebook_task.notebook_path, task.notebook_task.base_parameters);
      expect({ task: task.task_key, unknown }).toEqual({ task: task.task_key, unknown: [] });
    }
  });

  it("would catch a parameter the notebook does not read", () => {
    expect(unknownParameters("notebooks/04_train_model", { gold_schema: "gold", silver_schema: "silver" })).toEqual(["silver_schema"]);
  });
});
