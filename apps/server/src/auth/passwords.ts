import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

/**
 * scrypt's cost parameters: N = 2^log2N, block size r, parallelism p. scrypt needs about
 * 128·N·r bytes of memory per hash, which is what makes guessing on GPUs and ASICs expensive.
 */
export interface ScryptParams {
  readonly log2N: number;
  readonly r: number;
  readonly p: number;
}

/** The parameters new hashes use: N = 2^15, r = 8, p = 1 — 32 MiB and roughly 50–100 ms per hash. */
export const PASSWORD_PARAMS: ScryptParams = { log2N: 15, r: 8, p: 1 };

/** The most memory a stored hash may ask for; larger parameters are refused rather than run. */
const MAX_MEMORY = 64 * 1024 * 1024;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
const ENCODED =
  /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]{11,})\$([A-Za-z0-9+/]{22,})$/;

/**
 * Hashes a password with scrypt and a fresh random salt. The result carries its parameters
 * (`$scrypt$ln=15,r=8,p=1$<salt>$<key>`, base64), so they can be raised later without breaking
 * stored hashes; see `needsRehash`. Runs on libuv's thread pool, not the event loop.
 */
export async function hashPassword(
  password: string,
  params: ScryptParams = PASSWORD_PARAMS,
): Promise<string> {
  checkParams(params);
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, KEY_BYTES, params);
  return encode(params, salt, key);
}

/**
 * Whether `password` matches an encoded hash, compared in constant time. A malformed hash, or one
 * whose parameters exceed the memory limit, never matches.
 */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parsed = decode(encoded);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.key.length, parsed.params);
  return timingSafeEqual(key, parsed.key);
}

/** Whether a stored hash was made with other parameters than `params` (rehash it at the next login). */
export function needsRehash(encoded: string, params: ScryptParams = PASSWORD_PARAMS): boolean {
  const parsed = decode(encoded);
  return (
    !parsed ||
    parsed.params.log2N !== params.log2N ||
    parsed.params.r !== params.r ||
    parsed.params.p !== params.p
  );
}

// A well-formed hash that no password matches, with the current parameters: verifying against it
// costs what verifying a real user's password costs.
const DUMMY = encode(PASSWORD_PARAMS, randomBytes(SALT_BYTES), randomBytes(KEY_BYTES));

/**
 * Spends the time a real verification takes and fails. Called for unknown or disabled users so a
 * login's response time does not tell whether a username exists.
 */
export async function dummyVerify(password: string): Promise<false> {
  await verifyPassword(password, DUMMY);
  return false;
}

function derive(password: string, salt: Buffer, length: number, params: ScryptParams): Promise<Buffer> {
  const options = {
    N: 2 ** params.log2N,
    r: params.r,
    p: params.p,
    // Node's bound is approximate; leave room above the 128·N·r the parameters were checked against.
    maxmem: MAX_MEMORY + 16 * 1024 * 1024,
  };
  return new Promise((resolve, reject) => {
    // NFKC: the same password typed with composed or decomposed characters hashes the same.
    scrypt(password.normalize("NFKC"), salt, length, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

function encode(params: ScryptParams, salt: Buffer, key: Buffer): string {
  const b64 = (b: Buffer) => b.toString("base64").replace(/=+$/, "");
  return `$scrypt$ln=${params.log2N},r=${params.r},p=${params.p}$${b64(salt)}$${b64(key)}`;
}

function decode(encoded: string): { params: ScryptParams; salt: Buffer; key: Buffer } | undefined {
  const m = ENCODED.exec(encoded);
  if (!m) return undefined;
  const params = { log2N: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  if (!paramsAllowed(params)) return undefined;
  return { params, salt: Buffer.from(m[4] ?? "", "base64"), key: Buffer.from(m[5] ?? "", "base64") };
}

function paramsAllowed({ log2N, r, p }: ScryptParams): boolean {
  return (
    log2N >= 10 && log2N <= 20 && r >= 1 && r <= 32 && p >= 1 && p <= 16 && 128 * 2 ** log2N * r <= MAX_MEMORY
  );
}

function checkParams(params: ScryptParams): void {
  if (!paramsAllowed(params))
    throw new RangeError(
      `scrypt parameters ln=${params.log2N}, r=${params.r}, p=${params.p} are outside the allowed range ` +
        "(2^10 ≤ N ≤ 2^20, 128·N·r ≤ 64 MiB).",
    );
}
