import { readFileSync } from "node:fs";
import { join } from "node:path";
import { exampleEnvironments, resourcesOf, synthBlueprint } from "./helpers";

// A job parameter that no widget of its notebook reads is silently ignored on Databricks (the
// notebook runs on its default), so every base parameter must name a widget of that notebook.
const widgetsOf = (notebookPath: string): string[] => {
  const source = readFileSync(join(__dirname, "..", `${notebookPath}.py`), "utf8");
  return [...source.matchAll(/dbutils\.widgets\.(?:text|dropdown|combobox|multiselect)\(\s*"([^"]+)"/g)].map((m) => m[1]);
};

const stacks = synthBlueprint(Object.values(exampleEnvironments()));
const configStacks = Object.keys(stacks).filter((name) => name.endsWith("-workspace-config"));

describe("job parameters and notebook widgets", () => {
  it.each(configStacks)("%s passes only parameters its notebooks read", (name) => {
    const tasks = resourcesOf(stacks[name], "databricks_job").flatMap((job) => job.task as Array<{ task_key: string; notebook_task: { notebook_path: string; base_parameters?: Record<string, string> } }>);
    expect(tasks.length).toBeGreaterThanOrEqual(3);
    for (const task of tasks) {
      const widgets = widgetsOf(task.notebook_task.notebook_path);
      expect(widgets.length).toBeGreaterThan(0);
      const unknown = Object.keys(task.notebook_task.base_parameters ?? {}).filter((parameter) => !widgets.includes(parameter));
      expect({ task: task.task_key, unknown }).toEqual({ task: task.task_key, unknown: [] });
    }
  });

  it("would catch a parameter the notebook does not read", () => {
    expect(widgetsOf("notebooks/04_train_model")).not.toContain("silver_schema");
    expect(widgetsOf("notebooks/04_train_model")).toContain("gold_schema");
  });
});
