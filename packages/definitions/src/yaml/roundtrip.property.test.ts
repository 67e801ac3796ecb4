import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateShape } from "../schema/index.js";
import { parseSource } from "./parse-source.js";
import { formatSource, serializeDefinition } from "./serialize.js";

// Text that stresses YAML quoting: words YAML reads as other types, quotes, colons, '#', leading
// spaces, unicode and line breaks.
const tricky = fc.oneof(
  fc.constantFrom(
    "yes",
    "no",
    "null",
    "~",
    "true",
    "0x1F",
    "1e3",
    "08",
    "- a",
    "a: b",
    "#x",
    " lead",
    "trail ",
    "'q'",
    '"dq"',
    "多语言",
    "a\nb",
    "{x}",
    "[y]",
    "*",
    "&a",
    "!tag",
    "%p",
    "@at",
    "`bt`",
  ),
  fc.string({ minLength: 1, maxLength: 12 }),
);
const stepId = fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/);
const cel = fc.constantFrom(
  "record.amount > 100.0",
  "event.payload.kind == 'vip'",
  "size(record.tags) > 0 &&\n  record.region == 'east'",
  "true",
);

const workflow = fc.uniqueArray(stepId, { minLength: 1, maxLength: 6 }).chain((ids) =>
  fc.record({
    kind: fc.constant("workflow"),
    id: fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/),
    name: tricky,
    description: fc.option(tricky, { nil: undefined }),
    owner: fc.constant("owner@acme.example"),
    region: fc.constantFrom("east", "northwest", "global"),
    triggers: fc.array(
      fc.oneof(
        fc.record(
          {
            type: fc.constant("event"),
            event: fc.constantFrom("lead.received", "shop.registered"),
            filter: fc.option(cel, { nil: undefined }),
          },
          { requiredKeys: ["type", "event"] },
        ),
        fc.record({ type: fc.constant("schedule"), cron: fc.constantFrom("0 8 * * 1", "*/5 * * * *") }),
        fc.record({ type: fc.constant("manual") }),
      ),
      { minLength: 1, maxLength: 3 },
    ),
    vars: fc.option(fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9_]{0,5}$/), cel, { maxKeys: 3 }), {
      nil: undefined,
    }),
    start: fc.constant(ids[0] ?? "a"),
    steps: fc.tuple(
      ...ids.map((id, i) =>
        fc.record(
          {
            id: fc.constant(id),
            name: fc.option(tricky, { nil: undefined }),
            component: fc.constantFrom("core.switch", "core.notify", "acme.rebate@^1.2"),
            config: fc.option(
              fc.dictionary(
                fc.stringMatching(/^[a-z]{1,6}$/),
                fc.oneof(
                  tricky,
                  fc.integer(),
                  fc.boolean(),
                  fc.double({ noNaN: true, noDefaultInfinity: true }),
                ),
                { maxKeys: 3 },
              ),
              { nil: undefined },
            ),
            next: fc.option(fc.constant(ids.slice(i + 1, i + 2).map((to) => ({ to }))), { nil: undefined }),
            layout: fc.option(
              fc.record({
                x: fc.integer({ min: -5000, max: 5000 }),
                y: fc.integer({ min: -5000, max: 5000 }),
              }),
              { nil: undefined },
            ),
          },
          { requiredKeys: ["id", "component"] },
        ),
      ),
    ),
  }),
);

/** Drops `undefined` members, as a YAML round trip does. */
const plain = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, plain(v)]),
  );
};

describe("serialise → parse round trip (property)", () => {
  it("gives back the same workflow, and the same bytes when serialised again", () => {
    fc.assert(
      fc.property(workflow, (value) => {
        const text = serializeDefinition(value);
        const parsed = parseSource(text, "w.yaml");
        expect(parsed.diagnostics).toEqual([]);
        expect(parsed.document?.value).toEqual(plain(value));
        expect(serializeDefinition(parsed.document?.value)).toBe(text);
        expect(formatSource(text)).toBe(text);
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it("generated workflows are valid in shape (the generator and the schema agree)", () => {
    fc.assert(
      fc.property(workflow, (value) => {
        const parsed = parseSource(serializeDefinition(value), "w.yaml");
        if (!parsed.document) throw new Error("did not parse");
        expect(validateShape(parsed.document)).toEqual([]);
      }),
      { numRuns: 100 },
    );
  }, 60_000);
});
