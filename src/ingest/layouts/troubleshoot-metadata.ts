import type { LayoutMatch } from './bundle-layout.js';

/**
 * The files of a troubleshoot support bundle that tell its host (replicatedhq/troubleshoot): the `clusterResources`
 * collector writes the cluster's NodeList to `cluster-resources/nodes.json`. A cluster of one node runs every pod on
 * it, so that node is the host of every pod log and host collector; with more nodes the list names no single host.
 */
const NODE_LIST = 'cluster-resources/nodes.json';
/** A NodeList holds each node's labels, conditions and image list (5–40 KB a node): room for a single node's. */
export const NODE_LIST_BYTES = 256 * 1024;
const HOST_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})$/;

export function isTroubleshootMetadata(relativePath: string): boolean {
  return relativePath === NODE_LIST;
}

/** The match with the cluster's only node as host, when the node list is whole and names exactly one node. */
export function learnTroubleshootMetadata(relativePath: string, text: string, match: LayoutMatch): LayoutMatch | undefined {
  if (relativePath !== NODE_LIST || match.learnedRank?.['host'] !== undefined) return undefined;
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch {
    // Cut at NODE_LIST_BYTES (a large cluster) or damaged: it names no single host.
    return undefined;
  }
  const items = (list as { items?: unknown } | null)?.items;
  if (!Array.isArray(items) || items.length !== 1) return undefined;
  const name = (items[0] as { metadata?: { name?: unknown } } | null)?.metadata?.name;
  if (typeof name !== 'string' || !HOST_NAME.test(name)) return undefined;
  return { ...match, host: name, learnedRank: { ...match.learnedRank, host: 1 }, learnedFrom: { ...match.learnedFrom, host: relativePath } };
}
