import type { CliIO } from "../io.js";
import { clean, RemoteError } from "./client.js";

/**
 * Prints what a refusal carries beyond its message — a publish's problems located by
 * `file:line:column`, a promotion's gates — then rethrows it, so `main` prints the code, message
 * and hint and exits with the refusal's code (1).
 */
export function explainRefusal(error: unknown, io: CliIO): never {
  if (error instanceof RemoteError && error.answer?.error) {
    const { problems, gates } = error.answer.error;
    if (Array.isArray(problems)) io.stdout.write(problems.map(problemLine).join(""));
    if (Array.isArray(gates)) io.stdout.write(gates.map(gateLine).join(""));
  }
  throw error;
}

/** `file:line:column code message` and its hint, like the validator's diagnostics. */
export function problemLine(value: unknown): string {
  const p = (value ?? {}) as Record<string, unknown>;
  const at = [p.file, p.line, p.column].filter((x) => typeof x === "string" || typeof x === "number");
  const where = at.length > 0 ? `${clean(at.map(String).join(":"))} ` : "";
  const hint = typeof p.hint === "string" && p.hint !== "" ? `\n  hint: ${clean(p.hint)}` : "";
  return `${where}${text(p.code)} ${text(p.message)}${hint}\n`;
}

/** `✓ id: needs …; has …. message` */
export function gateLine(value: unknown): string {
  const g = (value ?? {}) as Record<string, unknown>;
  return `  ${g.passed === true ? "✓" : "✗"} ${text(g.id)}: needs ${text(g.required)}; has ${text(g.actual)}. ${text(g.message)}\n`;
}

const text = (value: unknown): string => (typeof value === "string" ? clean(value) : "");
