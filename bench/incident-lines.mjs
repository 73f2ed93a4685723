import { timeStamps } from './synthetic-lines.mjs';

const SHORT = /^[^\s\d]{2,3} +\d{1,2} \d\d:\d\d:\d\d(?:\.\d+)? \S+ (.*)$/u;
const RFC3339 = /^\d{4}-\d\d-\d\dT\S+ \S+ (.*)$/;
const CRI = /^\d{4}-\d\d-\d\dT\S+ (stdout|stderr) ([PF]) (.*)$/;
const LOGRUS = /^time="[^"]*" (.*)$/;
const KLOG = /^([IWEF])\d{4} \d\d:\d\d:\d\d\.\d+(\s+\d+ .*)$/;
const DMESG = /^\[\s*\d+\.\d+\] (.*)$/;

/**
 * The shipped signatures' own `examples.match` lines (each cites its public source in its YAML file),
 * re-dated and re-hosted so they sit naturally in the generated files: by envelope, a journal line
 * goes to journald/k3s, a bare logrus line to containerd.log, a klog line to kubelet.log, a CRI line
 * to a pod log, a raw dmesg line to kern.log; anything else is carried by a k3s journal line.
 * Returns, per file kind, makers `(rng, ms, file) => line`.
 */
export function incidentLineMakers(signatures) {
  const makers = { 'journal-k3s': [], containerd: [], kern: [], kubelet: [], cri: [], syslog: [] };
  for (const signature of signatures) {
    // loadLibrary keeps each file's examples on the signature (what patterns' examplesOf reads).
    for (const example of signature.examples?.match ?? []) {
      const line = example.line.split('\n')[0];
      let m;
      if ((m = CRI.exec(line))) {
        const [, stream, , text] = m;
        makers.cri.push((rng, ms) => `${timeStamps(ms, rng).nanoZ} ${stream} F ${text}`);
      } else if ((m = SHORT.exec(line))) {
        const rest = m[1];
        makers['journal-k3s'].push((rng, ms, file) => `${timeStamps(ms, rng).short} ${file.host} ${rest}`);
      } else if ((m = RFC3339.exec(line))) {
        const rest = m[1];
        makers.syslog.push((rng, ms, file) => `${timeStamps(ms, rng).rfc3339} ${file.host} ${rest}`);
      } else if ((m = LOGRUS.exec(line))) {
        const rest = m[1];
        makers.containerd.push((rng, ms) => `time="${timeStamps(ms, rng).nanoZ}" ${rest}`);
      } else if ((m = KLOG.exec(line))) {
        const [, level, rest] = m;
        makers.kubelet.push((rng, ms) => `${level}${timeStamps(ms, rng).klog}${rest}`);
      } else if ((m = DMESG.exec(line))) {
        const rest = m[1];
        makers.kern.push((rng, ms, file) => `${timeStamps(ms, rng).rfc3339} ${file.host} kernel: ${rest}`);
      } else {
        makers['journal-k3s'].push((rng, ms, file) => `${timeStamps(ms, rng).short} ${file.host} k3s[${file.pid}]: ${line}`);
      }
    }
  }
  return makers;
}
