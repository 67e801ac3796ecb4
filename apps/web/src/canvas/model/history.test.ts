import { describe, expect, it } from "vitest";
import { record, redo, startHistory, undo } from "./history";

describe("history", () => {
  it("undoes and redoes text snapshots", () => {
    const h = record(record(startHistory("a"), "b"), "c");
    expect(undo(h).present).toBe("b");
    expect(undo(undo(h)).present).toBe("a");
    expect(redo(undo(undo(h))).present).toBe("b");
  });

  it("clears redo on a new edit and ignores no-op edits", () => {
    const h = undo(record(startHistory("a"), "b"));
    expect(record(h, "c").future).toEqual([]);
    expect(record(h, "a")).toBe(h);
  });
});
