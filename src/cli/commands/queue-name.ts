import { DEFAULT_QUEUE_NAME } from '../../batch/queue-connection.js';
import { UsageError } from '../exit-codes.js';

/** `--queue-name`: what BullMQ takes as a queue name (no `:`, which separates its Redis keys). */
export function queueName(text: string | undefined): string {
  if (text === undefined) return DEFAULT_QUEUE_NAME;
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(text)) throw new UsageError(`--queue-name "${text}": letters, digits, ".", "_" and "-" only, up to 100`);
  return text;
}
