export { compile, evaluate, evaluateCel, render } from "./evaluate.js";
export { celMapOf, fromCel, type Json, toCel } from "./values.js";
