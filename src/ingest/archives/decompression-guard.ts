/** Raised inside a decoder when a limit stops it; the message names the limit and the offset. */
export class IngestLimitError extends Error {
  constructor(
    message: string,
    readonly code: 'ingest.ratio-limit' | 'ingest.total-bytes-limit' | 'ingest.line-limit' | 'ingest.input-bytes-limit',
  ) {
    super(message);
    this.name = 'IngestLimitError';
  }
}

/** Shared by every decoder of one run: the total decompressed bytes, and those of each input. */
export interface ByteBudget {
  readonly maxTotalBytes: number;
  totalBytes: number;
  /** Decompressed bytes one input may take (`--max-input-bytes`); absent: no per-input budget. */
  readonly maxInputBytes?: number;
  /** Decompressed bytes so far per input. */
  readonly inputBytes?: Map<string, number>;
}

/** Counts one compressed stream's bytes in and out and stops it while streaming when a limit is passed. */
export class DecompressionGuard {
  compressedBytes = 0;
  decompressedBytes = 0;

  constructor(
    private readonly kind: string,
    private readonly maxRatio: number,
    private readonly budget: ByteBudget,
    /** The input (bundle named on the command line) the stream belongs to, for the per-input budget. */
    private readonly input?: string,
  ) {}

  /** Wraps the compressed input so the guard knows how far into it the decoder is. */
  async *countInput(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array, void, undefined> {
    for await (const chunk of source) {
      this.compressedBytes += chunk.length;
      yield chunk;
    }
  }

  /**
   * Counts a decoded chunk like `output`, and says what of it to keep: all of it, or, for the chunk that crosses the
   * total limit, the bytes before the limit (they were read before it; a decoder's chunk is large) with the error to
   * stop on. A chunk that trips the ratio limit is a bomb's: none of it is kept.
   */
  admit(chunk: Uint8Array): { readonly kept: Uint8Array; readonly error?: IngestLimitError } {
    const left = Math.max(0, this.budget.maxTotalBytes - this.budget.totalBytes);
    const inputLeft = this.input !== undefined && this.budget.maxInputBytes !== undefined
      ? Math.max(0, this.budget.maxInputBytes - (this.budget.inputBytes?.get(this.input) ?? 0))
      : Infinity;
    try {
      this.output(chunk.length);
      return { kept: chunk };
    } catch (error) {
      if (!(error instanceof IngestLimitError)) throw error;
      const keep = error.code === 'ingest.total-bytes-limit' ? left : error.code === 'ingest.input-bytes-limit' ? inputLeft : 0;
      return { kept: chunk.subarray(0, Math.min(keep, chunk.length)), error };
    }
  }

  /** Call for every decoded chunk; throws `IngestLimitError` once a limit is passed. */
  output(bytes: number): void {
    this.decompressedBytes += bytes;
    this.budget.totalBytes += bytes;
    if (this.budget.totalBytes > this.budget.maxTotalBytes) {
      throw new IngestLimitError(
        `stopped after ${this.budget.totalBytes} decompressed bytes in total (limit ${this.budget.maxTotalBytes}, --max-total-bytes) at ${this.kind} byte ${this.compressedBytes}`,
        'ingest.total-bytes-limit',
      );
    }
    const max = this.budget.maxInputBytes;
    const counts = this.budget.inputBytes;
    if (this.input !== undefined && max !== undefined && counts) {
      const used = (counts.get(this.input) ?? 0) + bytes;
      counts.set(this.input, used);
      if (used > max) {
        throw new IngestLimitError(`stopped after ${max} decompressed bytes of this input (--max-input-bytes) at ${this.kind} byte ${this.compressedBytes}`, 'ingest.input-bytes-limit');
      }
    }
    // A few MiB of slack: small, very repetitive logs legitimately compress far better than 1000:1 at the start.
    if (this.decompressedBytes > 4 * 1024 * 1024 && this.decompressedBytes > this.maxRatio * Math.max(this.compressedBytes, 1)) {
      throw new IngestLimitError(
        `${this.kind} stream expands more than ${this.maxRatio}:1 (${this.decompressedBytes} bytes from ${this.compressedBytes}): stopped as a possible decompression bomb (--max-ratio)`,
        'ingest.ratio-limit',
      );
    }
  }

  /** Describes where a decoder failed, for `memberDamaged`. */
  describeFailure(error: unknown): string {
    if (error instanceof IngestLimitError) return error.message;
    const message = error instanceof Error ? error.message : String(error);
    return `${this.kind} data ends or is corrupt at compressed byte ${this.compressedBytes} (after ${this.decompressedBytes} decompressed bytes): ${message}`;
  }
}
