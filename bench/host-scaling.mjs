#!/usr/bin/env node
// Host and file scaling: how logsift's time and memory grow with the number of hosts in one bundle.
// A hostile bundle can hold a tiny file for each of 100 000 hosts (a 2 MB .tgz); the work must stay near-linear.
// Each run lifts --max-hosts to its host count: the budget would otherwise stop the largest bundles early.
// Usage: npm run build && node bench/host-scaling.mjs [--hosts 1000,10000,100000] [--format json] [--json]
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { measureCommand } from './measure-command.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at === -1 ? fallback : args[at + 1];
};
const hostCounts = option('--hosts', '1000,10000,100000').split(',').map(Number);
const format = option('--format', 'json');
const asJson = args.includes('--json');
const cli = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const scratch = join(tmpdir(), `logsift-host-scaling-${process.pid}`);
mkdirSync(scratch, { recursive: true });

/** One ustar header block (name ≤ 100 bytes), checksum filled in. */
function header(name, size) {
  const block = Buffer.alloc(512);
  block.write(name, 0, 100, 'latin1');
  block.write('0000644\0', 100);
  block.write('0000000\0', 108);
  block.write('0000000\0', 116);
  block.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  block.write('15000000000\0', 136);
  block.fill(0x20, 148, 156);
  block[156] = 0x30;
  block.write('ustar\u000000', 257, 'latin1');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return block;
}

/** A bundle of `hosts` hosts, each with one syslog of two lines (one of them a kubelet error). */
function bundle(hosts) {
  const blocks = [];
  for (let i = 0; i < hosts; i++) {
    const name = `node-${i}`;
    const data = Buffer.from(
      `Mar 14 14:25:${String(i % 60).padStart(2, '0')} ${name} kubelet[812]: I0314 14:25:11.000000 812 kubelet.go:2000] "SyncLoop ADD" source="api"\n` +
      `Mar 14 14:26:${String(i % 60).padStart(2, '0')} ${name} systemd[1]: k3s.service: Main process exited, code=exited, status=1/FAILURE\n`,
    );
    blocks.push(header(`${name}/var/log/syslog`, data.length), data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

const rows = [];
for (const hosts of hostCounts) {
  const path = join(scratch, `hosts-${hosts}.tgz`);
  writeFileSync(path, bundle(hosts));
  const run = await measureCommand({ kind: 'node', args: [cli, path, '--format', format, '-q', '--max-hosts', String(hosts)], scratchDir: scratch });
  rows.push({ hosts, files: hosts, seconds: run.seconds, peakRssMB: run.peakRssMB, exitCode: run.exitCode, ...(run.error ? { error: run.error } : {}) });
  rmSync(path, { force: true });
}
rmSync(scratch, { recursive: true, force: true });

// Near-linear means the time per host does not grow with the number of hosts.
const first = rows[0];
for (const row of rows) row.secondsPerThousandHosts = (row.seconds / row.hosts) * 1000;
if (asJson) {
  console.log(JSON.stringify({ format, rows }, null, 2));
} else {
  console.log(`| hosts (1 file each) | --format ${format} wall s | s per 1000 hosts | peak RSS MB | exit |`);
  console.log('| ---: | ---: | ---: | ---: | ---: |');
  for (const row of rows) {
    console.log(`| ${row.hosts} | ${row.seconds.toFixed(1)} | ${row.secondsPerThousandHosts.toFixed(2)} | ${row.peakRssMB?.toFixed(0) ?? '?'} | ${row.exitCode} |`);
  }
  if (first && rows.length > 1) {
    const last = rows.at(-1);
    console.log(`\ngrowth: ${(last.hosts / first.hosts).toFixed(0)}× the hosts took ${(last.seconds / first.seconds).toFixed(1)}× the time`);
  }
}
