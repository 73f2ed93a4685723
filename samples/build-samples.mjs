#!/usr/bin/env node
// Packs the committed source trees in samples/src/<scenario>/ into the shipped sample bundles.
//
//   node samples/build-samples.mjs           write samples/*.tgz (and the real collector names)
//   node samples/build-samples.mjs --check   rebuild in memory; exit 1 if a committed archive is stale
//
// The output is byte-identical on every run and every machine: members are sorted, every header
// field is fixed (mtime = the scenario's collection time, uid/gid 0, root/root, 0644/0755), and the
// gzip header carries mtime 0 and OS byte 3 (Unix) whatever zlib was compiled with.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import tar from 'tar-stream';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SRC = path.join(HERE, 'src');
const MAX_BYTES = 200 * 1024;

/**
 * One entry per scenario. `prefix` is what the real collector puts in front of every member:
 * the Rancher collector runs `tar -czf … -C "$TMPDIR_BASE" .`, so its members start with `./`;
 * sos and `microk8s inspect` tar a named top directory, so theirs do not.
 */
const SCENARIOS = [
  {
    id: 'k3s-power-loss',
    prefix: './',
    collectedAt: '2025-03-14T14:31:20Z',
    outputs: ['k3s-power-loss.tgz'],
  },
  {
    id: 'stuck-terminating',
    prefix: '',
    collectedAt: '2025-05-13T21:42:35Z',
    outputs: ['stuck-terminating.tgz'],
  },
  {
    // `tar -czf cp-1-logs.tgz var/log journal etc/containerd` run from / after the journal dumps:
    // /var/log/containers holds absolute symlinks into /var/log/pods, kept as symlink entries.
    id: 'containerd2-config',
    prefix: '',
    collectedAt: '2025-04-22T08:33:10Z',
    outputs: ['containerd2-config.tgz'],
    symlinks: [
      {
        name: 'var/log/containers/kube-apiserver-cp-1_kube-system_kube-apiserver-cd7c197b65f16fc04ab68d17625076e661402b53c07fd385037b1f1f4e05ccf3.log',
        linkname: '/var/log/pods/kube-system_kube-apiserver-cp-1_9a1f2e7c5b3d4c8e0f6a1b2c3d4e5f60/kube-apiserver/3.log',
      },
      {
        name: 'var/log/containers/etcd-cp-1_kube-system_etcd-30df7041a2ec4a37d18ffe495d9876b8f93e04b2b45d0ef69bbbde45f727f253.log',
        linkname: '/var/log/pods/kube-system_etcd-cp-1_3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f/etcd/3.log',
      },
    ],
  },
  {
    id: 'microk8s-power-loss',
    prefix: '',
    collectedAt: '2025-06-02T07:15:30Z',
    outputs: ['microk8s-power-loss.tgz', 'inspection-report-20250602_091530.tar.gz'],
  },
  {
    id: 'healthy-node',
    prefix: './',
    collectedAt: '2025-04-09T10:12:58Z',
    outputs: ['healthy-node.tgz'],
  },
  {
    // An engineer's upload of two collector archives, one per node, tarred together.
    id: 'two-node',
    collectedAt: '2025-07-08T16:20:00Z',
    outputs: ['two-node.tgz'],
    nested: [
      { dir: 'node-a', name: 'k3s-worker-a-2025-07-08_16_05_12.tar.gz', prefix: './', collectedAt: '2025-07-08T16:05:26Z' },
      { dir: 'node-b', name: 'k3s-server-b-2025-07-08_16_06_40.tar.gz', prefix: './', collectedAt: '2025-07-08T16:06:55Z' },
    ],
  },
];

/** Every file and directory under `root`, as `/`-separated relative paths, sorted by code unit. */
function walk(root) {
  const out = [];
  const visit = (rel) => {
    for (const name of fs.readdirSync(path.join(root, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      const st = fs.statSync(path.join(root, r));
      if (st.isDirectory()) {
        out.push({ path: r, dir: true });
        visit(r);
      } else if (st.isFile()) {
        out.push({ path: r, dir: false });
      }
    }
  };
  visit('');
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function parentDirs(name) {
  const parts = name.split('/');
  const dirs = [];
  for (let i = 1; i < parts.length; i++) dirs.push(parts.slice(0, i).join('/'));
  return dirs;
}

/** A tar archive (as a Buffer) of `entries`, written in the given order. */
async function packTar(entries, mtime) {
  const pack = tar.pack();
  const chunks = [];
  const done = new Promise((resolve, reject) => {
    pack.on('data', (c) => chunks.push(c));
    pack.on('end', resolve);
    pack.on('error', reject);
  });
  const common = { mtime, uid: 0, gid: 0, uname: 'root', gname: 'root' };
  for (const e of entries) {
    if (e.type === 'directory') pack.entry({ ...common, name: e.name, type: 'directory', mode: 0o755 });
    else if (e.type === 'symlink') pack.entry({ ...common, name: e.name, type: 'symlink', linkname: e.linkname, mode: 0o777 });
    else pack.entry({ ...common, name: e.name, type: 'file', mode: 0o644, size: e.data.length }, e.data);
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

function gzip(buf) {
  const out = zlib.gzipSync(buf, { level: 9 });
  // RFC 1952: bytes 4..7 are MTIME (Node writes 0), byte 9 is OS; pin it so Windows builds match.
  out[9] = 3;
  return out;
}

/** Tar entries for a source directory: `./` (when prefixed), every directory, every file. */
function treeEntries(root, prefix, symlinks = []) {
  const entries = [];
  if (prefix === './') entries.push({ type: 'directory', name: './' });
  const items = walk(root);
  const linkDirs = new Set(symlinks.flatMap((s) => parentDirs(s.name)));
  const have = new Set(items.filter((i) => i.dir).map((i) => i.path));
  const all = [
    ...items.map((i) => (i.dir ? { type: 'directory', path: i.path } : { type: 'file', path: i.path })),
    ...[...linkDirs].filter((d) => !have.has(d)).map((d) => ({ type: 'directory', path: d })),
    ...symlinks.map((s) => ({ type: 'symlink', path: s.name, linkname: s.linkname })),
  ].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const e of all) {
    const name = prefix + e.path + (e.type === 'directory' ? '/' : '');
    if (e.type === 'file') entries.push({ type: 'file', name, data: fs.readFileSync(path.join(root, e.path)) });
    else if (e.type === 'symlink') entries.push({ type: 'symlink', name, linkname: e.linkname });
    else entries.push({ type: 'directory', name });
  }
  return entries;
}

async function buildScenario(s) {
  const root = path.join(SRC, s.id);
  if (!s.nested) return gzip(await packTar(treeEntries(root, s.prefix, s.symlinks), new Date(s.collectedAt)));
  const inner = [];
  for (const n of s.nested) {
    const data = gzip(await packTar(treeEntries(path.join(root, n.dir), n.prefix), new Date(n.collectedAt)));
    inner.push({ type: 'file', name: n.name, data });
  }
  return gzip(await packTar(inner, new Date(s.collectedAt)));
}

async function main() {
  const check = process.argv.includes('--check');
  let failed = false;
  for (const s of SCENARIOS) {
    const buf = await buildScenario(s);
    if (buf.length > MAX_BYTES) {
      console.error(`error: samples/${s.outputs[0]} is ${buf.length} bytes, over the ${MAX_BYTES}-byte budget`);
      failed = true;
    }
    for (const out of s.outputs) {
      const file = path.join(HERE, out);
      if (check) {
        const cur = fs.existsSync(file) ? fs.readFileSync(file) : undefined;
        if (!cur || !cur.equals(buf)) {
          console.error(`error: samples/${out} is stale; run node samples/build-samples.mjs`);
          failed = true;
        }
      } else {
        fs.writeFileSync(file, buf);
      }
    }
    console.log(`${check ? 'checked' : 'wrote'} ${s.outputs.map((o) => `samples/${o}`).join(', ')} (${buf.length} bytes)`);
  }
  if (failed) process.exitCode = 1;
}

await main();
