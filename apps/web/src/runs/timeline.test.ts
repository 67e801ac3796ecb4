import { describe, expect, it } from "vitest";
import { describeEffect, explanationView, runsQuery } from "./timeline";

describe("describeEffect", () => {
  it("names the kind of effect and its target, with its detail", () => {
    expect(describeEffect({ kind: "email", target: "a@x.example", detail: { subject: "Hi" } })).toBe(
      'E-mail to a@x.example — {"subject":"Hi"}',
    );
    expect(describeEffect({ kind: "http", target: "GET https://bi.example/x", detail: null })).toBe(
      "HTTP request: GET https://bi.example/x",
    );
  });
});

describe("explanationView", () => {
  it("reads rules, inputs, result and the route taken", () => {
    const view = explanationView({
      summary: "Score 60 (hot)",
      rules: [{ id: "met-in-person", fired: true, weight: 60, reason: "Met us." }],
      inputs: { source: "event" },
      result: { score: 60 },
      route: { evaluated: [{ to: "send", when: "output.status == 200", result: true }], taken: ["send"] },
    });
    expect(view).toEqual({
      summary: "Score 60 (hot)",
      rules: [{ id: "met-in-person", fired: true, weight: 60, reason: "Met us." }],
      inputs: [{ name: "source", value: "event" }],
      result: '{"score":60}',
      route: [{ to: "send", when: "output.status == 200", result: true, taken: true }],
    });
  });
  it("is null for a missing or empty explanation", () => {
    expect(explanationView(null)).toBeNull();
    expect(explanationView({ route: { evaluated: [], taken: [] } })).toBeNull();
  });
});

describe("runsQuery", () => {
  it("keeps only the filters that are set", () => {
    expect(runsQuery({ workflow: " a.b ", status: "", limit: 50 })).toBe("?workflow=a.b&limit=50");
    expect(runsQuery({})).toBe("");
  });
});
