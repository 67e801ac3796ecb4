import type { Diagnostic } from "@switchyard/definitions";
import { useEffect, useRef } from "react";
import { monaco } from "./monaco-setup";

/** Props of the YAML view. */
export interface YamlEditorProps {
  /** The file name, e.g. trade-in.east.workflow.yaml (selects the workflow JSON Schema). */
  readonly file: string;
  readonly value: string;
  readonly readOnly: boolean;
  readonly diagnostics: readonly Diagnostic[];
  /** Called on every edit typed in the editor (the page debounces). */
  onChange(text: string): void;
}

/** Monaco with monaco-yaml: schema completion and hovers, and the validator's diagnostics as markers. */
export default function YamlEditor({ file, value, readOnly, diagnostics, onChange }: YamlEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const changed = useRef(onChange);
  changed.current = onChange;

  useEffect(() => {
    if (!host.current) return;
    const uri = monaco.Uri.parse(`file:///${file}`);
    const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(value, "yaml", uri);
    model.setValue(value);
    const instance = monaco.editor.create(host.current, {
      model,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      tabSize: 2,
      scrollBeyondLastLine: false,
      ariaLabel: "Workflow YAML",
      readOnly,
    });
    editor.current = instance;
    const listener = model.onDidChangeContent((event) => {
      if (!event.isFlush && !applying) changed.current(model.getValue());
    });
    return () => {
      listener.dispose();
      instance.dispose();
      model.dispose();
      editor.current = null;
    };
    // The model is created once per file; later values arrive through the effect below.
  }, [file]);

  useEffect(() => {
    editor.current?.updateOptions({ readOnly });
  }, [readOnly]);

  useEffect(() => {
    const model = editor.current?.getModel();
    if (!model || model.getValue() === value) return;
    // A canvas edit or undo: replace the text as one edit, so the cursor and scroll stay put.
    applying = true;
    try {
      model.pushEditOperations([], [{ range: model.getFullModelRange(), text: value }], () => null);
    } finally {
      applying = false;
    }
  }, [value]);

  useEffect(() => {
    const model = editor.current?.getModel();
    if (!model) return;
    monaco.editor.setModelMarkers(
      model,
      "switchyard",
      diagnostics
        .filter((d) => d.location)
        .map((d) => {
          const at = d.location!;
          return {
            severity: d.severity === "error" ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
            message: d.hint ? `${d.message}\n${d.hint}` : d.message,
            code: d.code,
            startLineNumber: at.line,
            startColumn: at.column,
            endLineNumber: at.endLine ?? at.line,
            endColumn: at.endColumn ?? model.getLineMaxColumn(Math.min(at.line, model.getLineCount())),
          };
        }),
    );
  }, [diagnostics, value]);

  return <div ref={host} className="cv-yaml-editor" data-testid="yaml-editor" />;
}

/** Set while the page's text is written into the model, so it is not reported back as a user edit. */
let applying = false;
