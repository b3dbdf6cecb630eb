/**
 * Where the single executable writes the netlink addon before loading it (src/kernel/netlink/addon.ts): only a
 * directory no other user can change, and the addon itself as an unnamed file. Real directories, modes and owners
 * on the host, and the real addon loaded from them.
 */
import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AddonLoadError, loadAddonBytes, trustedDirectory } from '../../../src/kernel/netlink/addon.js';

const require = createRequire(import.meta.url);
const addonBytes = (): Uint8Array =>
  readFileSync(require('node-gyp-build').path(dirname(require.resolve('netlink/package.json'))) as string);

let base: string;
beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'ipvstop-addon-test-'));
});
afterEach(() => {
  chmodSync(base, 0o700);
  rmSync(base, { recursive: true, force: true });
});

/** The one-line refusal trustedDirectory(dir) throws. */
function refusal(dir: string, uid?: number): string {
  try {
    trustedDirectory(dir, uid);
  } catch (e) {
    expect(e).toBeInstanceOf(AddonLoadError);
    const message = (e as Error).message;
    expect(message).not.toMatch(/[\x00-\x1f\x7f]/);
    expect(message).toMatch(/^cannot load the netlink addon: .*; set TMPDIR to a directory only root \(or you\) can/);
    return message;
  }
  throw new Error(`${dir} was accepted`);
}

describe('the directory the addon is written in', () => {
  it('is the temporary directory, resolved, when only root or we can change it and what is above it', () => {
    expect(trustedDirectory(base)).toBe(base);
    symlinkSync(base, join(base, 'link'));
    expect(trustedDirectory(join(base, 'link'))).toBe(base);
    chmodSync(base, 0o1777); // sticky, as /tmp: others may add entries but not rename ours
    expect(trustedDirectory(base)).toBe(base);
  });

  it('is refused when others may write it without the sticky bit', () => {
    chmodSync(base, 0o777);
    expect(refusal(base)).toContain(
      `the temporary directory ${base} is writable by others without the sticky bit (mode 0777), so another user could swap the addon`,
    );
    chmodSync(base, 0o770);
    expect(refusal(base)).toContain('(mode 0770)');
  });

  it('is refused when a directory above it can be changed by others, even through a symlink', () => {
    const sub = join(base, 'sub');
    mkdirSync(sub, { mode: 0o700 });
    chmodSync(base, 0o777);
    expect(refusal(sub)).toContain(`${base} (above the temporary directory ${sub}) is writable by others`);
    const safe = mkdtempSync(join(tmpdir(), 'ipvstop-addon-test-'));
    try {
      symlinkSync(sub, join(safe, 'link'));
      expect(refusal(join(safe, 'link'))).toContain(`${base} (above the temporary directory ${safe}/link)`);
    } finally {
      rmSync(safe, { recursive: true });
    }
  });

  it('is refused when it belongs to another user', () => {
    const me = process.geteuid?.() ?? 0;
    const sub = join(base, 'sub');
    mkdirSync(sub, { mode: 0o700 });
    // Root owns what root makes, and root is trusted: give it away (as root) or ask as someone else.
    if (me === 0) chownSync(sub, 65534, 65534);
    const asking = me === 0 ? undefined : me + 1;
    expect(refusal(sub, asking)).toMatch(/the temporary directory \S+ belongs to uid \d+, so another user could swap/);
  });

  it('is refused in one line, control characters escaped, when it is missing or not a directory', () => {
    expect(refusal(join(base, 'no\x1b[31mdir'))).toContain(
      `the temporary directory ${base}/no\\x1b[31mdir cannot be used (ENOENT)`,
    );
    writeFileSync(join(base, 'file'), '');
    expect(refusal(join(base, 'file'))).toContain(`the temporary directory ${base}/file is not a directory`);
  });
});

describe('loading the addon', () => {
  it('loads it from an unnamed file, and leaves nothing in the directory', () => {
    const addon = loadAddonBytes(addonBytes(), base);
    expect(typeof addon.NativeNetlink).toBe('function');
    expect(readdirSync(base)).toEqual([]);
  });

  it('writes nothing in a directory others could change', () => {
    chmodSync(base, 0o777);
    expect(() => loadAddonBytes(addonBytes(), base)).toThrow(AddonLoadError);
    expect(readdirSync(base)).toEqual([]);
  });
});
