/**
 * The web config file, in exporter-toolkit's format (its docs/web-configuration.md): TLS
 * (`tls_server_config`), bcrypt basic-auth users (`basic_auth_users`) and response headers
 * (`http_server_config.headers`). Parsed with `yaml`, checked against a JSON Schema with ajv, so that a bad
 * file is refused in one line that names the key. Keys ipvstop does not implement are refused too, rather
 * than silently ignored (a `client_auth_type` ignored would leave a port open that the file says is closed).
 */
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Ajv } from 'ajv';
import bcrypt from 'bcryptjs';
import { parse } from 'yaml';
import { readFileBounded } from '../kernel/fs/boundedRead.js';
import { UsageError } from './errors.js';

export interface TlsFiles {
  certFile: string;
  keyFile: string;
  /** RequireAndVerifyClientCert: a client certificate signed by this CA is required. */
  clientCaFile?: string;
  minVersion?: 'TLSv1.2' | 'TLSv1.3';
  maxVersion?: 'TLSv1.2' | 'TLSv1.3';
}

export interface WebConfig {
  tls?: TlsFiles;
  /** User name to bcrypt hash; empty: no authentication. */
  users: ReadonlyMap<string, string>;
  headers: Readonly<Record<string, string>>;
}

/** The longest web config read: it is a handful of lines. */
const MAX_BYTES = 64 * 1024;
const TLS_VERSIONS = { TLS12: 'TLSv1.2', TLS13: 'TLSv1.3' } as const;
const BCRYPT = '^\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}$';

const SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    tls_server_config: {
      type: 'object',
      additionalProperties: false,
      required: ['cert_file', 'key_file'],
      properties: {
        cert_file: { type: 'string', minLength: 1 },
        key_file: { type: 'string', minLength: 1 },
        client_auth_type: { enum: ['NoClientCert', 'RequireAndVerifyClientCert'] },
        client_ca_file: { type: 'string', minLength: 1 },
        min_version: { enum: Object.keys(TLS_VERSIONS) },
        max_version: { enum: Object.keys(TLS_VERSIONS) },
      },
    },
    http_server_config: {
      type: 'object',
      additionalProperties: false,
      properties: {
        headers: {
          type: 'object',
          propertyNames: { pattern: '^[A-Za-z0-9-]{1,64}$' },
          additionalProperties: { type: 'string', pattern: '^[\\x20-\\x7e]{0,1024}$' },
        },
      },
    },
    basic_auth_users: {
      type: ['object', 'null'],
      propertyNames: { pattern: '^[^:\\x00-\\x1f]{1,128}$' },
      additionalProperties: { type: 'string', pattern: BCRYPT },
    },
  },
} as const;

const validate = new Ajv({ allErrors: false, strict: true, allowUnionTypes: true }).compile(SCHEMA);

interface RawConfig {
  tls_server_config?: {
    cert_file: string;
    key_file: string;
    client_auth_type?: string;
    client_ca_file?: string;
    min_version?: keyof typeof TLS_VERSIONS;
    max_version?: keyof typeof TLS_VERSIONS;
  };
  http_server_config?: { headers?: Record<string, string> };
  basic_auth_users?: Record<string, string> | null;
}

/** Checks `text` (the file's content); relative paths in it are taken from `dir`, the file's folder. */
export function parseWebConfig(text: string, dir: string): WebConfig {
  let raw: unknown;
  try {
    raw = parse(text, { maxAliasCount: 16, prettyErrors: false }) ?? {};
  } catch (e) {
    throw new UsageError(`not YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (!validate(raw)) {
    const err = validate.errors?.[0];
    const where = err?.instancePath ? err.instancePath.slice(1).replaceAll('/', '.') : 'the file';
    const extra =
      err?.params && 'additionalProperty' in err.params ? ` (${String(err.params.additionalProperty)})` : '';
    throw new UsageError(`${where} ${err?.message ?? 'is not valid'}${extra}`);
  }
  const c = raw as RawConfig;
  const t = c.tls_server_config;
  const required = t?.client_auth_type === 'RequireAndVerifyClientCert';
  if (t && required !== (t.client_ca_file !== undefined)) {
    throw new UsageError('tls_server_config: client_ca_file goes with client_auth_type RequireAndVerifyClientCert');
  }
  const tls: TlsFiles | undefined = t && {
    certFile: resolve(dir, t.cert_file),
    keyFile: resolve(dir, t.key_file),
    ...(t.client_ca_file !== undefined ? { clientCaFile: resolve(dir, t.client_ca_file) } : {}),
    ...(t.min_version ? { minVersion: TLS_VERSIONS[t.min_version] } : {}),
    ...(t.max_version ? { maxVersion: TLS_VERSIONS[t.max_version] } : {}),
  };
  return {
    ...(tls ? { tls } : {}),
    users: new Map(Object.entries(c.basic_auth_users ?? {})),
    headers: c.http_server_config?.headers ?? {},
  };
}

/** Reads and checks the file; every failure is one UsageError naming the file. */
export function loadWebConfig(file: string): WebConfig {
  try {
    return parseWebConfig(readFileBounded(file, MAX_BYTES).toString('utf8'), dirname(resolve(file)));
  } catch (e) {
    const why = e instanceof UsageError ? e.message : ((e as NodeJS.ErrnoException).code ?? (e as Error).message);
    throw new UsageError(`web config ${file}: ${why}`);
  }
}

/**
 * The file re-read while it changes, as exporter-toolkit re-reads it on every request: a user added or a
 * password changed takes effect without a restart. A stat per request decides (a parse only when the file
 * changed). A file that turns bad later is refused per request (500) until fixed, and said on stderr once.
 */
export class WebConfigSource {
  private stamp = '';
  private config: WebConfig | Error;

  constructor(
    private readonly file: string,
    first: WebConfig,
  ) {
    this.config = first;
    this.stamp = this.currentStamp();
  }

  private currentStamp(): string {
    try {
      const s = statSync(this.file);
      return `${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code ?? 'error';
    }
  }

  /** The config now, or why it cannot be used; `onChange` hears of each change (a line for the log). */
  current(onChange: (line: string) => void): WebConfig | Error {
    const stamp = this.currentStamp();
    if (stamp === this.stamp) return this.config;
    this.stamp = stamp;
    try {
      this.config = loadWebConfig(this.file);
      onChange(`web config ${this.file} read again`);
    } catch (e) {
      this.config = e as Error;
      onChange(`${(e as Error).message}; requests get 500 until it is fixed`);
    }
    return this.config;
  }
}

/**
 * Basic auth against the config's users. An unknown user's password is compared against a real user's
 * hash (same cost), so a failure takes the time a success does and the time tells no one which names exist.
 */
export async function authorized(users: ReadonlyMap<string, string>, header: string | undefined): Promise<boolean> {
  if (users.size === 0) return true;
  const m = /^Basic ([A-Za-z0-9+/=]{1,1024})$/i.exec(header ?? '');
  const decoded = m ? Buffer.from(m[1]!, 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  const user = colon >= 0 ? decoded.slice(0, colon) : '';
  const password = colon >= 0 ? decoded.slice(colon + 1) : '';
  const hash = users.get(user);
  const ok = await bcrypt.compare(password, hash ?? users.values().next().value!);
  return ok && hash !== undefined;
}
