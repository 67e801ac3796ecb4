export { compile, evaluate, evaluateCel, render } from "./evaluate.js";
export { celMapOf, fromCel, type Json, lazyCelMap, toCel } from "./values.js";
