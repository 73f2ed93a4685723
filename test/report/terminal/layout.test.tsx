import { render } from 'ink-testing-library';
import stringWidth from 'string-width';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../../src/model/report.js';
import { buildReport } from '../../../src/report/build-report.js';
import { RUNBOOK, SIGNATURES, powerLossInput } from '../fixtures.js';

let TerminalReport: typeof import('../../../src/report/terminal/TerminalReport.js').TerminalReport;

beforeAll(async () => {
  // ink colours through chalk, which decides at import time whether the (non-TTY) test output supports colour.
  process.env.FORCE_COLOR = '3';
  ({ TerminalReport } = await import('../../../src/report/terminal/TerminalReport.js'));
});

// CSI (colours) and OSC (hyperlinks, BEL- or ST-terminated) sequences: what a terminal does not print.
const ESCAPES = /\u001b\[[0-9;]*m|\u001b\]8;;[^\u0007\u001b]*(?:\u0007|\u001b\\)/g;
const plain = (text: string) => text.replace(ESCAPES, '');

const LONG_PATH = '/var/lib/rancher/k3s/agent/containerd/io.containerd.content';

/** The power-loss report with a fix step that names a long path and a title in a wide script. */
function report(): Report {
  const input = powerLossInput();
  const signatures = (SIGNATURES ?? []).map((s) =>
    s.id === 'containerd-sandbox-recovery-failed'
      ? { ...s, remediation: [...s.remediation, `Move the snapshotter state aside: mv ${LONG_PATH} ${LONG_PATH}.broken and start k3s again so containerd rebuilds it`] }
      : s,
  );
  return buildReport({ ...input, signatures });
}

function frame(width: number, color = true): string {
  const { lastFrame, unmount } = render(<TerminalReport report={report()} width={width} color={color} />);
  const out = lastFrame() ?? '';
  unmount();
  return out;
}

/** The rows of the root cause box (the box after the summary), as printed. */
function boxRows(out: string): string[] {
  const lines = plain(out).split('\n');
  const top = lines.findIndex((l, i) => l.startsWith('╭') && (lines[i + 1] ?? '').includes('ROOT CAUSE'));
  const bottom = lines.findIndex((l, i) => i > top && l.startsWith('╰'));
  return lines.slice(top + 1, bottom);
}

describe('terminal layout at 80 columns', () => {
  it('keeps both borders on every row of the root cause box, the hyperlinked runbook row included', () => {
    const out = frame(80);
    expect(out).toContain(`\u001b]8;;${RUNBOOK}\u0007`);
    const rows = boxRows(out);
    expect(rows.find((r) => r.includes(RUNBOOK))).toBeDefined();
    for (const row of rows) {
      expect(row.startsWith('│'), row).toBe(true);
      expect(row.endsWith('│'), row).toBe(true);
      expect(stringWidth(row), row).toBe(80);
    }
  });

  it('starts no wrapped line with a stray space: continuation lines line up under their text', () => {
    const rows = boxRows(frame(80));
    // Row values start at column 14 (border, padding, 12-column label); a stray space would push one to 15.
    const continued = rows.filter((r) => /^│ {13}\S/.test(r));
    expect(continued.length).toBeGreaterThan(3);
    expect(rows.filter((r) => /^│ {14}\S/.test(r))).toEqual([]);
    // Fix steps continue at column 8.
    expect(rows.filter((r) => /^│ {8}\S/.test(r))).toEqual([]);
  });

  it('keeps a path whole when it fits on a line', () => {
    const printed = boxRows(frame(80)).map((r) => r.slice(1, -1).trim());
    expect(printed.some((r) => r.includes(LONG_PATH))).toBe(true);
  });

  it('fits every line of the whole report in 80 columns by display width', () => {
    for (const line of plain(frame(80)).split('\n')) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
  });
});
