import * as monaco from "monaco-editor";
import EditorWorker from "monaco-editor/editor/editor.worker?worker";

// Monaco needs a worker factory once per page (monaco-editor 0.5x exports its files without the
// `esm/vs/` prefix). The canvas configures Monaco too (with a YAML worker as well), so only define
// it when nobody has: the canvas, loaded later, overwrites it with its superset.
const scope = self as typeof self & { MonacoEnvironment?: monaco.Environment };
if (!scope.MonacoEnvironment) scope.MonacoEnvironment = { getWorker: () => new EditorWorker() };

export { monaco };
