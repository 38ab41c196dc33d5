import { describe, expect, it } from 'vitest';
import { containedPath } from '../../../main/transport/static-files';

describe('containedPath', () => {
  it('maps / to index.html and keeps files inside the root', () => {
    expect(containedPath('/srv/app', '/')).toBe('/srv/app/index.html');
    expect(containedPath('/srv/app', '/assets/a.js')).toBe('/srv/app/assets/a.js');
  });
  it('refuses traversal, encoded traversal, NUL and malformed escapes', () => {
    expect(containedPath('/srv/app', '/../etc/passwd')).toBeUndefined();
    expect(containedPath('/srv/app', '/%2e%2e/%2e%2e/etc/passwd')).toBeUndefined();
    expect(containedPath('/srv/app', '/a%00.js')).toBeUndefined();
    expect(containedPath('/srv/app', '/%E0%A4%A')).toBeUndefined();
    expect(containedPath('/srv/app', '/../app2/x')).toBeUndefined();
  });
});
