import type { Static } from "@sinclair/typebox";
import { Bundle } from "./bundle.js";
import { Tagged } from "./common.js";
import { Component } from "./component.js";
import { Entity } from "./entity.js";
import { Form } from "./form.js";
import { Variant } from "./variant.js";
import { Workflow } from "./workflow.js";

/** Every kind of definition, told apart by `kind`. */
export const KIND_SCHEMAS = {
  workflow: Workflow,
  entity: Entity,
  form: Form,
  component: Component,
  variant: Variant,
  bundle: Bundle,
} as const;

/** The kinds of definition a file can hold. */
export type DefinitionKind = keyof typeof KIND_SCHEMAS;
export const DEFINITION_KINDS = Object.keys(KIND_SCHEMAS) as DefinitionKind[];

/** Any definition (one YAML file). */
export const Definition = Tagged("kind", [Workflow, Entity, Form, Component, Variant, Bundle], {
  description: "A Switchyard definition: workflow, entity, form, component, variant or bundle.",
});
export type Definition = Static<typeof Definition>;

export function isDefinitionKind(value: unknown): value is DefinitionKind {
  return typeof value === "string" && Object.hasOwn(KIND_SCHEMAS, value);
}
