/** Status of one input member: every file in the input gets one. */
export type MemberStatusKind = 'parsed' | 'skipped' | 'error';

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
