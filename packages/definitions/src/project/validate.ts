import { type DataPath, type Diagnostic, hasErrors, sortDiagnostics } from "../diagnostics/index.js";
import {
  type Bundle,
  type Component,
  type Definition,
  type DefinitionKind,
  type Entity,
  type Form,
  isDefinitionKind,
  type Variant,
  validateShape,
  type Workflow,
} from "../schema/index.js";
import { checkComponent } from "../semantics/component.js";
import { checkEntity } from "../semantics/entity.js";
import type { LocatedRead } from "../semantics/expressions.js";
import { checkForm } from "../semantics/form.js";
import { Reporter } from "../semantics/report.js";
import { checkVariant } from "../semantics/variant.js";
import { checkWorkflow } from "../semantics/workflow.js";
import { type ParseLimits, parseSource, type SourceDocument } from "../yaml/index.js";
import { Catalog, type Located } from "./catalog.js";
import { normalizePath, resolveBeside } from "./paths.js";

/** A file's text and the path it is reported under. */
export interface SourceFile {
  readonly path: string;
  readonly text: string;
}

/** A definition that was read, with what was found wrong with it and the fields its expressions read. */
export interface CheckedDefinition {
  readonly file: string;
  readonly path: DataPath;
  readonly kind: DefinitionKind;
  readonly id: string;
  readonly definition: Definition;
  readonly valid: boolean;
  readonly reads: readonly LocatedRead[];
}

/** The outcome of validating a set of files together. */
export interface ProjectReport {
  readonly ok: boolean;
  readonly files: readonly {
    readonly file: string;
    readonly ok: boolean;
    readonly diagnostics: readonly Diagnostic[];
  }[];
  readonly diagnostics: readonly Diagnostic[];
  readonly definitions: readonly CheckedDefinition[];
  readonly catalog: Catalog;
}

/**
 * Validates files as one project, so references between them (a form's entity, a step's component)
 * resolve. Pure: it reads nothing but its arguments, and never throws for any file content.
 */
export function validateSources(
  sources: readonly SourceFile[],
  options: { limits?: ParseLimits } = {},
): ProjectReport {
  const catalog = new Catalog();
  const perFile = new Map<string, Diagnostic[]>();
  const loaded: Located<Definition>[] = [];
  const known = new Set(sources.map((s) => normalizePath(s.path)));
  for (const source of sources) {
    const parsed = parseSource(source.text, source.path, options.limits);
    const diagnostics = [...parsed.diagnostics];
    perFile.set(source.path, diagnostics);
    if (!parsed.document) continue;
    diagnostics.push(...register(parsed.document, parsed.document.value, [], catalog, loaded, known));
  }
  const definitions: CheckedDefinition[] = [];
  for (const entry of loaded) {
    const report = new Reporter(entry.doc, entry.path);
    const reads: LocatedRead[] = [];
    if (entry.wellFormed) checkDefinition(entry, catalog, report, reads);
    checkDuplicates(entry, catalog, report);
    perFile.get(entry.doc.file)?.push(...report.diagnostics);
    const id = String((entry.value as { id?: unknown }).id ?? "");
    definitions.push({
      file: entry.doc.file,
      path: entry.path,
      kind: entry.value.kind,
      id,
      definition: entry.value,
      valid: entry.wellFormed && !hasErrors(report.diagnostics),
      reads,
    });
  }
  const files = sources.map((s) => {
    const diagnostics = sortDiagnostics(perFile.get(s.path) ?? []);
    return { file: s.path, ok: !hasErrors(diagnostics), diagnostics };
  });
  const all = files.flatMap((f) => f.diagnostics);
  return { ok: !hasErrors(all), files, diagnostics: all, definitions, catalog };
}

/** Shape-checks a definition and adds it (and, for a bundle, what it carries) to the catalog. */
function register(
  doc: SourceDocument,
  value: unknown,
  at: DataPath,
  catalog: Catalog,
  loaded: Located<Definition>[],
  files: ReadonlySet<string>,
): Diagnostic[] {
  const diagnostics = validateShape(doc, value, at);
  const kind = (value as { kind?: unknown } | null)?.kind;
  const id = (value as { id?: unknown } | null)?.id;
  if (!isDefinitionKind(kind) || typeof id !== "string") return diagnostics;
  const entry = { value: value as Definition, doc, path: at, wellFormed: diagnostics.length === 0 };
  catalog.add(kind, id, entry as Located<never>);
  loaded.push(entry);
  if (kind === "bundle" && entry.wellFormed) {
    const bundle = value as Bundle;
    (bundle.definitions ?? []).forEach((inner, i) => {
      diagnostics.push(...register(doc, inner, [...at, "definitions", i], catalog, loaded, files));
    });
    (bundle.include ?? []).forEach((relative, i) => {
      const target = resolveBeside(doc.file, relative);
      if (!files.has(target)) {
        const where = [...at, "include", i];
        diagnostics.push({
          code: "io/unreadable",
          severity: "error",
          message: `The bundle includes '${relative}', which was not found.`,
          hint: "Check the path; it is relative to the bundle file's folder.",
          location: doc.locate(where),
          path: where,
        });
      }
    });
  }
  return diagnostics;
}

function checkDefinition(
  entry: Located<Definition>,
  catalog: Catalog,
  report: Reporter,
  reads: LocatedRead[],
): void {
  const value = entry.value;
  switch (value.kind) {
    case "workflow":
      checkWorkflow(entry as Located<Workflow>, catalog, report, reads);
      return;
    case "entity":
      checkEntity(entry as Located<Entity>, catalog, report);
      return;
    case "form":
      checkForm(entry as Located<Form>, catalog, report, reads);
      return;
    case "component":
      checkComponent(entry as Located<Component>, report);
      return;
    case "variant":
      checkVariant(entry as Located<Variant>, catalog, report, reads);
      return;
    case "bundle":
      return;
  }
}

function checkDuplicates(entry: Located<Definition>, catalog: Catalog, report: Reporter): void {
  const value = entry.value as { kind: DefinitionKind; id?: unknown; version?: unknown };
  if (typeof value.id !== "string") return;
  const same = catalog
    .all(value.kind, value.id)
    .filter(
      (other) =>
        value.kind !== "component" || (other.value as { version?: unknown }).version === value.version,
    );
  const first = same.find((other) => other !== entry);
  if (first) {
    report.error(
      "ref/duplicate-definition",
      ["id"],
      `Another ${value.kind} is also called '${value.id}' (${first.doc.file}:${first.doc.locate([...first.path, "id"]).line}).`,
      `Give one of them another id${value.kind === "component" ? ", or another version" : ""}.`,
    );
  }
}
