/**
 * Benign, realistic log lines for the generated bench bundle, one maker per file kind. The wordings
 * follow real k3s/containerd/kubelet/kernel output as shown in samples/src/ and
 * docs/input-formats.md; none of them may match a shipped signature, so every incident the
 * bench finds comes from the example lines it sprinkles in on purpose.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Time stamps in the shapes the formats print, from epoch ms plus extra sub-ms digits. */
export function timeStamps(ms, rng) {
  const iso = new Date(ms).toISOString(); // 2025-03-14T06:12:07.484Z
  const micro = `${iso.slice(20, 23)}${rng.int(0, 999).toString().padStart(3, '0')}`;
  const nano = `${micro}${rng.int(0, 999).toString().padStart(3, '0')}`;
  const month = MONTHS[Number(iso.slice(5, 7)) - 1];
  const day = iso.slice(8, 10);
  const clock = iso.slice(11, 19);
  return {
    /** journalctl -o short-precise */
    short: `${month} ${day} ${clock}.${micro}`,
    /** rsyslog RSYSLOG_FileFormat */
    rfc3339: `${iso.slice(0, 19)}.${micro}+00:00`,
    /** logrus with nanoseconds (containerd) */
    nanoZ: `${iso.slice(0, 19)}.${nano}Z`,
    /** logrus without a fraction (k3s itself) */
    secondZ: `${iso.slice(0, 19)}Z`,
    /** klog header date and time */
    klog: `${iso.slice(5, 7)}${day} ${clock}.${micro}`,
    /** nginx access log */
    clf: `${day}/${month}/${iso.slice(0, 4)}:${clock} +0000`,
  };
}

const PODS = [
  'kube-system/coredns-ccb96694c-7x2mq',
  'kube-system/metrics-server-5985cbc9d7-q2n6x',
  'kube-system/local-path-provisioner-5cf85fd84d-8fx9k',
  'kube-system/traefik-5d45fc8cc9-ttd6v',
  'kube-system/svclb-traefik-2f1e6c3d-kqz8m',
  'shop/web-6d5f8b7c9-x2k4p',
  'shop/cart-7c9d6f5b4-m8n2q',
];
const IMAGES = [
  'docker.io/rancher/mirrored-coredns-coredns:1.12.0',
  'docker.io/rancher/mirrored-metrics-server:v0.7.2',
  'docker.io/rancher/local-path-provisioner:v0.0.30',
  'docker.io/rancher/mirrored-library-traefik:3.3.2',
  'docker.io/rancher/mirrored-pause:3.6',
  'docker.io/library/nginx:1.27.4',
];
const GO_FILES = ['kubelet.go:2468', 'pod_workers.go:1301', 'reflector.go:376', 'event.go:389', 'kuberuntime_manager.go:1031', 'prober.go:107', 'trace.go:236', 'status_manager.go:890', 'reconciler_common.go:245', 'operation_generator.go:721'];

function klogBody(rng, host) {
  const pod = rng.pick(PODS);
  switch (rng.int(0, 7)) {
    case 0: return `"SyncLoop (PLEG): event for pod" pod="${pod}" event={"ID":"${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}","Type":"ContainerStarted","Data":"${rng.hex(64)}"}`;
    case 1: return `"Event occurred" object="${pod}" fieldPath="spec.containers{${pod.split('/')[1].split('-')[0]}}" kind="Pod" apiVersion="v1" type="Normal" reason="Pulled" message="Container image \\"${rng.pick(IMAGES)}\\" already present on machine"`;
    case 2: return `"operationExecutor.VerifyControllerAttachedVolume started for volume \\"kube-api-access-${rng.hex(5)}\\" (UniqueName: \\"kubernetes.io/projected/${rng.hex(8)}-${rng.hex(4)}-kube-api-access-${rng.hex(5)}\\") pod \\"${pod.split('/')[1]}\\"" pod="${pod}"`;
    case 3: return `Trace[${rng.int(100000000, 2147483647)}]: "Update" accept:application/vnd.kubernetes.protobuf, */*,audit-id:${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)},client:127.0.0.1,api-group:coordination.k8s.io,api-version:v1,name:${host},subresource:,namespace:kube-node-lease,protocol:HTTP/2.0,resource:leases,scope:resource,url:/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${host},user-agent:k3s/v1.32.1+k3s1 (linux/amd64) kubernetes/6a322f1,verb:PUT (total time: ${rng.int(500, 900)}ms):`;
    case 4: return `"Caches populated" type="*v1.ConfigMap" reflector="object-\\"${pod.split('/')[0]}\\"/\\"kube-root-ca.crt\\""`;
    case 5: return `"Status for pod updated successfully" pod="${pod}" statusVersion=${rng.int(1, 40)} status={"phase":"Running","conditions":[{"type":"Ready","status":"True"}]}`;
    case 6: return `"RemoveContainer" containerID="${rng.hex(64)}"`;
    default: return `"SyncLoop UPDATE" source="api" pods=["${pod}"]`;
  }
}

function k3sLogrusBody(rng, host) {
  switch (rng.int(0, 6)) {
    case 0: return `level=info msg="COMPACT compactRev=${rng.int(100000, 900000)} targetCompactRev=${rng.int(100000, 900000)} currentRev=${rng.int(900000, 999999)}"`;
    case 1: return `level=info msg="Handling backend connection request [${host}]"`;
    case 2: return `level=info msg="Connecting to proxy" url="wss://10.20.30.43:6443/v1-k3s/connect"`;
    case 3: return `level=info msg="Tunnel server egress proxy mode: agent"`;
    case 4: return `level=info msg="Slow SQL (started: 2025-03-14 06:12:07.${rng.int(100000, 999999)} +0000 UTC m=+${rng.int(10, 90000)}.${rng.int(100, 999)}) (total time: 1.${rng.int(100, 999)}s): INSERT INTO kine(name, created, deleted, create_revision, prev_revision, lease, value, old_value) values(?, ?, ?, ?, ?, ?, ?, ?) : [[/registry/masterleases/10.20.30.43 0 0 ${rng.int(100000, 999999)} 0 15 [${rng.int(1, 255)} ${rng.int(1, 255)}] []]]"`;
    case 5: return `level=info msg="Updated coredns node hosts entry [10.20.30.${rng.int(2, 250)} ${host}]"`;
    default: return `level=debug msg="Wrote ping"`;
  }
}

function containerdBody(rng) {
  const id = rng.hex(64);
  const pod = rng.pick(PODS).split('/');
  switch (rng.int(0, 8)) {
    case 0: return `level=info msg="StartContainer for \\"${id}\\" returns successfully"`;
    case 1: return `level=info msg="CreateContainer within sandbox \\"${id}\\" for container &ContainerMetadata{Name:${pod[1].split('-')[0]},Attempt:${rng.int(0, 3)},}"`;
    case 2: return `level=info msg="ImageCreate event name:\\"${rng.pick(IMAGES)}\\" labels:{key:\\"io.cri-containerd.image\\" value:\\"managed\\"}"`;
    case 3: return `level=info msg="RunPodSandbox for &PodSandboxMetadata{Name:${pod[1]},Uid:${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)},Namespace:${pod[0]},Attempt:0,} returns sandbox id \\"${id}\\""`;
    case 4: return `level=info msg="shim disconnected" id=${id} namespace=k8s.io`;
    case 5: return `level=warning msg="cleaning up after shim disconnected" id=${id} namespace=k8s.io`;
    case 6: return `level=info msg="TearDown network for sandbox \\"${id}\\" successfully"`;
    case 7: return `level=info msg="PullImage \\"${rng.pick(IMAGES)}\\" returns image reference \\"sha256:${id}\\""`;
    default: return `level=info msg="connecting to shim ${id}" address="unix:///run/containerd/s/${rng.hex(64)}" namespace=k8s.io protocol=ttrpc version=3`;
  }
}

function kernelBody(rng) {
  const veth = `veth${rng.hex(8)}`;
  switch (rng.int(0, 5)) {
    case 0: return `cni0: port ${rng.int(1, 12)}(${veth}) entered forwarding state`;
    case 1: return `cni0: port ${rng.int(1, 12)}(${veth}) entered blocking state`;
    case 2: return `device ${veth} entered promiscuous mode`;
    case 3: return `IPv6: ADDRCONF(NETDEV_CHANGE): ${veth}: link becomes ready`;
    case 4: return `audit: type=1400 audit(${rng.int(1741900000, 1741990000)}.${rng.int(100, 999)}:${rng.int(100, 9999)}): apparmor="STATUS" operation="profile_replace" info="same as current profile, skipping" profile="cri-containerd.apparmor.d" pid=${rng.int(1000, 60000)} comm="apparmor_parser"`;
    default: return `cni0: port ${rng.int(1, 12)}(${veth}) entered disabled state`;
  }
}

function systemdBody(rng) {
  switch (rng.int(0, 4)) {
    case 0: return `systemd[1]: run-containerd-runc-k8s.io-${rng.hex(64)}-runc.${rng.hex(6).toUpperCase()}.mount: Deactivated successfully.`;
    case 1: return `systemd[1]: Started session-${rng.int(1, 400)}.scope - Session ${rng.int(1, 400)} of User root.`;
    case 2: return `CRON[${rng.int(2000, 60000)}]: (root) CMD (   cd / && run-parts --report /etc/cron.hourly)`;
    case 3: return `sshd[${rng.int(2000, 60000)}]: Accepted publickey for root from 10.20.30.1 port ${rng.int(30000, 60000)} ssh2: ED25519 SHA256:${rng.hex(43)}`;
    default: return `systemd-networkd[${rng.int(300, 400)}]: ${`veth${rng.hex(8)}`}: Gained IPv6LL`;
  }
}

/** The CRI payload of one pod container: what the application itself prints. */
function podPayload(rng, app, ts) {
  switch (app) {
    case 'coredns': return `[INFO] 10.42.0.${rng.int(2, 250)}:${rng.int(30000, 60000)} - ${rng.int(1, 65535)} "A IN ${rng.pick(['cart', 'web', 'db', 'auth'])}.shop.svc.cluster.local. udp ${rng.int(40, 90)} false 512" NOERROR qr,aa,rd ${rng.int(80, 200)} 0.000${rng.int(100, 999)}s`;
    case 'nginx': return `10.42.0.${rng.int(2, 250)} - - [${ts.clf}] "GET ${rng.pick(['/healthz', '/', '/api/cart', '/static/app.js'])} HTTP/1.1" 200 ${rng.int(2, 9000)} "-" "${rng.pick(['kube-probe/1.32', 'Mozilla/5.0 (X11; Linux x86_64)', 'curl/8.5.0'])}" "-"`;
    case 'traefik': return `{"level":"debug","time":"${ts.secondZ}","message":"Configuration received","providerName":"kubernetescrd","config":{"http":{"routers":{},"services":{}}}}`;
    default: return `I${ts.klog}       1 ${rng.pick(GO_FILES)}] "${rng.pick(['Scraping node', 'Scrape finished', 'Storing metrics'])}" node="k3s-node-0${rng.int(1, 4)}" duration="${rng.int(5, 90)}.${rng.int(100, 999)}ms"`;
  }
}

/**
 * Makers by file kind; each returns one line without its newline. `pid` and `host` are the file's
 * owner; `app` is the container's application for CRI files.
 */
export const lineMakers = {
  'journal-k3s'(rng, ms, file) {
    const ts = timeStamps(ms, rng);
    const roll = rng.next();
    const body = roll < 0.45
      ? `${'IIIIIIW'[rng.int(0, 6)]}${ts.klog}    ${file.pid} ${rng.pick(GO_FILES)}] ${klogBody(rng, file.host)}`
      : roll < 0.75 ? `time="${ts.nanoZ}" ${containerdBody(rng)}` : `time="${ts.secondZ}" ${k3sLogrusBody(rng, file.host)}`;
    return `${ts.short} ${file.host} k3s[${file.pid}]: ${body}`;
  },
  containerd(rng, ms) {
    return `time="${timeStamps(ms, rng).nanoZ}" ${containerdBody(rng)}`;
  },
  syslog(rng, ms, file) {
    const ts = timeStamps(ms, rng);
    const roll = rng.next();
    if (roll < 0.5) return `${ts.rfc3339} ${file.host} k3s[${file.pid}]: ${roll < 0.3 ? `I${ts.klog}    ${file.pid} ${rng.pick(GO_FILES)}] ${klogBody(rng, file.host)}` : `time="${ts.nanoZ}" ${containerdBody(rng)}`}`;
    if (roll < 0.65) return `${ts.rfc3339} ${file.host} kernel: ${kernelBody(rng)}`;
    return `${ts.rfc3339} ${file.host} ${systemdBody(rng)}`;
  },
  kern(rng, ms, file) {
    return `${timeStamps(ms, rng).rfc3339} ${file.host} kernel: ${kernelBody(rng)}`;
  },
  kubelet(rng, ms, file) {
    const ts = timeStamps(ms, rng);
    return `${'IIIIIIIW'[rng.int(0, 7)]}${ts.klog}    ${file.pid} ${rng.pick(GO_FILES)}] ${klogBody(rng, file.host)}`;
  },
  cri(rng, ms, file) {
    const ts = timeStamps(ms, rng);
    const payload = podPayload(rng, file.app, ts);
    const stream = file.app === 'nginx' || file.app === 'coredns' ? 'stdout' : 'stderr';
    // containerd splits lines over 16 KiB into P chunks; a few short P/F pairs keep the joiner busy.
    if (payload.length > 60 && rng.next() < 0.01) {
      const cut = rng.int(20, payload.length - 20);
      return `${ts.nanoZ} ${stream} P ${payload.slice(0, cut)}\n${ts.nanoZ} ${stream} F ${payload.slice(cut)}`;
    }
    return `${ts.nanoZ} ${stream} F ${payload}`;
  },
};
