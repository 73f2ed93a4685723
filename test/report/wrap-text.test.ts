import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { wrapDisplay } from '../../src/report/wrap-text.js';

describe('wrapDisplay', () => {
  it('never starts a wrapped line with the space it broke at', () => {
    const lines = wrapDisplay('It explains systemd service crash-restart loop (service-restart-loop, 127×); systemd unit failed to start', 30);
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(line).not.toMatch(/^\s/);
  });

  it('keeps a path or URL whole when it fits on a line, moving it to the next one', () => {
    const path = '/var/lib/rancher/k3s/agent/containerd.broken';
    const lines = wrapDisplay(`Move the state aside: mv /var/lib/rancher/k3s/agent/containerd ${path} (standalone containerd)`, 50);
    expect(lines).toContain(path);
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(50);
  });

  it('cuts a token longer than the line after a separator, and only then', () => {
    const lines = wrapDisplay('runbook https://www.freedesktop.org/software/systemd/man/latest/systemd.service.html#Restart=', 40);
    expect(lines.join('')).toBe('runbook https://www.freedesktop.org/software/systemd/man/latest/systemd.service.html#Restart='.replace(' ', ' '));
    expect(lines[0]).toMatch(/\/$/);
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(40);
  });

  it('measures wide characters by the columns they take, not by code units', () => {
    const lines = wrapDisplay('ノード k3s-node-03 の containerd が起動できません 日本語のテキストはここにあります', 20);
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(20);
    expect(lines.join('').replace(/\s/g, '')).toBe('ノードk3s-node-03のcontainerdが起動できません日本語のテキストはここにあります');
  });

  it('keeps runs of spaces inside a line and a paragraph\'s own indent (log text is shown as found)', () => {
    expect(wrapDisplay('  level=info  msg="x"', 40)).toEqual(['  level=info  msg="x"']);
  });
});
