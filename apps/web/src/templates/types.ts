/** A template as GET /api/templates lists it. */
export interface TemplateSummary {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly description: string;
  readonly industry: string | null;
  readonly scenarios: readonly string[];
}

/** A template as GET /api/templates/{id} answers it: with its README and files. */
export interface TemplateDetail extends TemplateSummary {
  readonly readme: string;
  readonly files: readonly { path: string; kind: string | null; id: string | null; text: string }[];
}

/** What a successful import did (201 of POST /api/templates/{id}/import). */
export interface ImportOutcome {
  readonly published: readonly { kind: string; id: string; version: number }[];
  readonly drafts: readonly string[];
  readonly unchanged: readonly { kind: string; id: string }[];
  readonly kept: readonly { kind: string; id: string; file: string }[];
}

/** A conflict of a refused import (409 `import/conflicts`). */
export interface ImportConflict {
  readonly kind: string;
  readonly id: string;
  readonly file: string;
  readonly existing: number | "draft";
}

/** A located problem of a refused import (422): a diagnostic or a publish problem. */
export interface ImportProblem {
  readonly code?: string;
  readonly message?: string;
  readonly hint?: string;
  readonly severity?: string;
  readonly file?: string | null;
  readonly line?: number | null;
  readonly column?: number | null;
}
