import { readFileSync } from "node:fs";
import path from "node:path";
import type { Request, Response } from "express";
import { describe, expect, it } from "vitest";
import { HttpError } from "../errors.js";
import { canEditRegion, canSeeUser, denial, requirePermission, ROLE_PERMISSIONS } from "./policy.js";
import type { Permission, Principal, Role } from "./principal.js";

const principal = (roles: Role[], over: Partial<Principal> = {}): Principal => ({
  userId: "u1",
  username: "user",
  tenantId: "acme",
  roles,
  region: undefined,
  subordinates: [],
  via: "session",
  ...over,
});

/** The matrix as docs/security.md documents it: permission rows, role columns, ✓ where granted. */
function documentedMatrix(): Record<string, string[]> {
  const doc = readFileSync(path.resolve(import.meta.dirname, "../../../../docs/security.md"), "utf8");
  const table = doc.split("<!-- permission-matrix -->")[1] ?? "";
  const rows = table
    .split("\n")
    .filter((line) => line.startsWith("|"))
    .map((line) =>
      line
        .split("|")
        .slice(1, -1)
        .map((cell) => cell.trim().replace(/`/g, "")),
    );
  const [header = [], , ...body] = rows;
  const roles = header.slice(1);
  const matrix: Record<string, string[]> = Object.fromEntries(roles.map((r) => [r, []]));
  for (const [permission = "", ...cells] of body)
    cells.forEach((cell, i) => {
      if (cell === "✓") matrix[roles[i] ?? ""]?.push(permission);
    });
  return matrix;
}

describe("the permission matrix", () => {
  it("is the one docs/security.md documents", () => {
    const sorted = (m: Readonly<Record<string, readonly string[]>>) =>
      Object.fromEntries(Object.entries(m).map(([role, perms]) => [role, [...perms].sort()]));
    expect(sorted(documentedMatrix())).toEqual(sorted(ROLE_PERMISSIONS));
  });
});

describe("requirePermission", () => {
  const run = (p: Principal | undefined, permission: Permission) => {
    let passed = false;
    try {
      requirePermission(permission)({ principal: p } as Request, {} as Response, () => (passed = true));
    } catch (error) {
      return error as HttpError;
    }
    return passed;
  };

  it("lets a role with the permission through", () => {
    expect(run(principal(["approver"]), "tasks:complete")).toBe(true);
  });

  it("answers 401 for an anonymous caller", () => {
    expect(run(undefined, "runs:read")).toMatchObject({ status: 401, code: "unauthenticated" });
  });

  it("answers 403 naming the permission and every role that has it", () => {
    const error = run(principal(["viewer", "auditor"]), "records:write");
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({
      status: 403,
      message:
        "This needs the permission 'records:write', which the roles it-admin, process-owner have; your roles: viewer, auditor.",
    });
  });

  it("names the single role that has a permission", () => {
    expect(denial(principal(["approver"]), "audit:read")).toContain("which the roles it-admin, auditor have");
    expect(denial(principal(["viewer"]), "users:manage")).toContain("which the role it-admin has");
  });
});

describe("canEditRegion", () => {
  it("lets a process owner edit their own region only", () => {
    const east = principal(["process-owner"], { region: "east" });
    expect(canEditRegion(east, "east")).toBe(true);
    expect(canEditRegion(east, "northwest")).toBe(false);
    expect(canEditRegion(east, "global")).toBe(false);
  });

  it("lets a head-office process owner edit every region", () => {
    const head = principal(["process-owner"], { region: "global" });
    expect(canEditRegion(head, "east")).toBe(true);
    expect(canEditRegion(head, "global")).toBe(true);
  });

  it("does not let IT admins, approvers or process owners without a region edit workflows", () => {
    expect(canEditRegion(principal(["it-admin"], { region: "global" }), "east")).toBe(false);
    expect(canEditRegion(principal(["approver"], { region: "east" }), "east")).toBe(false);
    expect(canEditRegion(principal(["process-owner"]), "east")).toBe(false);
  });
});

describe("canSeeUser", () => {
  it("shows yourself and your subordinates to anyone", () => {
    const manager = principal(["viewer"], { subordinates: ["u2"] });
    expect(canSeeUser(manager, "u1")).toBe(true);
    expect(canSeeUser(manager, "u2")).toBe(true);
    expect(canSeeUser(manager, "u3")).toBe(false);
  });

  it("shows everyone to IT admins and auditors only", () => {
    expect(canSeeUser(principal(["it-admin"]), "u9")).toBe(true);
    expect(canSeeUser(principal(["auditor"]), "u9")).toBe(true);
    expect(canSeeUser(principal(["process-owner", "approver"], { region: "global" }), "u9")).toBe(false);
  });
});
