import { extract as createExtract, type Header } from 'tar-stream';

/** tar-stream's entry stream (its type is not exported). */
interface EntrySource {
  readonly header: Header;
  readonly offset?: number;
}

export interface TarEntry {
  readonly header: Header;
  /** Byte offset of the entry's header in the tar stream. */
  readonly offset: number;
  /** The entry's data; read it to the end (or let `tarEntries` drain it) before asking for the next entry. */
  readonly body: AsyncIterable<Uint8Array>;
}

/** Thrown when the tar structure itself is broken; the message names the byte offset. */
export class TarDamageError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'TarDamageError';
  }
}

/**
 * Streams the entries of a tar through tar-stream: one entry's data at a time, nothing buffered
 * beyond tar-stream's own window. An error of the source (a truncated gzip under the tar) surfaces
 * unchanged from the entry being read or from the next `next()`; a broken tar structure surfaces
 * as a `TarDamageError`.
 */
/** Event-loop turns without progress after which a failed source is taken as exhausted. */
const STALL_TURNS = 8;

function idleTurns(turns: number): Promise<void> {
  return new Promise((resolve) => {
    const turn = (left: number): void => {
      if (left === 0) resolve();
      else setImmediate(() => turn(left - 1));
    };
    turn(turns);
  });
}

export async function* tarEntries(source: AsyncIterable<Uint8Array>): AsyncGenerator<TarEntry, void, undefined> {
  const extract = createExtract();
  let fed = 0;
  let sourceError: { readonly error: unknown } | undefined;
  let stopFeeding = false;
  const iterator = source[Symbol.asyncIterator]();
  // The extract's own error names the damage ("Unexpected end of data"); the entry it destroys only says "Stream was
  // destroyed". One damage is one error object, thrown from the entry and again from the next step, so it is
  // reported once (ingest skips an error object it has already reported).
  let extractError: unknown;
  let damage: TarDamageError | undefined;
  extract.on('error', (error: unknown) => {
    extractError ??= error;
  });
  // When the archive ends inside an entry, tar-stream destroys that entry, usually before the reader has even been
  // handed it, and destroying drops the bytes the entry holds: for a member cut within its first chunk, every line.
  // Each entry is hooked as it is created, so those bytes are taken out first and still read before the error.
  const rescuedBytes = new WeakMap<object, Uint8Array[]>();
  extract.on('entry', (_header: Header, entry: unknown) => {
    const readable = entry as { destroy(error?: unknown): void; _readableState?: { queue?: { shift(): unknown } } };
    const rescued: Uint8Array[] = [];
    rescuedBytes.set(readable, rescued);
    const destroy = readable.destroy.bind(readable);
    readable.destroy = (error?: unknown): void => {
      // streamx keeps pushed, unread chunks in this FIFO (its read() refuses before the stream was first read).
      const queue = readable._readableState?.queue;
      if (queue) for (let chunk = queue.shift(); chunk instanceof Uint8Array; chunk = queue.shift()) rescued.push(chunk);
      destroy(error);
    };
  });
  // Steps wait for "data or the feeder finished". Racing each step against the long-lived `feeding` promise would
  // chain every step's result (a chunk) onto it until the archive ends — all decompressed bytes kept in memory —
  // so the feeder wakes the one waiting step through this slot instead.
  let feedingFinished = false;
  let wakeWhenFeedingFinishes: (() => void) | undefined;
  const feeding = (async () => {
    try {
      while (!stopFeeding && !extract.destroyed) {
        const step = await iterator.next();
        // The reader may have gone away while the source was being read: writing now would wait forever.
        if (step.done || stopFeeding || extract.destroyed) break;
        fed += step.value.length;
        if (!extract.write(step.value) && !extract.destroyed) {
          await new Promise<void>((resolve) => {
            const done = (): void => {
              extract.off('drain', done);
              extract.off('close', done);
              resolve();
            };
            extract.on('drain', done);
            extract.on('close', done);
          });
        }
      }
      if (!extract.destroyed) extract.end(undefined);
    } catch (error) {
      // Not destroyed here: tar-stream drops what it holds but has not handed out yet (up to a whole
      // chunk), and those are the last readable lines before the damage. The reader gives up once the
      // extract stops producing (see `settle`) and then throws this error.
      sourceError = { error };
    } finally {
      feedingFinished = true;
      wakeWhenFeedingFinishes?.();
    }
  })();

  const entries = extract[Symbol.asyncIterator]();
  let lastOffset = 0;
  /**
   * Once the source has failed, every byte there will ever be is already inside the extract, so a step
   * that does not complete within a few event-loop turns never will: it fails with the source's error.
   */
  const settle = async <T>(step: Promise<T>): Promise<T> => {
    if (!sourceError) {
      if (!feedingFinished) {
        const raced = await new Promise<{ value: T } | undefined>((resolve, reject) => {
          wakeWhenFeedingFinishes = () => resolve(undefined);
          step.then((value) => resolve({ value }), reject);
        }).finally(() => {
          wakeWhenFeedingFinishes = undefined;
        });
        if (raced) return raced.value;
      }
      if (!sourceError) return step;
    }
    const failed = sourceError;
    step.catch(() => undefined);
    const result = await Promise.race([step.then((value) => ({ value })), idleTurns(STALL_TURNS).then(() => undefined)]);
    if (result) return result.value;
    throw failed.error;
  };
  const rethrow = (error: unknown): never => {
    if (sourceError) throw sourceError.error;
    if (damage) throw damage;
    const cause = extractError ?? error;
    const message = cause instanceof Error ? cause.message : String(cause);
    damage = new TarDamageError(`corrupt tar after byte ${lastOffset} (${fed} bytes read): ${message}`, lastOffset);
    throw damage;
  };
  try {
    while (true) {
      let step: IteratorResult<unknown>;
      try {
        step = await settle(entries.next());
      } catch (error) {
        return rethrow(error);
      }
      if (step.done) {
        if (sourceError) throw sourceError.error;
        return;
      }
      const stream = step.value as EntrySource;
      const offset = typeof stream.offset === 'number' ? stream.offset : lastOffset;
      lastOffset = offset;
      // Pull through one iterator and never call its return(): ending a tar-stream entry early destroys the whole extract.
      const entryIterator = (stream as unknown as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
      let done = false;
      let delivered = 0;
      const size = typeof stream.header.size === 'number' ? stream.header.size : undefined;
      const rescued = rescuedBytes.get(stream) ?? [];
      let failure: { readonly error: unknown } | undefined;
      const pull = async (): Promise<IteratorResult<Uint8Array>> => {
        if (failure === undefined) {
          try {
            const next = await settle(entryIterator.next());
            if (next.done) done = true;
            else delivered += next.value.length;
            return next;
          } catch (error) {
            failure = { error };
          }
        }
        // The bytes the entry held when it was destroyed come before its error.
        const chunk = rescued.shift();
        if (chunk !== undefined) {
          delivered += chunk.length;
          return { done: false, value: chunk };
        }
        done = true;
        // tar-stream parses ahead: a broken *next* header surfaces while this entry is still open. When all of this
        // entry's bytes arrived, the entry is whole; the damage is reported by the next step instead.
        if (!sourceError && size !== undefined && delivered >= size) return { done: true, value: undefined };
        return rethrow(failure.error);
      };
      const body: AsyncIterable<Uint8Array> = {
        [Symbol.asyncIterator]: async function* () {
          while (!done) {
            const next = await pull();
            if (next.done) return;
            yield next.value;
          }
        },
      };
      yield { header: stream.header, offset, body };
      // The caller may have stopped early: the rest of the entry must still be read to reach the next header.
      while (!done) await pull();
    }
  } finally {
    stopFeeding = true;
    if (!extract.destroyed) extract.destroy();
    await iterator.return?.().catch(() => undefined);
    await feeding;
  }
}
