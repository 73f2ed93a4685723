import type { ParseOutput, ParserStep } from './log-format.js';

/*
 * The answers a line parser gives most lines that complete nothing, shared and frozen rather than built per line:
 * `ParserStep`s are read at once by the member parser and never written to.
 */

/** No output. */
export const NO_OUTPUT: readonly ParseOutput[] = Object.freeze([]);
/** The line was taken and completes nothing yet (a continuation, a first line, a partial chunk). */
export const ACCEPTED_NOTHING: ParserStep = Object.freeze({ accepted: true, out: NO_OUTPUT });
/** The line is not this format's. */
export const REFUSED: ParserStep = Object.freeze({ accepted: false, out: NO_OUTPUT });
