export { compile, evaluate, render } from "./evaluate.js";
export { fromCel, type Json, toCel } from "./values.js";
