/** ipvstop's version, as `--version` prints it (npm sets npm_package_version under `npm run`; the bundle has no package.json to read). */
export const VERSION = process.env.npm_package_version ?? '0.1.0';
