import { connect } from 'node:net';

export { DEFAULT_QUEUE_NAME, QUEUE_KEY_PREFIX } from './queue-names.js';

/** Where the queue lives: `redis://[user:password@]host[:port][/db]` (`rediss://` for TLS). */
export interface QueueLocation {
  readonly host: string;
  readonly port: number;
  readonly db: number;
  readonly username?: string;
  readonly password?: string;
  readonly tls: boolean;
  /** The URL without its password, for messages. */
  readonly shown: string;
}

/** The location a `--queue` URL names, or why it names none (one line). */
export function parseQueueUrl(text: string): QueueLocation | string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `--queue "${text}": expected redis://HOST:PORT (e.g. redis://127.0.0.1:6379)`;
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') return `--queue "${text}": expected a redis:// or rediss:// URL`;
  if (!url.hostname) return `--queue "${text}": names no host`;
  const db = url.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d{1,2}$/.test(db)) return `--queue "${text}": the path must be a database number (/0 … /15)`;
  const shownUrl = new URL(url.href);
  if (shownUrl.password) shownUrl.password = '***';
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : 6379,
    db: db === '' ? 0 : Number(db),
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    tls: url.protocol === 'rediss:',
    shown: shownUrl.href.replace(/\/$/, ''),
  };
}

/**
 * Why the queue's server cannot be reached (refused, unknown host, silent past `timeoutMs`, not Redis), or undefined
 * when it answers. Asked once before anything is enqueued or taken, so an unreachable queue is one line, not the
 * Redis client's endless reconnection attempts. A server that wants a password answers too (it is Redis).
 */
export function unreachableReason(location: QueueLocation, timeoutMs = 5000): Promise<string | undefined> {
  if (location.tls) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const socket = connect({ host: location.host, port: location.port });
    let answer = '';
    const finish = (reason: string | undefined) => {
      socket.destroy();
      resolve(reason);
    };
    socket.setTimeout(timeoutMs, () => finish(`no answer within ${timeoutMs / 1000} s`));
    socket.on('error', (error: NodeJS.ErrnoException) => finish(error.code ?? error.message));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      if (!answer.includes('\r\n')) return;
      finish(/^[+-]/.test(answer) ? undefined : 'it does not answer like a Redis server');
    });
  });
}

/** The Redis connection options BullMQ passes to its client (ioredis). */
export function connectionOptions(location: QueueLocation, name: string) {
  return {
    host: location.host,
    port: location.port,
    db: location.db,
    ...(location.username ? { username: location.username } : {}),
    ...(location.password ? { password: location.password } : {}),
    ...(location.tls ? { tls: {} } : {}),
    connectionName: name,
    // BullMQ's workers wait on blocking commands: they need requests to wait out a reconnection, not fail.
    maxRetriesPerRequest: null,
    // Reconnect after a server restart: quickly at first, then every 2 s.
    retryStrategy: (times: number) => Math.min(times * 200, 2000),
  };
}
