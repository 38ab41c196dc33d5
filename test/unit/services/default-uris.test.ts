import { describe, expect, it } from 'vitest';
import { DEMO_URI, defaultUriCandidates } from '../../../main/services/default-uris';

describe('defaultUriCandidates', () => {
  it('tries the system daemon, then the session when QEMU exists, then the demo host', () => {
    expect(defaultUriCandidates(true)).toEqual(['qemu:///system', 'qemu:///session', DEMO_URI]);
    expect(defaultUriCandidates(false)).toEqual(['qemu:///system', DEMO_URI]);
  });
});
