import { useEffect, useRef } from "react";
import { monaco } from "./monaco-setup";

/** Two YAML sources side by side in Monaco's diff editor (read-only). Loaded lazily: Monaco is large. */
export default function YamlDiff({
  original,
  modified,
  label,
}: {
  original: string;
  modified: string;
  label: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!host.current) return;
    const editor = monaco.editor.createDiffEditor(host.current, {
      readOnly: true,
      originalEditable: false,
      automaticLayout: true,
      renderSideBySide: true,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      ariaLabel: label,
    });
    const before = monaco.editor.createModel(original, "yaml");
    const after = monaco.editor.createModel(modified, "yaml");
    editor.setModel({ original: before, modified: after });
    return () => {
      editor.dispose();
      before.dispose();
      after.dispose();
    };
  }, [original, modified, label]);
  return <div ref={host} className="gov-yaml-diff" data-testid="yaml-diff" />;
}
