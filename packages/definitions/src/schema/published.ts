import { DEFINITION_KINDS, KIND_SCHEMAS } from "./definition.js";

/** Where the published schemas live on the web; the files in `schemas/` carry the same ids. */
export const SCHEMA_BASE_URL = "https://switchyard.dev/schemas/v1/";

/**
 * The JSON Schema files editors use (VS Code's YAML extension, Monaco in the studio): one per kind,
 * and `definition.schema.json` that picks the right one by `kind`. Generated from the same
 * TypeBox definitions the validator uses, so they cannot drift.
 */
export function publishedSchemas(): Record<string, object> {
  const files: Record<string, object> = {};
  for (const kind of DEFINITION_KINDS) {
    files[`${kind}.schema.json`] = {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      $id: `${SCHEMA_BASE_URL}${kind}.schema.json`,
      ...JSON.parse(JSON.stringify(KIND_SCHEMAS[kind])),
    };
  }
  files["definition.schema.json"] = {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: `${SCHEMA_BASE_URL}definition.schema.json`,
    title: "Switchyard definition",
    description: "Any Switchyard definition; the 'kind' property says which.",
    type: "object",
    required: ["kind"],
    properties: { kind: { enum: DEFINITION_KINDS } },
    allOf: DEFINITION_KINDS.map((kind) => ({
      if: { properties: { kind: { const: kind } }, required: ["kind"] },
      then: { $ref: `${kind}.schema.json` },
    })),
  };
  return files;
}
