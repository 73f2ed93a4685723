import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readBundle } from '../dist/ingest/index.js';

/**
 * Node's own floor for logsift's input side: gunzip + tar parse + line split through logsift's ingest,
 * and nothing else (no format parsing, no matching). Resolves to the members and lines it read.
 */
export async function countBundleLines(bundle) {
  let lines = 0;
  let members = 0;
  const problems = [];
  const observer = {
    memberSkipped() {},
    memberDamaged(member, reason) { problems.push(`${member.source.member}: ${reason.text}`); },
    diagnostic(d) { problems.push(d.title); },
  };
  for await (const member of readBundle([bundle], {}, observer)) {
    members++;
    // In batches when ingest offers them, as logsift's parser takes them: a promise hop per line is not the floor.
    if (typeof member.lines.batches === 'function') {
      for await (const batch of member.lines.batches()) lines += batch.length;
    } else {
      for await (const line of member.lines) if (line) lines++;
    }
  }
  return { members, lines, problems };
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const bundle = process.argv[2];
  if (!bundle) {
    process.stderr.write('usage: node bench/node-floor.mjs <bundle.tgz>\n');
    process.exitCode = 2;
  } else {
    process.stdout.write(`${JSON.stringify(await countBundleLines(bundle))}\n`);
  }
}
