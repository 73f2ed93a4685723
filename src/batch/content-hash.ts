import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A bundle's content hash, `sha256:<hex>`: what a re-run (resume) and the queue (job ids) key a bundle by, so the
 * same bundle under another name or path is known and a changed file under the same name is not. A file hashes its
 * bytes; a folder hashes every file below it by relative path and content, in a fixed order (links by their target
 * text), so copying the folder elsewhere keeps the hash.
 */
export async function contentHash(path: string): Promise<string> {
  const stat = await lstat(path);
  if (!stat.isDirectory()) return `sha256:${await fileSha256(path)}`;
  const hash = createHash('sha256');
  hash.update('logsift-folder-1\0');
  for (const [relative, digest] of await folderDigests(path, '')) hash.update(`${relative}\0${digest}\0`);
  return `sha256:${hash.digest('hex')}`;
}

async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function folderDigests(root: string, prefix: string): Promise<[string, string][]> {
  const out: [string, string][] = [];
  const names = (await readdir(join(root, prefix))).sort();
  for (const name of names) {
    const relative = prefix ? `${prefix}/${name}` : name;
    const stat = await lstat(join(root, relative));
    if (stat.isDirectory()) out.push(...(await folderDigests(root, relative)));
    else if (stat.isFile()) out.push([relative, await fileSha256(join(root, relative))]);
    else out.push([relative, stat.isSymbolicLink() ? `link:${await readlink(join(root, relative))}` : 'special']);
  }
  return out;
}
