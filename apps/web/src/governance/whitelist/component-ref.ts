/** Reading "id@version" as typed by an IT admin into the whitelist form. Pure. */

const ID = /^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)*$/;
const VERSION = /^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/;

/** The component and exact version, or a message saying what is wrong with the text. */
export function parseComponentRef(
  text: string,
): { ok: true; componentId: string; version: string } | { ok: false; message: string } {
  const trimmed = text.trim();
  const at = trimmed.lastIndexOf("@");
  if (at <= 0) return { ok: false, message: "Write the component as id@version, e.g. acme.enrich@1.0.0." };
  const componentId = trimmed.slice(0, at);
  const version = trimmed.slice(at + 1);
  if (!ID.test(componentId))
    return {
      ok: false,
      message: `'${componentId}' is not a component id (lower-case words joined by dots).`,
    };
  if (!VERSION.test(version))
    return { ok: false, message: `'${version}' is not an exact version such as 1.0.0.` };
  return { ok: true, componentId, version };
}

/** A quota as typed: empty means none; otherwise a whole number of at least 1. */
export function parseQuota(
  text: string,
): { ok: true; value: number | null } | { ok: false; message: string } {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: true, value: null };
  const value = Number(trimmed);
  if (!Number.isInteger(value) || value < 1)
    return { ok: false, message: "The quota is a whole number of calls per minute, at least 1." };
  return { ok: true, value };
}
