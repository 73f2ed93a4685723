/**
 * The queue's names, apart from the connection code (which loads `node:net`): every command's option spec quotes
 * them in its help, and the specs load on every run, `--version` included.
 */

/** Redis keys of every logsift queue start with this (BullMQ's `prefix`): a shared server's other users are left alone. */
export const QUEUE_KEY_PREFIX = 'logsift';
export const DEFAULT_QUEUE_NAME = 'logsift-batch';
