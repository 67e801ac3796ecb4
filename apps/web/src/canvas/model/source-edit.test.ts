import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { SourceEditor } from "./source-edit";

const small = readFileSync(new URL("./fixtures/commented-small.workflow.yaml", import.meta.url), "utf8");

describe("SourceEditor", () => {
  it("gives back the text unchanged when nothing is edited", () => {
    expect(new SourceEditor(small).text).toBe(small);
  });

  it("replaces a scalar in place, keeping its quoting and trailing comment", () => {
    const editor = new SourceEditor(small);
    editor.set(["steps", 0, "name"], "Say hi");
    expect(editor.text).toBe(small.replace('name: "Say hello"', 'name: "Say hi"'));
  });

  it("appends a key at the end of a block map", () => {
    const editor = new SourceEditor(small);
    editor.set(["shadow", "maxErrorRate"], 0.1);
    expect(editor.text).toBe(small + "  maxErrorRate: 0.1\n");
  });

  it("appends to a block list with the list's indentation", () => {
    const editor = new SourceEditor(small);
    editor.append(["steps", 0, "next"], { to: "third" });
    expect(editor.text).toBe(
      small.replace(
        "when: record.amount > 10 # big ones\n",
        "when: record.amount > 10 # big ones\n      - to: third\n",
      ),
    );
  });

  it("rewrites only a flow list when appending to it", () => {
    const editor = new SourceEditor(small);
    editor.append(["steps", 1, "next"], { to: "second" });
    expect(editor.text).toBe(
      small.replace("next: [{ to: first }]", "next: [ { to: first }, { to: second } ]"),
    );
  });

  it("removes a list item with the comment above it", () => {
    const editor = new SourceEditor(small);
    editor.remove(["steps"], 1);
    expect(editor.text).not.toContain("The second step waits");
    expect(editor.text).not.toContain("id: second");
    expect(editor.text).toContain("# Trailing note about the steps.\nshadow:");
    expect(parse(editor.text).steps).toHaveLength(1);
  });

  it("removes a key whose list became empty", () => {
    const editor = new SourceEditor(small);
    editor.remove(["steps", 0, "next"], 0);
    expect(editor.text).not.toMatch(/id: first[\s\S]*next:[\s\S]*id: second/);
    expect(parse(editor.text).steps[0].next).toBeUndefined();
    expect(editor.text).toContain(
      "config: { to: \"'a@b.example'\", title: 'Hello' }\n\n  # The second step waits.",
    );
  });

  it("creates a missing list as a block entry", () => {
    const editor = new SourceEditor(small);
    editor.append(["shadow", "notes"], "x");
    expect(editor.text.endsWith("  minEvents: 3\n  notes:\n    - x\n")).toBe(true);
  });
});
