// Writes packages/definitions/schemas/*.schema.json from the TypeBox definitions (run after a build).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { publishedSchemas } from "@switchyard/definitions";

const folder = path.resolve(import.meta.dirname, "../packages/definitions/schemas");
mkdirSync(folder, { recursive: true });
for (const [name, schema] of Object.entries(publishedSchemas())) {
  writeFileSync(path.join(folder, name), `${JSON.stringify(schema, null, 2)}\n`);
}
console.log(
  `wrote ${Object.keys(publishedSchemas()).length} schemas to ${path.relative(process.cwd(), folder)}`,
);
