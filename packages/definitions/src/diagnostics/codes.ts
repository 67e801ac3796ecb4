/**
 * The catalogue of diagnostic codes. Codes are stable: tools and users may match on them, and
 * docs/definitions.md documents each one. Add new codes; never rename or reuse one.
 */
export const DIAGNOSTIC_CODES = {
  // Reading the file
  "io/unreadable": "The file could not be read.",
  "io/too-large": "The file is larger than the definition size limit.",
  "io/not-utf8": "The file is not valid UTF-8 text.",
  "io/unknown-file-type": "The file is neither YAML (.yaml, .yml) nor JSON (.json).",
  // YAML syntax and hostile input
  "yaml/syntax": "The file is not valid YAML.",
  "yaml/duplicate-key": "A mapping has the same key twice.",
  "yaml/alias-limit": "The file expands too many aliases (a possible alias bomb).",
  "yaml/too-deep": "The file nests mappings or lists deeper than allowed.",
  "yaml/forbidden-key": "A key such as __proto__ or constructor is not allowed.",
  "yaml/multiple-documents": "The file holds more than one YAML document.",
  "yaml/empty": "The file holds no definition.",
  "yaml/non-string-key": "A mapping key is not a plain string.",
  // Shape (JSON Schema)
  "schema/unknown-kind": "The definition's kind is missing or not one Switchyard knows.",
  "schema/required": "A required property is missing.",
  "schema/unknown-property": "A property is not part of this kind of definition.",
  "schema/type": "A value has the wrong type.",
  "schema/enum": "A value is not one of the allowed choices.",
  "schema/format": "A value does not have the expected format.",
  "schema/pattern": "A value does not match the expected pattern.",
  "schema/range": "A number, string or list is outside its allowed size or range.",
  "schema/invalid": "A value does not match the schema.",
  // References between definitions
  "ref/duplicate-definition": "Two definitions of the same kind share an id.",
  "ref/unknown-entity": "A definition refers to an entity that is not defined.",
  "ref/unknown-component": "A step uses a component that is not defined or not known.",
  "ref/unknown-form": "A definition refers to a form that is not defined.",
  "ref/unknown-workflow": "A definition refers to a workflow that is not defined.",
  "ref/unknown-base": "A variant extends a definition that is not defined.",
  "ref/component-version": "A step asks for a component version that is not available.",
  "ref/unknown-field": "A definition refers to a field its entity does not have.",
  "ref/unknown-capability": "A component asks for a capability this version of Switchyard does not grant.",
  // Workflow graph
  "graph/duplicate-step": "Two steps in one workflow share an id.",
  "graph/unknown-step": "An edge or reference points to a step that does not exist.",
  "graph/unknown-start": "The workflow's start step does not exist.",
  "graph/unreachable-step": "A step can never be reached from the start step.",
  "graph/no-exit-loop": "A cycle of steps has no edge that leaves it, so a run could never end.",
  "graph/duplicate-edge": "A step has two edges to the same target.",
  "graph/default-edge-not-last":
    "An unconditional edge stands before other edges, so they can never be taken.",
  "graph/join-without-split": "A join step is not preceded by a parallel split.",
  "graph/no-default-edge": "Every edge of a step has a condition, so a run fails when none of them holds.",
  // Expressions
  "cel/syntax": "A CEL expression cannot be parsed.",
  "cel/type": "A CEL expression has a type error.",
  "cel/unknown-field": "A CEL expression reads a field that does not exist.",
  "cel/unknown-variable": "A CEL expression uses a variable that is not in scope.",
  "cel/unknown-function": "A CEL expression calls a function that does not exist.",
  "cel/not-boolean": "A condition does not evaluate to true or false.",
  // Variants
  "variant/core-field-dropped": "A regional variant removes a core field.",
  "variant/core-field-renamed": "A regional variant renames a core field.",
  "variant/core-field-retyped": "A regional variant changes a core field's type.",
  "variant/kind-mismatch": "A variant's changes do not fit the kind of definition it extends.",
  "variant/duplicate-id": "A variant adds a step or field whose id the baseline already uses.",
  // Forms
  "form/unknown-field": "A form places a field its entity does not have.",
  "form/duplicate-field": "A form places the same field twice.",
  "form/widget-mismatch": "A form widget does not fit the field's type.",
  // Cron and durations
  "value/cron": "A schedule is not a valid cron expression.",
  "value/timezone": "A time zone is not a valid IANA time zone.",
} as const;

/** A stable diagnostic code, such as `graph/unknown-step`. */
export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;
