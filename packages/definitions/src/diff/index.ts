export {
  type FieldReadsChange,
  diffFieldReads,
  diffFieldWrites,
  fieldOfRead,
  fieldReadsByStep,
  fieldWritesByStep,
  type VersionReads,
} from "./lineage.js";
export {
  type Change,
  type ChangeKind,
  type DefinitionDiff,
  type DiffOptions,
  type DiffPath,
  diffDefinitions,
  diffValues,
} from "./structural.js";
export { describeValue } from "./summary.js";
export {
  type EdgeChange,
  type EdgeRef,
  type StepMove,
  diffWorkflows,
  summarizeWorkflowDiff,
  type WorkflowChange,
  type WorkflowDiff,
} from "./workflow.js";
