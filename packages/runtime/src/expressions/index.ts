export { compile, evaluate, evaluateCel, render } from "./evaluate.js";
export { fromCel, type Json, toCel } from "./values.js";
