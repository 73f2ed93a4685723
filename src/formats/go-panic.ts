import type { LineParser, LogFormat, ParseOutput, ParsedRecord, Payload } from './log-format.js';
import { guardParser } from './guard-parser.js';
import { neverThrows } from './never-throws.js';

// What the Go runtime prints first when a process dies (runtime/panic.go printpanics, throw, sighandler).
const START = /^(?:panic: |fatal error: |(?:SIGQUIT: quit|SIGABRT: abort|SIGTRAP: trace trap|SIGSEGV: segmentation violation)\b|unexpected fault address )/;
const GOROUTINE = /^goroutine \d+(?: gp=\S+ m=\S+(?: mp=\S+)?)? \[[^\]]*\]:$/;

// Stack-trace lines the runtime writes after the first line; anything else ends the block.
const STACK_LINE = [
  GOROUTINE,
  /^\[signal [^\]]*\]$/,
  // frames: `pkg/path.(*T).Method(0xc0, ...)`, `main.main()`, `panic({0x1f697a0?, 0x3a00380?})`
  /^[\w$.\-/~%*()\[\]]+\(.*\)$/,
  /^created by /,
  /^\s+\S/,
  /^\S+\.(?:go|s):\d+(?: \+0x[0-9a-f]+)?/,
  /^\.\.\.(?:additional frames elided|\d+ frames elided)\.\.\.$/,
  /^\[recovered\]/,
  /^runtime: /,
  /^runtime stack:$/,
  /^stack: frame=/,
  /^r(?:ax|bx|cx|dx|di|si|bp|sp|ip|flags|\d{1,2}) +0x[0-9a-f]+$/,
  /^(?:cs|fs|gs) +0x[0-9a-f]+$/,
  /^exit status \d+$/,
];

// Frame regexes backtrack on pathological input; real stack lines are far shorter than this.
const MAX_PATTERN_LINE = 8192;

function isStackLine(text: string): boolean {
  if (text.trim() === '') return true;
  if (text.length > MAX_PATTERN_LINE) return /^\s/.test(text);
  return STACK_LINE.some((re) => re.test(text));
}

// A SIGQUIT dump of a busy apiserver has thousands of goroutines; past this many lines the dump goes on in a new record.
const MAX_LINES = 20_000;

interface Pending {
  readonly line: number;
  readonly lines: string[];
  /** Blank lines seen last; kept only if more stack lines follow. */
  blanks: number;
  sawGoroutine: boolean;
}

function finish(p: Pending): ParsedRecord {
  const fields: Record<string, string> = {};
  for (const l of p.lines) {
    const m = /^(panic|fatal error): (.*)$/.exec(l);
    if (m) {
      fields[m[1] === 'panic' ? 'panic' : 'fatalError'] = m[2];
      break;
    }
    if (GOROUTINE.test(l)) break;
  }
  const signal = p.lines.find((l) => l.startsWith('[signal '));
  if (signal) fields.signal = signal.slice(1, -1);
  const goroutine = p.lines.find((l) => GOROUTINE.test(l));
  if (goroutine) fields.goroutine = goroutine.slice(0, -1);
  return {
    type: 'record',
    format: 'go-panic',
    line: p.line,
    lineCount: p.lines.length,
    severity: 'critical',
    message: p.lines.join('\n'),
    fields,
  };
}

function createGoPanicParser(): LineParser {
  let pending: Pending | undefined;
  const take = (): ParseOutput[] => {
    if (!pending) return [];
    const r = finish(pending);
    pending = undefined;
    return [r];
  };
  return guardParser(
    {
      push(line) {
        const text = line.text;
        // `unexpected fault address …` is followed by `fatal error: fault`: head lines join until the first goroutine.
        const joinsHead = pending !== undefined && !pending.sawGoroutine && START.test(text);
        if (pending && (joinsHead || (!START.test(text) && isStackLine(text)))) {
          if (pending.lines.length + pending.blanks >= MAX_LINES) {
            const out = take();
            pending = { line: line.lineNumber, lines: [text], blanks: 0, sawGoroutine: true };
            return { accepted: true, out };
          }
          if (text.trim() === '') {
            pending.blanks++;
          } else {
            for (; pending.blanks > 0; pending.blanks--) pending.lines.push('');
            pending.lines.push(text);
            if (GOROUTINE.test(text)) pending.sawGoroutine = true;
          }
          return { accepted: true, out: [] };
        }
        if (START.test(text) || GOROUTINE.test(text)) {
          const out = take();
          pending = { line: line.lineNumber, lines: [text], blanks: 0, sawGoroutine: GOROUTINE.test(text) };
          return { accepted: true, out };
        }
        return { accepted: false, out: take() };
      },
      flush: take,
    },
    () => {
      pending = undefined;
    },
  );
}

export const goPanic = {
  id: 'go-panic',
  title: 'Go panic / fatal error with goroutine stacks',
  sniff: neverThrows(
    (text: string): number => {
      if (typeof text !== 'string') return 0;
      if (START.test(text)) return 0.9;
      if (GOROUTINE.test(text)) return 0.8;
      return /^\t\S+\.go:\d+ \+0x[0-9a-f]+/.test(text) ? 0.3 : 0;
    },
    0,
  ),
  createParser: createGoPanicParser,
  parsePayload: neverThrows(
    (message: string): Payload | undefined => {
      const m = /^(panic|fatal error): (.+)$/s.exec(message);
      if (!m) return undefined;
      return { format: 'go-panic', severity: 'critical', message, fields: { [m[1] === 'panic' ? 'panic' : 'fatalError']: m[2] } };
    },
    undefined,
  ),
  samples: [
    {
      // https://github.com/etcd-io/etcd/issues/16222 (bbolt SIGBUS: three head lines before the first goroutine)
      lines: [
        'unexpected fault address 0x7f3a457f3008',
        'fatal error: fault',
        '[signal SIGBUS: bus error code=0x2 addr=0x7f3a457f3008 pc=0x9e2b65]',
        '',
        'goroutine 1 [running]:',
        'runtime.throw(0x121d104, 0x5)',
        '\t/usr/local/google/home/siarkowicz/.gvm/gos/go1.16.15/src/runtime/panic.go:1117 +0x72 fp=0xc0003164a8 sp=0xc000316478 pc=0x4385b2',
        'runtime.sigpanic()',
        '\t/usr/local/google/home/siarkowicz/.gvm/gos/go1.16.15/src/runtime/signal_unix.go:731 +0x2c8 fp=0xc0003164e0 sp=0xc0003164a8 pc=0x44fe28',
      ],
      source: 'https://github.com/etcd-io/etcd/issues/16222',
      expect: {
        severity: 'critical',
        fields: {
          fatalError: 'fault',
          signal: 'signal SIGBUS: bus error code=0x2 addr=0x7f3a457f3008 pc=0x9e2b65',
          goroutine: 'goroutine 1 [running]',
        },
      },
    },
    {
      // https://github.com/kubernetes/minikube/issues/3555
      lines: [
        'panic: runtime error: invalid memory address or nil pointer dereference',
        '[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x117f24a]',
        '',
        'goroutine 688 [running]:',
        'k8s.io/minikube/pkg/minikube/assets.(*BinDataAsset).Read(0xc000321000, 0xc0007ec000, 0x8000, 0x8000, 0x0, 0x7fcc88138100, 0x21)',
        '\t/usr/local/google/home/tstromberg/go/src/k8s.io/minikube/pkg/minikube/assets/vm_assets.go:230 +0x2a',
      ],
      source: 'https://github.com/kubernetes/minikube/issues/3555',
      expect: {
        severity: 'critical',
        fields: {
          panic: 'runtime error: invalid memory address or nil pointer dereference',
          signal: 'signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x117f24a',
          goroutine: 'goroutine 688 [running]',
        },
      },
    },
    {
      // https://github.com/rancher/k3os/issues/330 (stack printed by apimachinery's logPanic in k3s)
      lines: [
        'goroutine 5820766 [running]:',
        'github.com/rancher/k3s/vendor/k8s.io/apimachinery/pkg/util/runtime.logPanic(0x373ebc0, 0xc0005b0170)',
        '\t/go/src/github.com/rancher/k3s/vendor/k8s.io/apimachinery/pkg/util/runtime/runtime.go:74 +0xa3',
        'panic(0x373ebc0, 0xc0005b0170)',
        '\t/usr/local/go/src/runtime/panic.go:679 +0x1b2',
      ],
      source: 'https://github.com/rancher/k3os/issues/330',
      expect: { severity: 'critical', fields: { goroutine: 'goroutine 5820766 [running]' } },
    },
    {
      // https://github.com/k3s-io/k3s/issues/12374 (Go 1.23 goroutine header with gp/m; tabs lost in the issue text)
      lines: [
        'goroutine 9349 gp=0xc00e363880 m=16 mp=0xc00a1c8308 [running]:',
        'runtime.throw({0x6a313ba?, 0x47679d?})',
        '/usr/local/go/src/runtime/panic.go:1067 +0x48 fp=0xc00cfb76b8 sp=0xc00cfb7688 pc=0x47bc88',
      ],
      source: 'https://github.com/k3s-io/k3s/issues/12374',
      expect: { severity: 'critical', fields: { goroutine: 'goroutine 9349 gp=0xc00e363880 m=16 mp=0xc00a1c8308 [running]' } },
    },
  ],
} satisfies LogFormat;
