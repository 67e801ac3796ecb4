import { type Static, Type } from "@sinclair/typebox";
import { Closed, Description, Id, SemVer } from "./common.js";

/** A bundle's manifest: what it is, what it needs. */
export const BundleManifest = Closed({
  industry: Type.Optional(Type.String()),
  scenarios: Type.Optional(Type.Array(Type.String())),
  author: Type.Optional(Type.String()),
  requires: Type.Optional(Closed({ switchyard: Type.Optional(Type.String()) })),
  exportedFrom: Type.Optional(Type.String({ description: "The tenant a bundle was exported from." })),
  exportedAt: Type.Optional(Type.String({ format: "date-time" })),
});

/** Many definitions travelling together: a template, or a tenant's export. */
export const Bundle = Closed(
  {
    kind: Type.Literal("bundle"),
    id: Id,
    name: Type.String({ minLength: 1 }),
    version: SemVer,
    description: Type.Optional(Description),
    manifest: Type.Optional(BundleManifest),
    include: Type.Optional(
      Type.Array(Type.String({ pattern: "^[^/]" }), {
        description: "Files beside the bundle that belong to it.",
      }),
    ),
    definitions: Type.Optional(
      Type.Array(Type.Object({}, { additionalProperties: true }), {
        description: "Definitions carried inline.",
      }),
    ),
  },
  { title: "Switchyard bundle" },
);
export type Bundle = Static<typeof Bundle>;
