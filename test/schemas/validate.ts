/**
 * The JSON Schemas of docs/schemas/, compiled once with ajv (draft 2020-12, formats checked).
 * `expectValid` fails with every schema error and the path it is at, not just "invalid".
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { expect } from 'vitest';

export type SchemaName = 'list' | 'conns' | 'conns-top' | 'doctor' | 'drain' | 'fleet' | 'events';

const dir = new URL('../../docs/schemas/', import.meta.url);
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);
const validators = new Map<SchemaName, ReturnType<typeof ajv.compile>>();

const schemaOf = (name: SchemaName) => JSON.parse(readFileSync(new URL(`${name}.schema.json`, dir), 'utf8'));

/** The fleet document holds each director's list document: its schema refers to list's by $id. */
const REFERRED: SchemaName[] = ['list'];

function validator(name: SchemaName) {
  let v = validators.get(name);
  if (!v) {
    for (const r of REFERRED) if (!validators.has(r)) validators.set(r, ajv.compile(schemaOf(r)));
    v = validators.get(name) ?? ajv.compile(schemaOf(name));
    validators.set(name, v);
  }
  return v;
}

/** The JSON text parses and holds to its schema; the errors say where it does not. */
export function expectValid(name: SchemaName, text: string): unknown {
  const doc: unknown = JSON.parse(text);
  const v = validator(name);
  const ok = v(doc);
  const errors = (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
  expect(errors, `${name}.schema.json`).toEqual([]);
  expect(ok).toBe(true);
  return doc;
}

/** The schema rejects it (for tests that the schemas are not vacuous). */
export function isValid(name: SchemaName, doc: unknown): boolean {
  return validator(name)(doc) === true;
}
