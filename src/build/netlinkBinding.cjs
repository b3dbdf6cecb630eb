// The netlink package's native addon, for the bundle (src/build/bundle.mjs puts this where netlink loads it).
// Installed with npm: the addon node-gyp-build finds in the netlink package, as netlink itself does.
// In the single executable (npm run package) the addon is an asset: a shared object can only be loaded from a
// file, so it is written to a new directory only its owner can open (mkdtemp: mode 0700, a fresh random name),
// created exclusively and never through a symlink, loaded, and removed at once (the mapping stays valid).
const { constants, closeSync, mkdtempSync, openSync, rmSync, writeSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { dirname, join } = require('node:path');

function seaAsset() {
  try {
    const sea = require('node:sea');
    return sea.isSea() ? sea.getRawAsset('netlink.node') : undefined;
  } catch {
    return undefined; // node:sea came with Node 20.12: an older Node runs the npm-installed program
  }
}

function loadFromAsset(asset) {
  const dir = mkdtempSync(join(tmpdir(), 'ipvstop-'));
  try {
    const file = join(dir, 'netlink.node');
    const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o500);
    try {
      writeSync(fd, new Uint8Array(asset));
    } finally {
      closeSync(fd);
    }
    const addon = { exports: {} };
    try {
      process.dlopen(addon, file);
    } catch (e) {
      throw new Error(
        `cannot load the netlink addon from ${dir} (is ${tmpdir()} mounted noexec? set TMPDIR): ${e.message}`,
      );
    }
    return addon.exports;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const asset = seaAsset();
module.exports = asset
  ? loadFromAsset(asset)
  : require('node-gyp-build')(dirname(require.resolve('netlink/package.json')));
