import { describe, expect, it } from "vitest";
import { parseSource } from "./parse-source.js";
import { formatSource, serializeDefinition } from "./serialize.js";

const messy = `# Trade-in, East region
steps:
  - next: [{ when: "output.approved", to: 'done' }]
    component: core.approval   # asks the regional manager
    id: approve
    config: {approvers: "'manager@acme.example'", title: Approve}
  - {id: done, component: core.switch}
start: approve
triggers: [{event: trade_in.requested, type: event}]
region: 'east'
owner: li@acme.example
name: Trade-in
id: trade-in
kind: workflow
`;

describe("serializeDefinition", () => {
  it("writes keys in schema order, block style, and is stable", () => {
    const value = parseSource(messy, "f.yaml").document?.value;
    const text = serializeDefinition(value);
    expect(text.split("\n").slice(0, 6)).toEqual([
      "kind: workflow",
      "id: trade-in",
      "name: Trade-in",
      "owner: li@acme.example",
      "region: east",
      "triggers:",
    ]);
    expect(text).toContain(
      "  - id: approve\n    component: core.approval\n    config: { approvers: \"'manager@acme.example'\", title: Approve }\n",
    );
    expect(serializeDefinition(parseSource(text, "f.yaml").document?.value)).toBe(text);
  });

  it("keeps the author's order of user-named keys", () => {
    const text = serializeDefinition({ kind: "workflow", id: "w", vars: { zeta: "1", alpha: "2" } });
    expect(text.indexOf("zeta")).toBeLessThan(text.indexOf("alpha"));
  });

  it("writes multi-line expressions as literal blocks", () => {
    const text = serializeDefinition({ kind: "workflow", id: "w", vars: { x: "a &&\n  b" } });
    expect(text).toContain("x: |-\n    a &&\n      b\n");
  });
});

describe("formatSource", () => {
  it("gives the canonical text and keeps comments with their keys", () => {
    const formatted = formatSource(messy) ?? "";
    expect(formatted.startsWith("# Trade-in, East region\n\nkind: workflow\nid: trade-in\n")).toBe(true);
    expect(formatted).toContain("component: core.approval # asks the regional manager");
    expect(formatSource(formatted)).toBe(formatted);
  });

  it("agrees with serializeDefinition when there are no comments", () => {
    const plain = messy.replace(/#.*$/gm, "");
    expect(formatSource(plain)).toBe(serializeDefinition(parseSource(plain, "f.yaml").document?.value));
  });

  it("returns undefined for text that does not parse", () => {
    expect(formatSource("a: [")).toBeUndefined();
  });
});
