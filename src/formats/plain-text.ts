import type { LogLine } from '../model/log-line.js';
import type { LineParser, LogFormat, ParserStep } from './log-format.js';

/*
 * The fallback: any line becomes a record without time (pod logs fetched through the API carry
 * no timestamps). `kubectl cluster-info dump` frames each container's log with
 * `==== START logs for container <c> of pod <ns>/<pod> ====` and the matching END line
 * (kubernetes/kubectl pkg/cmd/clusterinfo/clusterinfo_dump.go); lines between them get
 * `fields.pod` and `fields.container`.
 */

const FRAME = /^==== (START|END) logs for container (\S+) of pod ([^/\s]+)\/(\S+) ====\s*$/;

function createPlainTextParser(): LineParser {
  // Framing state survives flush(): the driver flushes the fallback after every line it is handed.
  let pod: string | undefined;
  let container: string | undefined;
  return {
    push(line: LogLine): ParserStep {
      const text = line.text;
      const frame = text.startsWith('==== ') ? FRAME.exec(text) : null;
      if (frame) {
        if (frame[1] === 'START') {
          pod = `${frame[3]}/${frame[4]}`;
          container = frame[2];
        } else {
          pod = undefined;
          container = undefined;
        }
        return { accepted: true, out: [{ type: 'marker', marker: 'other', line: line.lineNumber }] };
      }
      const fields: Record<string, string> = pod !== undefined && container !== undefined ? { pod, container } : {};
      // The text may still be klog, logrus or JSON from a container: let the driver try the payload formats.
      return { accepted: true, out: [{ type: 'record', format: 'plain-text', line: line.lineNumber, lineCount: 1, message: text, fields, hasPayload: true }] };
    },
    flush: () => [],
  };
}

function sniffPlainText(text: string): number {
  if (typeof text !== 'string') return 0.01;
  return text.startsWith('==== ') && FRAME.test(text.slice(0, 1024)) ? 0.9 : 0.01;
}

/** Fallback for any line (no time), aware of `kubectl cluster-info dump` container framing. */
export const plainText = {
  id: 'plain-text',
  title: 'Plain text (no timestamp)',
  sniff: sniffPlainText,
  createParser: createPlainTextParser,
  samples: [
    {
      // https://github.com/educates/educates-training-platform/issues/718 (kubectl logs without --timestamps)
      lines: ["INFO:aiohttp.access:10.0.2.238 [22/Apr/2025:20:54:48 +0000] \"POST /api/v1/workshops HTTP/1.1\" 200 644 \"-\" \"ReactorNetty/1.1.18\""],
      source: 'https://github.com/educates/educates-training-platform/issues/718',
      expect: { message: "INFO:aiohttp.access:10.0.2.238 [22/Apr/2025:20:54:48 +0000] \"POST /api/v1/workshops HTTP/1.1\" 200 644 \"-\" \"ReactorNetty/1.1.18\"", fields: {} },
    },
    {
      // https://github.com/skooner-k8s/skooner/issues/89
      lines: ['GET / 200'],
      source: 'https://github.com/skooner-k8s/skooner/issues/89',
      expect: { message: 'GET / 200', fields: {} },
    },
    {
      // https://github.com/kubernetes/kubernetes/issues/125845 (coredns via `kubectl logs`)
      lines: ['[INFO] plugin/kubernetes: waiting for Kubernetes API before starting server'],
      source: 'https://github.com/kubernetes/kubernetes/issues/125845',
      expect: { message: '[INFO] plugin/kubernetes: waiting for Kubernetes API before starting server', fields: {} },
    },
  ],
} satisfies LogFormat;
