import { describe, expect, it } from "vitest";
import { grantCapabilities } from "./capabilities.js";

describe("grantCapabilities", () => {
  it("grants log and nothing by default", () => {
    expect(grantCapabilities(undefined)).toEqual({ granted: [] });
    expect(grantCapabilities(["log", "log"])).toEqual({ granted: ["log"] });
  });

  it("denies the call, naming every unknown capability", () => {
    const grant = grantCapabilities(["log", "records:read:contact", "net"]);
    expect(grant).toMatchObject({ denied: { code: "sandbox/capability-denied" } });
    expect("denied" in grant && grant.denied.message).toBe(
      'The script requests the capabilities "records:read:contact", "net", which this sandbox does not provide.',
    );
  });
});
