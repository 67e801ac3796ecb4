// The studio's one Monaco set-up (workers, the YAML language with the workflow schema).
export { monaco } from "../../app/monaco";
