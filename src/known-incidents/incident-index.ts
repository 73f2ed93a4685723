import type { Sighting } from '../model/incident.js';

/**
 * The known-incident index: "have we seen this before, in which ticket?". Incidents (and unrecognised error
 * templates) are filed under a ticket by their host-independent fingerprint, so the same failure on another
 * customer's node finds the ticket it was solved in.
 *
 * Storage-neutral on purpose: the SQLite file (sqlite-incident-index.ts) is the default, a PostgreSQL server
 * (postgres-incident-index.ts) serves a team behind the same methods; open-incident-index.ts picks one by location. Every method is async so a networked store fits; an implementation's `open…` function
 * creates or migrates the schema, and refuses (IndexError) a store it cannot use.
 */
export interface IncidentIndex {
  /** Files every item of one report under its ticket, all or nothing (one transaction). */
  add(entry: IndexEntry): Promise<AddResult>;
  /** The tickets each fingerprint was filed under, newest first, one sighting (the first filing) per ticket; unknown fingerprints are left out. */
  sightings(fingerprints: readonly string[]): Promise<ReadonlyMap<string, readonly Sighting[]>>;
  /** Every filed item whose fingerprint or signature id is `term` (exactly), oldest first. */
  search(term: string): Promise<readonly KnownIncident[]>;
  close(): Promise<void>;
}

/**
 * How an implementation is opened: `location` names the store (a file path for SQLite, a connection string for a
 * server). Creates or migrates the schema as needed (`write` creates a missing store; `read` refuses it), and refuses
 * with an IndexError a store it cannot use, leaving it as it was.
 */
export type OpenIncidentIndex = (location: string, options: { readonly mode: 'read' | 'write' }) => Promise<IncidentIndex>;

/** One incident or unrecognised error template of a report, as it is filed. */
export interface IndexedItem {
  readonly fingerprint: string;
  readonly kind: 'incident' | 'unrecognised';
  /** The signature id (incidents only). */
  readonly signature?: string;
  /** The incident's title, or the unrecognised template. */
  readonly title: string;
  readonly severity?: string;
  readonly host?: string;
  /** Epoch ms UTC. */
  readonly firstSeen?: number;
  readonly lastSeen?: number;
  readonly count: number;
}

/** The report an addition came from: what a later reader needs to judge whether the old ticket fits. */
export interface IndexedReport {
  /** The report's time span, epoch ms UTC. */
  readonly start?: number;
  readonly end?: number;
  readonly hosts: readonly string[];
  /** Component versions the report names (captured `version`-like fields), by field name; empty when none. */
  readonly versions: Readonly<Record<string, readonly string[]>>;
  /** The logsift version that wrote the report. */
  readonly toolVersion: string;
  /** The inputs the report names (bundle paths as given then). */
  readonly inputs: readonly string[];
}

/** One `logsift index add`: a report's items under a ticket. */
export interface IndexEntry {
  readonly ticket: string;
  readonly note?: string;
  /** When it is added, epoch ms UTC. */
  readonly added: number;
  readonly report: IndexedReport;
  /** The file that was added: the bundle (analysed on the fly) or the report JSON, with its content hash. */
  readonly source: { readonly kind: 'bundle' | 'report'; readonly name: string; readonly sha256?: string };
  readonly items: readonly IndexedItem[];
}

export interface AddResult {
  /** Items filed by this addition. */
  readonly added: number;
  /** Of those, how many fingerprints the index already held under another ticket. */
  readonly seenBefore: number;
}

/** A filed item with the addition it belongs to, as `search` returns it. */
export interface KnownIncident extends IndexedItem {
  readonly ticket: string;
  readonly note?: string;
  readonly added: number;
  readonly report: IndexedReport;
  readonly source: IndexEntry['source'];
}

/**
 * Why an index cannot be used; `message` is one line naming the index (a server without its password). `locked` is
 * worth retrying (another writer held it past the busy timeout); every other kind needs a person. `unreachable` (no
 * answer, connection refused or lost) and `denied` (login refused) come from a server index only.
 */
export type IndexProblem = 'missing' | 'damaged' | 'not-an-index' | 'newer-schema' | 'locked' | 'unwritable' | 'unreachable' | 'denied';

export class IndexError extends Error {
  constructor(readonly problem: IndexProblem, message: string) {
    super(message);
    this.name = 'IndexError';
  }
}
