import { componentFromName } from '../component-from-path.js';
import { type MemberMapping, NOT_A_LOG } from './bundle-layout.js';

/** Namespace, pod and container of a pod log, as event fields. */
export function podFields(namespace: string | undefined, pod: string | undefined, container: string | undefined): Record<string, string> {
  return {
    ...(namespace ? { namespace } : {}),
    ...(pod ? { pod } : {}),
    ...(container ? { container } : {}),
  };
}

/** A pod's container log read as such: the component its container or pod name names, and where it ran. */
export function podLog(namespace: string | undefined, pod: string | undefined, container: string | undefined): MemberMapping {
  const component = (container ? componentFromName(container) : undefined) ?? (pod ? componentFromName(pod) : undefined);
  return { ...(component ? { component } : {}), fields: podFields(namespace, pod, container) };
}

// Kubernetes object names are DNS-1123 (lower-case letters, digits, `-`, `.`), so `_` only ever separates words.
const NAMESPACE_OPTIONS = new Set(['--namespace', '-n']);
const CONTAINER_OPTIONS = new Set(['-c', '--container']);
// Options of `kubectl` and `kubectl logs` that take a value as the next word once sos has mangled `=` and spaces.
const VALUED_OPTIONS = new Set(['--kubeconfig', '--context', '--tail', '--since', '--since-time', '--limit-bytes', '--server', '--cluster', '--user', '-l', '--selector']);
const KUBECTL = /^(kubectl|oc|microk8s_kubectl|k8s_kubectl|k3s_kubectl|microk8s\.kubectl)(_|$)/;

/**
 * A command capture named the way sos names them (sosreport/sos `_mangle_command`: every run of characters other than
 * word characters, `-`, `.` and `/` becomes `_`, `/` becomes `.`), e.g.
 * `kubectl_--namespace_kube-system_logs_coredns-5d78c9869d-8xkqz_-c_coredns`:
 * - `kubectl logs` → the pod's container log (namespace/pod/container from the options);
 * - `kubectl get events` and `kubectl describe …` → left to the formats (their Events are evidence);
 * - any other kubectl capture (tables, JSON resources) → not a log.
 * Undefined when the name is not a kubectl capture.
 */
export function describeKubectlCapture(fileName: string, pathNamespace?: string, pathPod?: string): MemberMapping | undefined {
  const name = fileName.replace(/\.\d+$/, '');
  if (!KUBECTL.test(name)) return undefined;
  const words = name.split('_');
  // A path value keeps its own `_` once mangled (`--kubeconfig=/root/cdk/cdk_addons_kubectl_config` becomes
  // `--kubeconfig_.root.cdk.cdk_addons_kubectl_config`), so where it ends is not written in the name. Of the readings
  // (the value running over 0, 1, 2 … more words, longest first) the first that is a capture logsift reads wins.
  const kubeconfig = words.indexOf('--kubeconfig');
  let spare = 0;
  if (kubeconfig > 0) while (words[kubeconfig + 2 + spare] !== undefined && !words[kubeconfig + 2 + spare]!.startsWith('-')) spare++;
  for (let extra = spare; extra > 0; extra--) {
    const reading = readCapture(words, kubeconfig, extra, pathNamespace, pathPod);
    if (reading.read) return reading.mapping;
  }
  return readCapture(words, kubeconfig, 0, pathNamespace, pathPod).mapping;
}

/** One reading of a mangled command, the `--kubeconfig` value taking `extra` words more than its first. */
function readCapture(words: readonly string[], kubeconfig: number, extra: number, pathNamespace?: string, pathPod?: string): { mapping: MemberMapping; read: boolean } {
  let namespace = pathNamespace;
  let container: string | undefined;
  const positional: string[] = [];
  for (let i = 1; i < words.length; i++) {
    const word = words[i]!;
    if (word === '') continue;
    if (i === kubeconfig) i += 1 + extra;
    else if (NAMESPACE_OPTIONS.has(word)) namespace = words[++i];
    else if (CONTAINER_OPTIONS.has(word)) container = words[++i];
    else if (VALUED_OPTIONS.has(word)) i++;
    else if (!word.startsWith('-')) positional.push(word);
  }
  const verb = positional[0] === 'kubectl' ? positional[1] : positional[0];
  const rest = positional.slice(positional.indexOf(verb ?? '') + 1);
  if (verb === 'logs') {
    const pod = rest[0]?.replace(/^pods?\./, '') ?? pathPod;
    return { mapping: podLog(namespace, pod, container ?? rest[1]), read: pod !== undefined };
  }
  if (verb === 'describe') return { mapping: {}, read: true };
  if (verb === 'get' && rest.some((word) => /^(events?|ev|events\.events\.k8s\.io)$/.test(word))) return { mapping: {}, read: true };
  return { mapping: { notALog: NOT_A_LOG }, read: false };
}
