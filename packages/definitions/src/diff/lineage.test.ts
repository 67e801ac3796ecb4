import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { validateSources } from "../project/index.js";
import type { Workflow } from "../schema/index.js";
import {
  diffFieldReads,
  diffFieldWrites,
  fieldReadsByStep,
  fieldWritesByStep,
  type VersionReads,
} from "./lineage.js";

const folder = path.resolve(import.meta.dirname, "../../../../examples/trade-in");
const files = readdirSync(folder)
  .filter((name) => name.endsWith(".yaml"))
  .map((name) => ({ path: name, text: readFileSync(path.join(folder, name), "utf8") }));
const WORKFLOW = "trade-in.workflow.yaml";
const original = files.find((f) => f.path === WORKFLOW)?.text ?? "";

/** Validates the example project with the workflow's text replaced, and returns the workflow's reads. */
function version(text: string): VersionReads {
  const report = validateSources(files.map((f) => (f.path === WORKFLOW ? { ...f, text } : f)));
  expect(report.diagnostics).toEqual([]);
  const checked = report.definitions.find((d) => d.kind === "workflow");
  if (!checked) throw new Error("no workflow");
  return { workflow: checked.definition as Workflow, reads: checked.reads, path: checked.path };
}

describe("lineage", () => {
  const before = version(original);

  it("assigns each read to the step whose expression makes it", () => {
    const lineage = fieldReadsByStep(before);
    expect([...(lineage.get("notify_sales") ?? [])].sort()).toEqual([
      "trade-in.deal.customer_name",
      "trade-in.deal.id",
      "trade-in.deal.sales_owner",
    ]);
    expect(lineage.get("cash_credit")).toEqual(new Set(["trade-in.deal.sales_owner", "trade-in.deal.id"]));
  });

  it("finds no change in reads between a version and itself", () => {
    expect(diffFieldReads(before, version(original))).toEqual([]);
  });

  it("assigns reads outside steps to the part of the workflow they are in", () => {
    const edited = original.replace("vars:\n", "vars:\n  customer: record.customer_name\n");
    expect(diffFieldReads(before, version(edited))).toEqual([
      { step: "vars", added: ["trade-in.deal.customer_name"], removed: [] },
    ]);
  });

  it("lists fields newly read and no longer read, per step", () => {
    const edited = original.replace(
      'to: record.sales_owner\n      title: "Trade-in approved',
      'to: record.appraiser\n      title: "Trade-in approved',
    );
    expect(diffFieldReads(before, version(edited))).toEqual([
      {
        step: "notify_sales",
        added: ["trade-in.deal.appraiser"],
        removed: ["trade-in.deal.sales_owner"],
      },
    ]);
  });

  it("lists the fields each record-writing step writes, and how that changes", () => {
    const writes = fieldWritesByStep(before.workflow);
    expect([...(writes.get("save") ?? [])].sort()).toEqual([
      "trade-in.deal.residual_value",
      "trade-in.deal.status",
    ]);
    expect([...(writes.get("decline") ?? [])]).toEqual(["trade-in.deal.status"]);
    expect([...(writes.get("auto_offer") ?? [])]).toContain("trade-in.financing-offer.financed_amount");
    expect(writes.has("notify_sales")).toBe(false);
    const after = version(original.replace("        residual_value: steps.residual.output.value\n", ""));
    expect(diffFieldWrites(before.workflow, after.workflow)).toEqual([
      { step: "save", added: [], removed: ["trade-in.deal.residual_value"] },
    ]);
  });
});
