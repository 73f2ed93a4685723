import type { BundleLayout } from './bundle-layout.js';
import { clusterInfoDump } from './cluster-info-dump.js';
import { journalDump } from './journal-dump.js';
import { microk8sInspect } from './microk8s-inspect.js';
import { rancherLogs } from './rancher-logs.js';
import { sosReport } from './sos-report.js';
import { troubleshoot } from './troubleshoot.js';
import { varLog } from './var-log.js';

export type { BundleLayout, LayoutMatch, MemberMapping } from './bundle-layout.js';
export { NOT_A_LOG } from './bundle-layout.js';
export { describeLogFile } from './var-log.js';

/** Every layout, in priority order: the first that recognises a bundle wins. */
export const bundleLayouts: readonly BundleLayout[] = [
  microk8sInspect,
  rancherLogs,
  sosReport,
  troubleshoot,
  clusterInfoDump,
  varLog,
  journalDump,
];
