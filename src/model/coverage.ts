/** Status of one input member: every file in the input gets one. */
export type MemberStatusKind = 'parsed' | 'skipped' | 'error';

/**
 * Why a member was skipped, failed or read only in part: one code per kind of reason, the same whichever stage
 * (ingest or the pipeline) found it, so nothing downstream has to read the sentence to know what happened.
 * - `not-a-log`: the layout names the file as something else (a command's output, metadata read for host or time)
 * - `empty`: no bytes, or no lines
 * - `zeroed`: only NUL bytes (an empty tar, or a file zeroed by a crash)
 * - `binary`: binary data that is no archive or journal logsift reads
 * - `excluded`: left out by --include/--exclude
 * - `duplicate`: a byte-identical copy of another member of the same input and host (`duplicateOf` names it)
 * - `link`: a symbolic or hard link (its target is read under its own name)
 * - `special-file`: a fifo, socket, device or other non-regular entry
 * - `limit`: a reading limit was reached (nesting depth, buffered journal size, compression ratio, total bytes)
 * - `unsupported`: a container logsift cannot read where it stands (a zip on stdin or inside an archive, a journal
 *   feature it does not know)
 * - `damaged`: the bytes end early or are corrupt (a cut gzip, a torn tar, a corrupt zip or journal)
 */
export type MemberReasonCode =
  | 'not-a-log'
  | 'empty'
  | 'zeroed'
  | 'binary'
  | 'excluded'
  | 'duplicate'
  | 'link'
  | 'special-file'
  | 'limit'
  | 'unsupported'
  | 'damaged';

/** A reason as data: the code says what kind, the text says it to a person. */
export interface MemberReason {
  readonly code: MemberReasonCode;
  readonly text: string;
  /** For `duplicate`: the path of the member this one copies. */
  readonly duplicateOf?: string;
}

export interface MemberStatus {
  /** Input path / member path, as shown to the user. */
  readonly path: string;
  readonly bundle: string;
  readonly host?: string;
  readonly component?: string;
  /** Main format id (the one that parsed most lines). */
  readonly format?: string;
  readonly status: MemberStatusKind;
  /** Why a member was skipped or failed (binary, empty, duplicate of X, unsupported, gzip truncated at …). */
  readonly reason?: string;
  /** The kind of `reason`, present exactly when `reason` is. */
  readonly reasonCode?: MemberReasonCode;
  /** For a `duplicate`: the path of the member whose lines were read (and counted) instead. */
  readonly duplicateOf?: string;
  /** Physical lines read. */
  readonly lines: number;
  /** Lines that a format parsed (including continuation lines joined into an event). */
  readonly parsed: number;
  /** Lines no format recognised (kept as plain-text events, never dropped). */
  readonly unparsed: number;
  /** Lines whose event has no time (parsed or not); absent for members never read. */
  readonly untimed?: number;
  /** Events produced. */
  readonly events: number;
  /** Earliest and latest event time, epoch ms. */
  readonly firstTimestamp?: number;
  readonly lastTimestamp?: number;
  /** Lines cut at the line-length limit. */
  readonly truncatedLines?: number;
  /** Lines with invalid UTF-8. */
  readonly invalidUtf8Lines?: number;
  /** Formats seen and how many events each produced. */
  readonly formats?: Readonly<Record<string, number>>;
}
