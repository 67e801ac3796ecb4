// The benchmark's workflow is the crash test's: one definition of "five-step" for both.
export { FIVE_STEP_PROJECT } from "../../packages/runtime/tests/crash/five-step.mjs";
