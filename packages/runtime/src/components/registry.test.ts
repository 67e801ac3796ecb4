import { BUILTIN_COMPONENTS, builtinComponent, type Component } from "@switchyard/definitions";
import { describe, expect, it } from "vitest";
import { builtinImplementations, implementationFor } from "./registry.js";

const ENGINE_OWNED = ["core.switch", "core.parallel", "core.join", "core.for-each", "core.sub-workflow"];

describe("the component registry", () => {
  it("implements every built-in the engine does not run itself", () => {
    const expected = BUILTIN_COMPONENTS.map((c) => c.id).filter((id) => !ENGINE_OWNED.includes(id));
    expect([...builtinImplementations.keys()].sort()).toEqual(expected.sort());
    for (const [id, impl] of builtinImplementations) expect(impl.id).toBe(id);
  });

  it("finds built-ins by manifest, and none for control flow", () => {
    const email = builtinComponent("core.send-email");
    const join = builtinComponent("core.join");
    if (!email || !join) throw new Error("built-in manifests missing");
    expect(implementationFor(email)?.id).toBe("core.send-email");
    expect(implementationFor(join)).toBeUndefined();
  });

  it("gives a script manifest its sandboxed implementation, the same one each time", () => {
    const manifest: Component = {
      kind: "component",
      id: "acme.calc",
      version: "1.0.0",
      name: "Calc",
      owner: "ops",
      effects: ["none"],
      implementation: {
        type: "script",
        language: "javascript",
        source: "export function run() { return 1; }",
      },
    };
    const impl = implementationFor(manifest);
    expect(impl?.id).toBe("acme.calc");
    expect(implementationFor(manifest)).toBe(impl);
  });
});
