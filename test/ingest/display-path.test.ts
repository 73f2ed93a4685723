import { describe, expect, it } from 'vitest';
import { displayPath } from '../../src/ingest/index.js';

describe('displayPath', () => {
  it('names archive members as bundle:member', () => {
    expect(displayPath('samples/k3s-power-loss.tgz', 'k3s-node-03/journald/k3s')).toBe('samples/k3s-power-loss.tgz:k3s-node-03/journald/k3s');
  });

  it('names a file given on the command line by its path alone', () => {
    expect(displayPath('/tmp/x/kubelet.log', 'kubelet.log')).toBe('/tmp/x/kubelet.log');
  });

  it('names standard input <stdin>, and members of an archive read from it <stdin>:member', () => {
    expect(displayPath('-', 'stdin')).toBe('<stdin>');
    expect(displayPath('-', 'node/journald/k3s')).toBe('<stdin>:node/journald/k3s');
  });
});
