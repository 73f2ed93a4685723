/** Where a line came from: the input the user named and the path inside it. */
export interface SourceRef {
  /** The input as the user gave it (archive path, directory, file or `-`). */
  readonly bundle: string;
  /** Path of the member inside the input, `/`-separated; nested archives join with `!/` (`a.tgz!/x/kubelet.log.1.gz`). */
  readonly member: string;
}

/** Flags set by ingest when a line could not be read as-is. */
export interface LineFlags {
  /** The line was longer than the line-length limit and was cut there. */
  readonly truncated?: boolean;
  /** The bytes were not valid UTF-8; invalid sequences became U+FFFD. */
  readonly invalidUtf8?: boolean;
}

/**
 * A binary journal entry as ingest decoded it: every field's values as text, in the entry's order (a field may
 * repeat), and the fields left out (too large to read, `null` in `journalctl -o json`).
 */
export interface DecodedJournalEntry {
  readonly values: ReadonlyMap<string, readonly string[]>;
  readonly omitted: readonly string[];
  /** What a record's head reads, picked from the fields as they were decoded, so `values` is built only if asked. */
  readonly head?: JournalEntryHead;
  /**
   * The data fields as decoded, in item order (repeats, left-out values and fields journalctl prints from the entry
   * header included), with `headerValue`: a reader can build its record from them without `values`.
   */
  readonly items?: readonly JournalEntryItem[];
  /** The values `values` gives `__CURSOR`, `__REALTIME_TIMESTAMP`, `__MONOTONIC_TIMESTAMP` and `_BOOT_ID` (0–3). */
  headerValue?(index: number): string;
}

/** One data field of a journal entry: its value as text, null when it was left out. */
export interface JournalEntryItem {
  readonly name: string;
  readonly value: string | null;
}

/**
 * The first value of each field a journal record's head reads (formats/journal-json: time, host, identifier, pid,
 * priority, boot id) and the MESSAGE values joined by newlines, as `values` would give them.
 */
export interface JournalEntryHead {
  /** `__REALTIME_TIMESTAMP` (the entry header's) as epoch ms, µs as the fraction. */
  readonly realtimeMs: number;
  readonly sourceRealtime: string | undefined;
  readonly hostname: string | undefined;
  readonly identifier: string | undefined;
  readonly comm: string | undefined;
  readonly pid: string | undefined;
  readonly syslogPid: string | undefined;
  readonly priority: string | undefined;
  readonly bootId: string;
  readonly message: string;
}

/** One physical line of a member, before any format is known. `text` has no line terminator. */
export interface LogLine {
  readonly source: SourceRef;
  /** 1-based line number within the member. */
  readonly lineNumber: number;
  /**
   * For an entry of a binary journal, the entry as a `journalctl -o json` line: rendered only when read, since the
   * journal format takes `journalEntry` instead.
   */
  readonly text: string;
  readonly flags?: LineFlags;
  /** Set on the entries of a binary journal: the fields already decoded, so no format parses text for them. */
  readonly journalEntry?: DecodedJournalEntry;
}

/** What ingest knows about a member before its first line is parsed. */
export interface MemberInfo {
  readonly source: SourceRef;
  /** Uncompressed size in bytes when known (tar header, stat). */
  readonly size?: number;
  /** Modification time, epoch ms, from the tar header or the file system. */
  readonly mtime?: number;
  /** Layout that recognised the bundle (`rancher-logs`, `microk8s-inspect`, `sos-report`, …). */
  readonly layout?: string;
  /**
   * The bundle (one node's collector output, sos report, …) the layout recognised this member in, unique within the
   * run: the facts its metadata files reveal (host, collection time, zone) are settled per bundle.
   */
  readonly layoutBundle?: string;
  /** Host the layout maps this member to. */
  readonly host?: string;
  /**
   * True when `host` comes only from the bundle's name (or there is none yet) and a metadata file streamed later (a
   * sos report's `hostname`, a troubleshoot bundle's node list) may still name the host otherwise: events carry it as
   * provisional and placement settles it.
   */
  readonly hostProvisional?: boolean;
  /** Component the layout or file name maps this member to (`containerd`, `kubelet`, `k3s`, …). */
  readonly component?: string;
  /** Format the layout expects (a format id), used as the first guess by detection. */
  readonly formatHint?: string;
  /** Fields the layout gives every event of the member (a pod log's `namespace`, `pod`, `container`). */
  readonly fields?: Readonly<Record<string, string>>;
  /** Collection time of the bundle (epoch ms) when the layout reveals it: the year/roll-over anchor. */
  readonly collectedAt?: number;
  /** What gave `collectedAt` when not the bundle's name (`the sos report's date file`). */
  readonly collectedAtSource?: string;
  /** IANA zone or fixed offset (`+02:00`) the layout reveals for local-time lines. */
  readonly timeZone?: string;
}

/** Which lines of a member a raw-byte prefilter marked as possibly holding a signature literal. */
export interface LineMarksView {
  /** Valid for a line once the consumer has received it. */
  isMarked(line: number): boolean;
}

/** A member's lines; the consumer drains them before the next member is produced (tar is sequential). */
export interface MemberLines {
  readonly member: MemberInfo;
  readonly lines: AsyncIterable<LogLine>;
  /**
   * Present when every line was prefiltered on its bytes: an unmarked line holds no signature literal, so an event
   * of that line alone cannot match (see patterns/raw-line-marker). Absent: every event may match.
   */
  readonly marks?: LineMarksView;
}
