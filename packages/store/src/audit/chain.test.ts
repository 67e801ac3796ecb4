import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type AuditRow, GENESIS_HASH, canonicalJson, entryHash, verifyChain } from "./chain.js";

/** A valid chain: rows with increasing (not necessarily contiguous) seqs, each linked to the last. */
function chain(contents: readonly { gap: number; actor: string; detail: unknown }[]): AuditRow[] {
  const rows: AuditRow[] = [];
  let seq = 0;
  let prevHash = GENESIS_HASH;
  for (const [i, c] of contents.entries()) {
    seq += c.gap;
    const content = {
      tenantId: "t1",
      seq,
      at: 1_000 + i,
      actor: c.actor,
      action: "workflow.publish",
      object: `workflow:w${i}`,
      version: i % 2 === 0 ? i : null,
      detail: c.detail,
    };
    const hash = entryHash(prevHash, content);
    rows.push({ ...content, detail: canonicalJson(c.detail), prevHash, hash });
    prevHash = hash;
  }
  return rows;
}

const headOf = (rows: readonly AuditRow[]) => ({ count: rows.length, lastSeq: rows.at(-1)?.seq ?? 0 });

const arbChain = fc
  .array(fc.record({ gap: fc.integer({ min: 1, max: 3 }), actor: fc.string(), detail: fc.jsonValue() }), {
    minLength: 2,
    maxLength: 12,
  })
  .map(chain);

const FIELDS = ["seq", "at", "actor", "action", "object", "version", "detail", "prevHash", "hash"] as const;

function mutate(row: AuditRow, field: (typeof FIELDS)[number], unusedSeq: number): AuditRow {
  switch (field) {
    case "seq":
      return { ...row, seq: unusedSeq };
    case "at":
      return { ...row, at: row.at + 1 };
    case "version":
      return { ...row, version: row.version === null ? 0 : row.version + 1 };
    case "detail":
      return { ...row, detail: canonicalJson({ tampered: JSON.parse(row.detail) as unknown }) };
    default:
      return { ...row, [field]: `${row[field]}x` };
  }
}

describe("canonicalJson", () => {
  it("sorts keys at every depth", () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}',
    );
  });

  it("is the same text for the same value whatever the key order, and parses back to it", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const reversed = JSON.parse(JSON.stringify(value), (_key, v: unknown) =>
          v !== null && typeof v === "object" && !Array.isArray(v)
            ? Object.fromEntries(Object.entries(v).reverse())
            : v,
        ) as unknown;
        expect(canonicalJson(reversed)).toBe(canonicalJson(value));
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});

describe("verifyChain", () => {
  it("accepts an intact chain and reports its head", () => {
    fc.assert(
      fc.property(arbChain, (rows) => {
        expect(verifyChain(rows, headOf(rows))).toEqual({
          ok: true,
          entries: rows.length,
          headHash: rows.at(-1)?.hash,
        });
      }),
    );
  });

  it("names the entry when any single field of any row is changed", () => {
    fc.assert(
      fc.property(arbChain, fc.nat(), fc.constantFrom(...FIELDS), (rows, pick, field) => {
        const i = pick % rows.length;
        const target = rows[i] as AuditRow;
        const unusedSeq = (rows.at(-1)?.seq ?? 0) + 10;
        const tampered = rows.map((row, j) => (j === i ? mutate(row, field, unusedSeq) : row));
        const result = verifyChain(tampered, headOf(rows));
        expect(result.ok).toBe(false);
        // A changed seq moves the row: reported as reordered (or altered if it lands last).
        if (field !== "seq") expect(result).toMatchObject({ reason: "altered", firstBadSeq: target.seq });
      }),
    );
  });

  it("reports the entry after a deleted row as missing", () => {
    fc.assert(
      fc.property(arbChain, fc.nat(), (rows, pick) => {
        const i = pick % (rows.length - 1);
        const tampered = rows.filter((_, j) => j !== i);
        expect(verifyChain(tampered, headOf(rows))).toMatchObject({
          ok: false,
          reason: "missing",
          firstBadSeq: rows[i + 1]?.seq,
        });
      }),
    );
  });

  it("reports a removed newest entry as missing, given the recorded head", () => {
    fc.assert(
      fc.property(arbChain, (rows) => {
        const last = rows.at(-1) as AuditRow;
        const truncated = rows.slice(0, -1);
        expect(verifyChain(truncated, headOf(rows))).toMatchObject({
          ok: false,
          reason: "missing",
          firstBadSeq: last.seq,
        });
        // Without the head the rows alone cannot show it: the documented reason the head is kept.
        expect(verifyChain(truncated).ok).toBe(true);
      }),
    );
  });

  it("reports two swapped rows as reordered at the earlier one", () => {
    fc.assert(
      fc.property(arbChain, fc.nat(), fc.nat(), (rows, a, b) => {
        const i = a % rows.length;
        const j = b % rows.length;
        fc.pre(i !== j);
        const [lo, hi] = i < j ? [i, j] : [j, i];
        const low = rows[lo] as AuditRow;
        const high = rows[hi] as AuditRow;
        const tampered = rows.map((row, k) =>
          k === lo ? { ...high, seq: low.seq } : k === hi ? { ...low, seq: high.seq } : row,
        );
        expect(verifyChain(tampered, headOf(rows))).toMatchObject({
          ok: false,
          reason: "reordered",
          firstBadSeq: low.seq,
        });
      }),
    );
  });

  it("reports a rewritten entry, hash recomputed, as a bad link at its successor", () => {
    const rows = chain([1, 2, 3].map((n) => ({ gap: 1, actor: `u${n}`, detail: { n } })));
    const [first, second, third] = rows as [AuditRow, AuditRow, AuditRow];
    const forged = { ...second, actor: "mallory" };
    const rewritten = { ...forged, hash: entryHash(forged.prevHash, { ...forged, detail: { n: 2 } }) };
    expect(verifyChain([first, rewritten, third], headOf(rows))).toMatchObject({
      ok: false,
      reason: "bad-link",
      firstBadSeq: third.seq,
    });
  });

  it("reports rows beyond the recorded head as a bad link", () => {
    const rows = chain([1, 2, 3].map((n) => ({ gap: 1, actor: `u${n}`, detail: { n } })));
    expect(verifyChain(rows, { count: 2, lastSeq: 2 })).toMatchObject({
      ok: false,
      reason: "bad-link",
      firstBadSeq: 3,
    });
  });
});
