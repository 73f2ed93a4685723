import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildPrefilter } from '../../src/patterns/build-prefilter.js';
import { loadLibrary } from '../../src/patterns/index.js';

const good = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/patterns/good');

describe('buildPrefilter', () => {
  it('leaves ordinary chatter with no candidate rule, so no regex runs on it', async () => {
    const { library } = await loadLibrary([good]);
    const prefilter = buildPrefilter(library.signatures);
    expect([...prefilter.candidates('Started containerd container runtime.')]).toEqual([]);
    expect([...prefilter.candidates('I0324 23:32:14.798753    4243 kuberuntime_manager.go:1023] "SyncPod received new pod"')]).toEqual([]);
  });

  it('names only the signatures whose literals occur, in signature order', async () => {
    const { library } = await loadLibrary([good]);
    const prefilter = buildPrefilter(library.signatures);
    const ids = (text: string) => [...prefilter.candidates(text).keys()].map((i) => library.signatures[i].id);
    expect(ids('with CRASHLOOPBACKOFF: "Back-off 5m0s restarting failed container=a pod=b')).toEqual(['kubelet-crashloop-backoff']);
    expect(ids('StopPodSandbox for "ab" then with CrashLoopBackOff: "Back-off 10s restarting failed container=')).toEqual(['containerd-stop-sandbox-failed', 'kubelet-crashloop-backoff']);
  });
});
