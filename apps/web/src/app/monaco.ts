import workflowSchema from "@switchyard/definitions/schemas/workflow.schema.json";
import * as monaco from "monaco-editor";
import EditorWorker from "monaco-editor/esm/vs/editor/editor.worker?worker";
import { configureMonacoYaml } from "monaco-yaml";
import YamlWorker from "monaco-yaml/yaml.worker?worker";

// Monaco is set up once per page, for every editor of the studio: the editor worker, and the YAML
// worker with the workflow JSON Schema, so the YAML view completes, explains and validates as
// the author types. (monaco-editor stays on 0.52: from 0.53 its worker start-up changed and
// monaco-yaml's worker no longer receives its settings.)
self.MonacoEnvironment = {
  getWorker: (_id, label) => (label === "yaml" ? new YamlWorker() : new EditorWorker()),
};

configureMonacoYaml(monaco, {
  enableSchemaRequest: false,
  schemas: [
    {
      uri: "https://switchyard.dev/schemas/workflow.schema.json",
      fileMatch: ["**/*.workflow.yaml"],
      schema: workflowSchema as object,
    },
  ],
});

export { monaco };
