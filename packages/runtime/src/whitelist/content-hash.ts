import { createHash } from "node:crypto";
import type { Component } from "@switchyard/definitions";
import { canonicalJson } from "@switchyard/store";

/**
 * The hash IT approves: SHA-256 of the component definition as canonical JSON (keys sorted), so
 * reformatting the YAML keeps it and changing any byte of config, schema or code changes it.
 */
export function componentHash(component: Component): string {
  return createHash("sha256").update(canonicalJson(component)).digest("hex");
}
