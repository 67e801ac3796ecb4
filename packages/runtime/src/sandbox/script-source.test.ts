import { describe, expect, it } from "vitest";
import { scriptType } from "./script-source.js";

describe("scriptType", () => {
  it.each([
    ["export function run() {}", "module"],
    ["// a comment\nconst helper = 1;\nexport function run() {}", "module"],
    ["import x from 'y';\nfunction run() {}", "module"],
    ["  export const run = () => 1;", "module"],
    ["function run() {}", "global"],
    ["function run() { return import('x'); }", "global"],
    ["import('x');\nfunction run() {}", "global"],
    ["const exported = 1; function run() { return exported; }", "global"],
  ])("%j is a %s", (source, expected) => {
    expect(scriptType(source)).toBe(expected);
  });
});
