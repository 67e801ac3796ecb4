export { BUILTIN_COMPONENTS, builtinComponent } from "./builtin.js";
