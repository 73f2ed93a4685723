import { describe, expect, it } from 'vitest';
import { MAX_TICKET_LENGTH, noteProblem, ticketProblem } from '../../src/known-incidents/ticket-id.js';

describe('ticket ids', () => {
  it('accepts tracker keys, URLs, numbers and shell metacharacters as plain data', () => {
    for (const ticket of ['4711', '#4711', 'SUP-12', 'https://support.example.com/tickets/4711?tab=log', '$(rm -rf /); `id` | tee', 'Kunde Müller – Störung 7', 'x'.repeat(MAX_TICKET_LENGTH)]) {
      expect(ticketProblem(ticket)).toBeUndefined();
    }
  });

  it('refuses empty, blank and overlong ids', () => {
    expect(ticketProblem('')).toBe('--ticket is empty');
    expect(ticketProblem('   ')).toBe('--ticket is empty');
    expect(ticketProblem('x'.repeat(MAX_TICKET_LENGTH + 1))).toBe(`--ticket is ${MAX_TICKET_LENGTH + 1} characters long; at most ${MAX_TICKET_LENGTH} are accepted`);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(ticketProblem('🎫'.repeat(MAX_TICKET_LENGTH))).toBeUndefined();
  });

  it('refuses controls, line breaks and bidi overrides, naming the character and where it is', () => {
    expect(ticketProblem('4711\u001b[31m')).toBe('--ticket holds a control or bidi character (U+001B at character 5); only printable text is accepted');
    expect(ticketProblem('47\n11')).toMatch(/U\+000A at character 3/);
    expect(ticketProblem('SUP\u202e21')).toMatch(/U\+202E at character 4/);
    expect(ticketProblem('a\u0085b')).toMatch(/U\+0085/);
  });

  it('applies the same rules to notes, with more room', () => {
    expect(noteProblem('customer rebooted during the window; see runbook step 3')).toBeUndefined();
    expect(noteProblem('line one\nline two')).toMatch(/^--note holds a control/);
    expect(noteProblem('x'.repeat(2001))).toMatch(/^--note is 2001 characters long/);
  });
});
