import { DEFINITION_KINDS, isDefinitionKind, KIND_SCHEMAS, suggestionHint } from "@switchyard/definitions";
import { type CliIO, EXIT, UsageError } from "../io.js";

/** `switchyard schema KIND`: prints the JSON Schema of a kind of definition. */
export function schemaCommand(kind: string | undefined, io: CliIO): number {
  if (!isDefinitionKind(kind)) {
    throw new UsageError(
      kind === undefined ? "Name a kind of definition." : `'${kind}' is not a kind of definition.`,
      suggestionHint(kind ?? "", DEFINITION_KINDS, "Kinds"),
    );
  }
  io.stdout.write(`${JSON.stringify(KIND_SCHEMAS[kind], null, 2)}\n`);
  return EXIT.ok;
}
