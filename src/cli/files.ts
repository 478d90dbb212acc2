/**
 * The CLI's file writes: the output layer's atomic write, re-exported where
 * the commands have always imported it.
 *
 * @module
 */
export { writeFileAtomically } from "../util/output.js";
