import * as monaco from "monaco-editor";
import EditorWorker from "monaco-editor/editor/editor.worker?worker";

// Monaco asks for a worker by language label; the YAML view needs only the editor worker (YAML
// highlighting is built in, and the validator's diagnostics arrive as markers). Other studio pages
// define the environment too (governance/versions); whichever runs first is kept, both give the
// same worker. monaco-editor 0.57 exports its files without the esm/vs/ prefix
// ("monaco-editor/editor/editor.worker"); see the report for monaco-yaml, which still imports the old path.
const scope = self as typeof self & { MonacoEnvironment?: monaco.Environment };
if (!scope.MonacoEnvironment) scope.MonacoEnvironment = { getWorker: () => new EditorWorker() };

export { monaco };
