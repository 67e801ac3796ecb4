import { describe, expect, it } from "vitest";
import { dummyVerify, hashPassword, needsRehash, PASSWORD_PARAMS, verifyPassword } from "./passwords.js";

// Cheap parameters where the test is not about the cost, so the suite stays fast.
const CHEAP = { log2N: 10, r: 8, p: 1 };

describe("hashPassword / verifyPassword", () => {
  it("hashes with scrypt N=2^15 r=8 p=1 by default, recording the parameters and a 16-byte salt", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(hash).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(await verifyPassword("correct horse battery", hash)).toBe(true);
    expect(await verifyPassword("correct horse batterY", hash)).toBe(false);
  });

  it("salts every hash, so the same password never hashes the same twice", async () => {
    const [a, b] = await Promise.all([
      hashPassword("same password", CHEAP),
      hashPassword("same password", CHEAP),
    ]);
    expect(a).not.toBe(b);
  });

  it("verifies with the parameters stored in the hash, so they can change later", async () => {
    const old = await hashPassword("long enough pw", CHEAP);
    expect(await verifyPassword("long enough pw", old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash(await hashPassword("long enough pw"))).toBe(false);
  });

  it("treats composed and decomposed characters alike", async () => {
    const hash = await hashPassword("caf\u00e9 au lait!", CHEAP);
    expect(await verifyPassword("cafe\u0301 au lait!", hash)).toBe(true);
  });

  it("never matches a malformed hash or one that asks for too much memory", async () => {
    const good = await hashPassword("long enough pw", CHEAP);
    const greedy = good.replace("ln=10", "ln=20");
    expect(await verifyPassword("long enough pw", "plain text")).toBe(false);
    expect(await verifyPassword("long enough pw", greedy)).toBe(false);
    expect(needsRehash("plain text")).toBe(true);
  });

  it("refuses to hash with parameters above 64 MiB", async () => {
    await expect(hashPassword("x", { ...PASSWORD_PARAMS, log2N: 17 })).rejects.toThrow(/64 MiB/);
  });
});

describe("dummyVerify", () => {
  it("fails, after spending about as long as a real verification", async () => {
    const hash = await hashPassword("correct horse battery");
    const time = async (work: () => Promise<boolean>) => {
      const start = performance.now();
      const result = await work();
      return { result, ms: performance.now() - start };
    };
    const real = await time(() => verifyPassword("wrong guess here", hash));
    const dummy = await time(() => dummyVerify("wrong guess here"));
    expect(dummy.result).toBe(false);
    expect(dummy.ms).toBeGreaterThan(real.ms / 3);
  });
});
