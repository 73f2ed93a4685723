/**
 * A byte stream whose head can be inspected before it is consumed: sniffing magic bytes and binary
 * detection need the first bytes, and the same bytes must then reach the decoder or line splitter.
 * An error from the source is held until the buffered bytes have been handed out, so the lines
 * before a truncation are still read.
 */
export class PeekStream implements AsyncIterable<Uint8Array> {
  private readonly iterator: AsyncIterator<Uint8Array>;
  private readonly buffered: Uint8Array[] = [];
  private bufferedBytes = 0;
  private ended = false;
  private failure: { readonly error: unknown } | undefined;
  private consumed = false;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  /** True once the source has ended (or failed) and every byte of it is buffered. */
  get exhausted(): boolean {
    return this.ended;
  }

  /** The error the source failed with, once it failed. */
  get error(): unknown {
    return this.failure?.error;
  }

  /** Up to `n` first bytes (fewer at the end of the stream or on an error). */
  async peek(n: number): Promise<Uint8Array> {
    while (this.bufferedBytes < n && !this.ended) {
      try {
        const step = await this.iterator.next();
        if (step.done) {
          this.ended = true;
        } else if (step.value.length > 0) {
          this.buffered.push(step.value);
          this.bufferedBytes += step.value.length;
        }
      } catch (error) {
        this.failure = { error };
        this.ended = true;
      }
    }
    const head = concatBytes(this.buffered, this.bufferedBytes);
    if (this.buffered.length > 1) {
      this.buffered.length = 0;
      this.buffered.push(head);
    }
    return head.subarray(0, Math.min(n, head.length));
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    if (this.consumed) return;
    this.consumed = true;
    while (this.buffered.length > 0) {
      const chunk = this.buffered.shift()!;
      this.bufferedBytes -= chunk.length;
      yield chunk;
    }
    if (this.failure) throw this.failure.error;
    if (this.ended) return;
    while (true) {
      const step = await this.iterator.next();
      if (step.done) return;
      yield step.value;
    }
  }

  /** Releases the source without reading it further (the decoders behind it stop). */
  async cancel(): Promise<void> {
    this.consumed = true;
    this.buffered.length = 0;
    if (!this.ended) {
      this.ended = true;
      try {
        await this.iterator.return?.();
      } catch {
        // The source is being abandoned; its own failure is of no interest any more.
      }
    }
  }
}

export function concatBytes(parts: readonly Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
