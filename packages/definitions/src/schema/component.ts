import { type Static, Type } from "@sinclair/typebox";
import { Closed, Description, EmbeddedSchema, Id, Owner, SemVer, Tagged } from "./common.js";

/** What a component may do to the world; the effects gateway and shadow mode rely on it. */
export const Effect = Type.Union(
  ["none", "record-write", "external-call", "notification"].map((v) => Type.Literal(v)),
);
export type Effect = Static<typeof Effect>;

const BuiltinImplementation = Closed({ type: Type.Literal("builtin") });
const ScriptImplementation = Closed({
  type: Type.Literal("script"),
  language: Type.Literal("javascript"),
  source: Type.Optional(
    Type.String({
      maxLength: 200000,
      description: "The script. It exports a function `run(input, config)`.",
    }),
  ),
  file: Type.Optional(Type.String({ description: "A .js file beside the manifest, instead of source." })),
  limits: Type.Optional(
    Closed({
      memoryMiB: Type.Optional(Type.Integer({ minimum: 1, maximum: 256, default: 32 })),
      timeoutMs: Type.Optional(Type.Integer({ minimum: 1, maximum: 60000, default: 1000 })),
    }),
  ),
});

/** A component manifest: what a step of this component needs, gives, and is allowed to do. */
export const Component = Closed(
  {
    kind: Type.Literal("component"),
    id: Id,
    version: SemVer,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Description),
    owner: Owner,
    category: Type.Optional(Type.String({ description: "Palette group, e.g. records, messaging, logic." })),
    config: Type.Optional(EmbeddedSchema),
    input: Type.Optional(EmbeddedSchema),
    output: Type.Optional(EmbeddedSchema),
    effects: Type.Array(Effect, { minItems: 1, uniqueItems: true }),
    capabilities: Type.Optional(
      Type.Array(
        Type.String({
          pattern: "^[a-z]+(:[^\\s:]+)*$",
          description:
            "log (console output kept with the step), or later http:<host> and records:read:<entity>.",
        }),
        {
          uniqueItems: true,
        },
      ),
    ),
    implementation: Tagged("type", [BuiltinImplementation, ScriptImplementation]),
  },
  { title: "Switchyard component" },
);
export type Component = Static<typeof Component>;
