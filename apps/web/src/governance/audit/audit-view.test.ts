import { describe, expect, it } from "vitest";
import { type AuditEntry, detailView, newestFirst, verificationText } from "./audit-view";

describe("detailView", () => {
  it("splits a publish detail into diff lines, scope and the rest", () => {
    const view = detailView({
      change: "changed",
      compliance: [],
      diff: ["step 'ask': config.approvers changed"],
      scope: { entities: ["lead"], fields: ["lead.name"], regions: ["east"], written: [] },
    });
    expect(view.diff).toEqual(["step 'ask': config.approvers changed"]);
    expect(view.scope).toEqual([
      { label: "Entities", values: ["lead"] },
      { label: "Fields read", values: ["lead.name"] },
      { label: "Regions", values: ["east"] },
    ]);
    expect(view.other).toEqual([{ key: "change", value: "changed" }]);
  });
  it("shows a detail that is not an object as one value", () => {
    expect(detailView("forced").other).toEqual([{ key: "detail", value: "forced" }]);
    expect(detailView(null)).toEqual({ diff: [], scope: [], other: [] });
  });
});

describe("verificationText", () => {
  it("says the chain is intact with its length", () => {
    expect(verificationText({ ok: true, entries: 42 })).toBe("Chain intact: 42 entries");
  });
  it("names the first altered entry and why", () => {
    expect(verificationText({ ok: false, firstBadSeq: 7, reason: "hash-mismatch" })).toBe(
      "Entry #7 was altered or is missing (hash-mismatch)",
    );
  });
});

describe("newestFirst", () => {
  it("orders by sequence number, highest first", () => {
    const e = (seq: number) => ({ seq }) as AuditEntry;
    expect(newestFirst([e(1), e(3), e(2)]).map((x) => x.seq)).toEqual([3, 2, 1]);
  });
});
