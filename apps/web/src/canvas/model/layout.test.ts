import { describe, expect, it } from "vitest";
import { freeSpot, NODE_HEIGHT, NODE_WIDTH, openWorkflow } from "./layout";

/** A workflow of `n` steps in a chain, every tenth one branching to the step after next. */
export function chainWorkflow(n: number): string {
  const lines = ["kind: workflow", "id: bench.chain", "start: s1", "steps:"];
  for (let i = 1; i <= n; i++) {
    lines.push(`  - id: s${i}`, `    component: core.wait`);
    if (i < n) lines.push("    next:", `      - to: s${i + 1}`);
    if (i % 10 === 0 && i + 2 <= n) lines.push(`      - to: s${i + 2}`, "        when: record.x > 1");
  }
  return lines.join("\n") + "\n";
}

describe("openWorkflow", () => {
  it("lays steps out top to bottom", () => {
    const opened = openWorkflow(chainWorkflow(3));
    const y = opened.nodes.map((n) => n.position.y);
    expect(y[0]).toBeLessThan(y[1]!);
    expect(y[1]).toBeLessThan(y[2]!);
    expect(opened.edges.map((e) => `${e.source}>${e.target}`)).toEqual(["s1>s2", "s2>s3"]);
  });

  it("keeps the positions the user dragged", () => {
    const opened = openWorkflow(chainWorkflow(3), new Map([["s2", { x: 999, y: 5 }]]));
    expect(opened.nodes[1]!.position).toEqual({ x: 999, y: 5 });
  });

  it("opens a 1,000-step workflow in a few seconds", () => {
    const started = performance.now();
    const opened = openWorkflow(chainWorkflow(1000));
    expect(opened.nodes).toHaveLength(1000);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it("keeps every position as it is when all steps are already placed", () => {
    const placed = new Map(["s1", "s2", "s3"].map((id, i) => [id, { x: i * 7, y: 0 }]));
    expect(openWorkflow(chainWorkflow(3), placed).nodes.map((n) => n.position)).toEqual([...placed.values()]);
  });

  it("leaves out edges to steps that do not exist", () => {
    const text = "start: a\nsteps:\n  - id: a\n    component: core.wait\n    next: [{ to: ghost }]\n";
    expect(openWorkflow(text).edges).toEqual([]);
  });
});

describe("freeSpot", () => {
  it("moves a new node beside the nodes it would cover", () => {
    const spot = freeSpot({ x: 0, y: 0 }, [{ x: 10, y: 5 }]);
    expect(Math.abs(spot.x - 10) >= NODE_WIDTH || Math.abs(spot.y - 5) >= NODE_HEIGHT).toBe(true);
  });

  it("stays near a long chain instead of sliding past its end", () => {
    const chain = Array.from({ length: 500 }, (_, i) => ({ x: 0, y: i * (NODE_HEIGHT + 20) }));
    const spot = freeSpot({ x: 0, y: 250 * (NODE_HEIGHT + 20) }, chain);
    expect(Math.abs(spot.y - 250 * (NODE_HEIGHT + 20))).toBeLessThan(NODE_HEIGHT * 3);
  });

  it("keeps the preferred place when it is free", () => {
    expect(freeSpot({ x: 0, y: 0 }, [{ x: 900, y: 900 }])).toEqual({ x: 0, y: 0 });
  });
});
