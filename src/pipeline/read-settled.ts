import type { Diagnostic } from '../model/diagnostic.js';
import type { PipelineResult } from './run-pipeline.js';
import type { SettledFacts } from './settled-facts.js';

/**
 * Runs `read` over the inputs and, when a file turned out to be read before a file that revealed a fact its times
 * depend on (a zone, the collection date, a sibling's year), once more with what the whole input settled, so any
 * member order gives the same report. The second read happens only then, and costs what the first did. Standard
 * input cannot be read twice: its first read stands, with a warning saying which facts came too late.
 */
export async function readSettled<T extends { readonly result: PipelineResult }>(
  inputs: readonly string[],
  read: (settled: SettledFacts | undefined) => Promise<T>,
  /** Releases what a first read holds (temporary files) when a second read replaces it. */
  discard?: (first: T) => void,
): Promise<T> {
  const first = await read(undefined);
  if (!first.result.orderSensitive) return first;
  if (!inputs.includes('-')) {
    discard?.(first);
    return read(first.result.settled);
  }
  first.result.warnings.push(STDIN_ORDER_WARNING);
  return first;
}

const STDIN_ORDER_WARNING: Diagnostic = {
  code: 'time.order-sensitive',
  severity: 'warning',
  title: 'standard input was read once: a file revealed a zone, collection date or year after files whose times depend on it, which were read without it (pass the bundle by name to have every file read with them)',
  where: { file: '-' },
};
