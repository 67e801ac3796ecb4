import { describe, expect, it } from "vitest";
import { defaultPair, lineageRows } from "./lineage";

describe("lineageRows", () => {
  it("merges read and write changes of the same step and drops steps without any", () => {
    const rows = lineageRows({
      from: 1,
      reads: [
        { step: "yes", added: ["lead.amount"], removed: [] },
        { step: "ask", added: [], removed: [] },
      ],
      writes: [{ step: "yes", added: ["lead.amount"], removed: ["lead.stage"] }],
    });
    expect(rows).toEqual([
      {
        step: "yes",
        readsAdded: ["lead.amount"],
        readsRemoved: [],
        writesAdded: ["lead.amount"],
        writesRemoved: ["lead.stage"],
      },
    ]);
  });
  it("is empty without changes", () => {
    expect(lineageRows(undefined)).toEqual([]);
  });
});

describe("defaultPair", () => {
  it("compares the newest version with the one before it", () => {
    expect(defaultPair([{ version: 3 }, { version: 1 }, { version: 2 }])).toEqual({ from: 2, to: 3 });
  });
  it("compares a lone version with itself, and nothing without versions", () => {
    expect(defaultPair([{ version: 1 }])).toEqual({ from: 1, to: 1 });
    expect(defaultPair([])).toBeNull();
  });
});
