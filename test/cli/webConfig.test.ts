/** The web config file (exporter-toolkit's format): what it accepts, what it refuses in one line, re-reading. */
import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { exporterCommand } from '../../src/cli/exporter.js';
import { authorized, loadWebConfig, parseWebConfig, WebConfigSource } from '../../src/cli/webConfig.js';
import { runCaptured, stubHandlers } from './handlers.js';

const HASH = bcrypt.hashSync('pw', 4);
const dir = mkdtempSync(join(tmpdir(), 'ipvstop-webconfig-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('parseWebConfig', () => {
  it("reads TLS files relative to the file's folder, users and headers", () => {
    const c = parseWebConfig(
      [
        'tls_server_config:',
        '  cert_file: tls/cert.pem',
        '  key_file: /etc/k.pem',
        '  min_version: TLS13',
        'http_server_config:',
        '  headers:',
        '    X-Frame-Options: deny',
        'basic_auth_users:',
        `  prom: ${HASH}`,
        '',
      ].join('\n'),
      '/etc/ipvstop',
    );
    expect(c.tls).toEqual({ certFile: '/etc/ipvstop/tls/cert.pem', keyFile: '/etc/k.pem', minVersion: 'TLSv1.3' });
    expect([...c.users]).toEqual([['prom', HASH]]);
    expect(c.headers).toEqual({ 'X-Frame-Options': 'deny' });
    expect(parseWebConfig('', '/')).toEqual({ users: new Map(), headers: {} });
    expect(parseWebConfig('basic_auth_users:\n', '/').users.size).toBe(0);
  });

  it.each([
    ['basic_auth_users: [', /^not YAML: /],
    ['basic_auth_users:\n  prom: plaintext\n', /^basic_auth_users\.prom must match pattern/],
    ['tls_server_config:\n  cert_file: c\n', /^tls_server_config must have required property 'key_file'/],
    ['tls_config:\n  cert_file: c\n', /^the file must NOT have additional properties \(tls_config\)/],
    ['tls_server_config:\n  cert_file: c\n  key_file: k\n  cipher_suites: [x]\n', /\(cipher_suites\)/],
    [
      'tls_server_config:\n  cert_file: c\n  key_file: k\n  client_auth_type: RequireAndVerifyClientCert\n',
      /client_ca_file/,
    ],
    ['- a\n- b\n', /^the file must be object/],
  ])('refuses %j in one line', (text, line) => {
    expect(() => parseWebConfig(text, '/')).toThrow(line);
    try {
      parseWebConfig(text, '/');
    } catch (e) {
      expect((e as Error).message).not.toContain('\n');
    }
  });
});

describe('ipvstop exporter --web.config.file', () => {
  it.each([
    ['a bad file', () => file('bad.yml', 'basic_auth_users:\n  prom: nothash\n'), /basic_auth_users\.prom must match/],
    ['a missing file', () => join(dir, 'missing.yml'), /missing\.yml: ENOENT$/],
    ['a folder', () => dir, /: EISDIR$/],
    [
      'TLS files that are not there',
      () => file('tls-missing.yml', 'tls_server_config:\n  cert_file: none.crt\n  key_file: none.key\n'),
      /: tls_server_config\.cert_file \/.*\/none\.crt: no such file or directory$/,
    ],
    [
      'TLS files that are not a certificate and its key',
      () => {
        file('junk.pem', 'not PEM\n');
        return file('tls-junk.yml', 'tls_server_config:\n  cert_file: junk.pem\n  key_file: junk.pem\n');
      },
      /: tls_server_config: not a certificate and its key: .+$/,
    ],
  ])('refuses %s at start in one line, exit 2', async (_what, path, line) => {
    const p = path();
    const r = await runCaptured(
      ['exporter', '--web.listen-address', '127.0.0.1:1', '--web.config.file', p],
      stubHandlers({ exporter: exporterCommand }),
    );
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toHaveLength(2); // one line and its newline
    expect(r.stderr).toMatch(new RegExp(`^ipvstop: web config ${p}: `));
    expect(r.stderr.trimEnd()).toMatch(line);
  });
});

describe('WebConfigSource', () => {
  it('reads the file again when it changes, and refuses requests while it is bad', async () => {
    const path = file('live.yml', `basic_auth_users:\n  prom: ${HASH}\n`);
    const said: string[] = [];
    const source = new WebConfigSource(path, loadWebConfig(path));
    const users = () => {
      const c = source.current((l) => said.push(l));
      return c instanceof Error ? c : [...c.users.keys()];
    };
    expect(users()).toEqual(['prom']);
    writeFileSync(path, `basic_auth_users:\n  grafana: ${HASH}\n`);
    utimesSync(path, new Date(), new Date(Date.now() + 5000)); // a change even within the clock's resolution
    expect(users()).toEqual(['grafana']);
    writeFileSync(path, 'basic_auth_users:\n  grafana: oops\n');
    utimesSync(path, new Date(), new Date(Date.now() + 10_000));
    expect(users()).toBeInstanceOf(Error);
    expect(said).toEqual([
      `web config ${path} read again`,
      expect.stringMatching(/grafana must match pattern .*; requests get 500 until it is fixed$/),
    ]);
  });
});

describe('authorized', () => {
  const users = new Map([['prom', HASH]]);
  const header = (s: string) => `Basic ${Buffer.from(s).toString('base64')}`;
  it.each([
    [header('prom:pw'), true],
    [header('prom:pw2'), false],
    [header('nobody:pw'), false],
    [header('prompw'), false],
    [header(':pw'), false],
    ['Bearer x', false],
    [undefined, false],
  ])('%j: %s', async (h, ok) => {
    expect(await authorized(users, h)).toBe(ok);
  });
  it('lets everyone in when there are no users', async () => {
    expect(await authorized(new Map(), undefined)).toBe(true);
  });
  it('takes hashes made by htpasswd -B ($2y$)', async () => {
    const y = HASH.replace(/^\$2[ab]\$/, '$2y$');
    expect(await authorized(new Map([['prom', y]]), header('prom:pw'))).toBe(true);
  });
});
