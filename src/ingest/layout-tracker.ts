import type { MemberInfo } from '../model/log-line.js';
import { componentFromPath } from './component-from-path.js';
import { bundleLayouts, describeLogFile, type BundleLayout, type LayoutMatch } from './layouts/index.js';

/** What a bundle's metadata files taught its layout (host, collection time, zone), as plain data. */
export type LearnedLayoutFacts = Pick<LayoutMatch, 'host' | 'collectedAt' | 'collectedAtSource' | 'timeZone' | 'learnedRank' | 'learnedFrom'>;

/**
 * Where a tracker's bundles are known to the run: `scope` names the archive (or directory) it follows; `settled`
 * gives what an earlier read of the whole input learned for a bundle (so every member carries it, whatever the
 * member order); `onLearned` hears each improvement.
 */
export interface LayoutFactsLink {
  readonly scope: string;
  readonly settled?: (bundleKey: string) => LearnedLayoutFacts | undefined;
  readonly onLearned?: (bundleKey: string, facts: LearnedLayoutFacts) => void;
}

/** The layout facts of one member, ready to spread into `MemberInfo`. */
export interface MemberLayout extends Pick<MemberInfo, 'layout' | 'layoutBundle' | 'host' | 'hostProvisional' | 'component' | 'formatHint' | 'fields' | 'collectedAt' | 'collectedAtSource' | 'timeZone'> {
  /** Reason to skip a known non-log member. */
  readonly notALog?: string;
}

/**
 * Follows one archive (or directory) as its member paths stream by: the first path a bundle-scoped layout
 * recognises (usually the first member) fixes the layout for everything under its root. A path outside every root
 * found so far may start another bundle (several nodes' collector outputs tarred together: `node-1-<stamp>/…`,
 * `node-2-<stamp>/…`), each with its own host.
 */
export class LayoutTracker {
  private readonly bundles: TrackedBundle[] = [];
  private readonly layouts: readonly BundleLayout[];

  /**
   * @param archiveName file name of the archive (layouts recognise bundles by their name stamp)
   * @param containerName for a directory input, its own name: an unpacked `node1-2025-…/` or
   *   `sosreport-…/` directory is the bundle's top directory, so member paths lack it
   */
  constructor(
    private readonly archiveName: string | undefined,
    layouts: readonly BundleLayout[] = bundleLayouts,
    private readonly containerName?: string,
    private readonly link?: LayoutFactsLink,
  ) {
    this.layouts = layouts;
  }

  /** Lets a path that is not a member (a directory entry) recognise the layout. */
  observe(path: string): void {
    if (this.bundleOf(path)) return;
    const prefixes = this.containerName ? ['', `${this.containerName}/`] : [''];
    for (const prefix of prefixes) {
      for (const layout of this.layouts) {
        if (layout.scope !== 'bundle') continue;
        const found = safeRecognise(layout, `${prefix}${path}`, this.archiveName);
        if (found) {
          const key = `${this.link?.scope ?? ''}\u0000${found.root}`;
          const settled = this.link?.settled?.(key);
          this.bundles.push({ layout, match: settled ? { ...found, ...settled } : found, prefix, key });
          return;
        }
      }
    }
  }

  describe(path: string): MemberLayout {
    this.observe(path);
    const bundle = this.bundleOf(path);
    if (bundle) return { ...describeWith(bundle.layout, bundle.match, `${bundle.prefix}${path}`), layoutBundle: bundle.key };
    for (const layout of this.layouts) {
      if (layout.scope !== 'member') continue;
      const match = safeRecognise(layout, path, this.archiveName);
      if (match) return describeWith(layout, match, path);
    }
    // No layout: well-known file names (kubelet.log, kern.log, pods/…/0.log) still tell component and format.
    return describeLogFile(path);
  }

  /** True for a member whose text tells the bundle's host or collection time (read by ingest, then skipped). */
  isMetadata(path: string): boolean {
    this.observe(path);
    const bundle = this.bundleOf(path);
    if (!bundle?.layout.isMetadata) return false;
    try {
      return bundle.layout.isMetadata(`${bundle.prefix}${path}`.slice(bundle.match.root.length));
    } catch {
      return false;
    }
  }

  /** How many first bytes of the metadata member at `path` its layout reads (undefined: the reader's default). */
  metadataBytes(path: string): number | undefined {
    return this.bundleOf(path)?.layout.metadataBytes;
  }

  /** Takes what a metadata member's text says (host, collection time) for every member described after it. */
  learn(path: string, text: string): void {
    const bundle = this.bundleOf(path);
    if (!bundle?.layout.learn) return;
    try {
      const learned = bundle.layout.learn(`${bundle.prefix}${path}`.slice(bundle.match.root.length), text, bundle.match);
      if (learned) {
        bundle.match = learned;
        this.link?.onLearned?.(bundle.key, learnedFacts(learned));
      }
    } catch {
      // A metadata file the layout cannot read says nothing.
    }
  }

  /** The bundle whose root holds `path`, the first found when roots nest. */
  private bundleOf(path: string): TrackedBundle | undefined {
    for (const bundle of this.bundles) {
      if (`${bundle.prefix}${path}`.startsWith(bundle.match.root)) return bundle;
    }
    return undefined;
  }
}

const LEARNED_KEYS = ['host', 'collectedAt', 'collectedAtSource', 'timeZone', 'learnedRank', 'learnedFrom'] as const;

/** The facts a match holds from metadata files, without absent keys (they would erase the name's host when spread). */
function learnedFacts(match: LayoutMatch): LearnedLayoutFacts {
  const facts: Record<string, unknown> = {};
  for (const key of LEARNED_KEYS) if (match[key] !== undefined) facts[key] = match[key];
  return facts as LearnedLayoutFacts;
}

interface TrackedBundle {
  readonly layout: BundleLayout;
  match: LayoutMatch;
  readonly prefix: string;
  /** The bundle within the run: the tracker's scope and the bundle's root. */
  readonly key: string;
}

function describeWith(layout: BundleLayout, match: LayoutMatch, path: string): MemberLayout {
  let mapping;
  try {
    mapping = layout.describe(path.slice(match.root.length), match);
  } catch {
    mapping = {};
  }
  const host = mapping.host ?? match.host;
  // A host read from the bundle's name (or none yet) while the layout can still learn one from a metadata file member.
  const provisional = mapping.host === undefined && layout.isMetadata !== undefined && match.learnedRank?.['host'] === undefined;
  const component = mapping.component ?? (mapping.notALog ? undefined : componentFromPath(path));
  return {
    layout: match.layout,
    ...(host !== undefined ? { host } : {}),
    ...(provisional ? { hostProvisional: true } : {}),
    ...(component !== undefined ? { component } : {}),
    ...(mapping.formatHint !== undefined ? { formatHint: mapping.formatHint } : {}),
    ...(mapping.fields !== undefined && Object.keys(mapping.fields).length > 0 ? { fields: mapping.fields } : {}),
    ...(match.collectedAt !== undefined ? { collectedAt: match.collectedAt } : {}),
    ...(match.collectedAtSource !== undefined ? { collectedAtSource: match.collectedAtSource } : {}),
    ...(match.timeZone !== undefined ? { timeZone: match.timeZone } : {}),
    ...(mapping.notALog !== undefined ? { notALog: mapping.notALog } : {}),
  };
}

function safeRecognise(layout: BundleLayout, path: string, archiveName: string | undefined): LayoutMatch | undefined {
  try {
    return layout.recognise(path, archiveName);
  } catch {
    return undefined;
  }
}
