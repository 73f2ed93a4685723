/** What a layout learned about a bundle from its name or first member path. */
export interface LayoutMatch {
  readonly layout: string;
  /** Prefix of every member of this bundle (`inspection-report/`, `node1-2024-…/`); '' when none. */
  readonly root: string;
  readonly host?: string;
  readonly collectedAt?: number;
  /** What gave `collectedAt` when not the bundle name (`the sos report's date file`), for the report's assumptions. */
  readonly collectedAtSource?: string;
  readonly timeZone?: string;
  /** How much the layout trusts what it learned so far from metadata files (host name, date), by fact. */
  readonly learnedRank?: Readonly<Record<string, number>>;
  /** The member path (below `root`) each learned fact came from: of two files of one rank, the first by path wins. */
  readonly learnedFrom?: Readonly<Record<string, string>>;
}

/** What a layout says about one member. */
export interface MemberMapping {
  readonly component?: string;
  readonly formatHint?: string;
  /** Overrides the bundle host (troubleshoot's remote host collectors name the node in the path). */
  readonly host?: string;
  /** Fields every event of the member carries (a pod log's namespace, pod and container). */
  readonly fields?: Readonly<Record<string, string>>;
  /** Set for known non-log files (command output tables, JSON resources): the reason shown in coverage. */
  readonly notALog?: string;
}

/** A bundle layout: one file in src/ingest/layouts, listed in layouts/index.ts. */
export interface BundleLayout {
  readonly id: string;
  /**
   * `bundle`: once recognised it holds for every member of the archive (microk8s, Rancher, sos…);
   * `member`: recognised member by member (raw /var/log copies, plain journal dumps).
   */
  readonly scope: 'bundle' | 'member';
  /** Recognises the layout from a member path (relative to the archive or directory) and the archive name. */
  recognise(path: string, archiveName: string | undefined): LayoutMatch | undefined;
  /** Maps a member path below `match.root`. Never throws. */
  describe(relativePath: string, match: LayoutMatch): MemberMapping;
  /** True for a small member whose text says something about the whole bundle (sos `hostname`, `date`). */
  isMetadata?(relativePath: string): boolean;
  /** How many first bytes of a metadata member `learn` is given (default 4 KB: a hostname or date file). */
  readonly metadataBytes?: number;
  /** The match updated with what a metadata member's text says; undefined when it says nothing better. Never throws. */
  learn?(relativePath: string, text: string, match: LayoutMatch): LayoutMatch | undefined;
}

export const NOT_A_LOG = 'not a log';
