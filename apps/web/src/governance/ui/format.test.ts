import { describe, expect, it } from "vitest";
import { formatMs, formatPercent, formatTime, formatValue, shortHash } from "./format";

describe("formatPercent", () => {
  it("shows a ratio as a percentage with one decimal, trimming .0", () => {
    expect(formatPercent(0.0125)).toBe("1.3%");
    expect(formatPercent(0.5)).toBe("50%");
  });
  it("shows a dash for a missing or non-finite ratio", () => {
    expect(formatPercent(null)).toBe("—");
    expect(formatPercent(Number.NaN)).toBe("—");
  });
});

describe("formatMs", () => {
  it("keeps milliseconds below a second and switches to seconds above", () => {
    expect(formatMs(180)).toBe("180 ms");
    expect(formatMs(1250)).toBe("1.3 s");
    expect(formatMs(null)).toBe("—");
  });
});

describe("shortHash / formatTime / formatValue", () => {
  it("cuts a hash to its first characters", () => {
    expect(shortHash("612ed2630b9191537801af1e", 8)).toBe("612ed263");
    expect(shortHash(null)).toBe("—");
  });
  it("formats ISO times and epoch ms in UTC", () => {
    expect(formatTime("2026-11-23T09:00:03.000Z")).toBe("2026-11-23 09:00:03 UTC");
    expect(formatTime(0)).toBe("1970-01-01 00:00:00 UTC");
    expect(formatTime(null)).toBe("—");
  });
  it("shows strings bare, other values as JSON, and cuts long ones", () => {
    expect(formatValue("inside-sales")).toBe("inside-sales");
    expect(formatValue(1200)).toBe("1200");
    expect(formatValue(["a"])).toBe('["a"]');
    expect(formatValue(undefined)).toBe("(none)");
    expect(formatValue("x".repeat(10), 5)).toBe("xxxx…");
  });
});
