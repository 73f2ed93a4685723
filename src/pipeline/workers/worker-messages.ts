import type { MessagePort } from 'node:worker_threads';
import type { AnalysisPart } from '../event-analysis.js';
import type { DecodedJournalEntry, MemberInfo } from '../../model/log-line.js';
import type { LifecycleRules } from '../../model/lifecycle.js';
import type { SystemFactRules } from '../../model/system-facts.js';
import type { Signature } from '../../model/signature.js';
import type { MemberClockSetup, MemberOutcome, ZoneWire } from '../parse-member.js';

/** Given to each worker when it starts (`workerData`), before the library is loaded. */
export interface MemberWorkerData {
  /** One Int32: 0 while the worker waits for an answer, 1 once `answers` holds it. */
  readonly answerReady: SharedArrayBuffer;
  /** Where answers to `ask` arrive; the worker reads it synchronously (it is never started). */
  readonly answers: MessagePort;
}

/** The first message to a worker: what to match with and which events to observe. */
export interface WorkerSetup {
  readonly type: 'setup';
  /** The main thread's loaded signatures (plain data; each rule's regex is compiled again from its source on arrival): the very same library, unparsed. */
  readonly signatures: readonly Signature[];
  /** The main thread's lifecycle table (regexes survive the copy). */
  readonly lifecycle: LifecycleRules;
  /** The main thread's system facts table (regexes survive the copy). */
  readonly systemFacts?: SystemFactRules;
  readonly since?: number;
  readonly until?: number;
  readonly hosts?: readonly string[];
  /** Mark the lines of members sent as bytes by the raw-byte prefilter (`IngestOptions.lineMarker`). */
  readonly rawPrefilter?: boolean;
  /** Skim the unmarked lines (`PipelineOptions.skim`). */
  readonly skim?: boolean;
}

/**
 * Main thread → worker: a member starts, its bytes (split into lines by the worker, with `maxLineBytes`) or its
 * lines follow, then it ends (`cut`: the bytes broke off where the member is damaged).
 */
export type ToWorker =
  | WorkerSetup
  | {
    readonly type: 'begin'; readonly seq: number; readonly info: MemberInfo; readonly setup: MemberClockSetup; readonly maxLineBytes?: number;
    /** The member's lines are to be marked (its layout fields hold no literal: see `lineMarkingFor`). */
    readonly marked?: boolean;
  }
  | { readonly type: 'bytes'; readonly seq: number; readonly chunk: Uint8Array }
  | {
    readonly type: 'lines';
    readonly seq: number;
    readonly texts: readonly string[];
    /** Line number of `texts[0]`; the others follow one by one unless `numbers` is given. */
    readonly first: number;
    readonly numbers?: readonly number[];
    /** `[index in texts, truncated, invalidUtf8]` for the rare flagged lines. */
    readonly flags?: readonly (readonly [number, boolean, boolean])[];
    /** The decoded entries of a binary journal, one per line (whose text is then empty): no JSON line made and read again. */
    readonly journalEntries?: readonly DecodedJournalEntry[];
  }
  | { readonly type: 'end'; readonly seq: number; readonly cut?: boolean };

/** Worker → main thread. */
export type FromWorker =
  /** One `lines` or `bytes` message was parsed: room for more. */
  | { readonly type: 'taken'; readonly seq: number }
  /**
   * The member needs what earlier files revealed; the worker blocks until the answer is certain (a sibling's zone
   * as soon as an earlier member of the input revealed one, otherwise once every earlier member is committed).
   */
  | { readonly type: 'ask'; readonly seq: number; readonly what: 'sibling-zone' | 'latest-year' }
  | { readonly type: 'done'; readonly seq: number; readonly outcome: MemberOutcome; readonly part: AnalysisPart }
  | { readonly type: 'failed'; readonly seq: number; readonly message: string };

/** Main thread → worker, on the answer channel (read synchronously by the waiting worker). */
export interface EarlierFilesAnswer {
  readonly siblingZone?: ZoneWire;
  readonly latestYear?: number;
  readonly siblingNewest?: number;
}
