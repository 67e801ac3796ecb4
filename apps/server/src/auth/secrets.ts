import { createHash, hash, randomBytes, timingSafeEqual } from "node:crypto";

/** A fresh random secret: `bytes` random bytes, base64url. */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/** The SHA-256 of a secret (hex): what the store keeps instead of session ids and API tokens. */
export function sha256(secret: string): string {
  // One-shot `hash` (Node 20.12+) skips building a Hash object: this runs on every API-token call.
  return hash("sha256", secret, "hex");
}

/**
 * Compares two strings in time that depends neither on where nor on whether their lengths differ
 * (it compares their SHA-256 digests).
 */
export function safeEqual(a: string, b: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();
  return timingSafeEqual(digest(a), digest(b));
}
