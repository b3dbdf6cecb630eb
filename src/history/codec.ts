/**
 * A sample's record body: JSON, compressed with brotli. A keyframe holds the whole sample; a
 * delta holds each number's difference from the previous sample (and the meta only when it
 * changed), and is written only when the structure is the same and every difference is exact.
 */
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import { type ConnColumns, type ConnPart, decodeConnPart, encodeConnPart } from './connPart.js';
import { BodyError } from './errors.js';
import {
  assemble,
  CONNS,
  COUNTERS,
  type Columns,
  columnsOf,
  type HistorySample,
  type Meta,
  metaOf,
  RATES,
  type Structure,
  structureOf,
} from './sample.js';
import { checkMeta, checkStructure } from './sampleCheck.js';

/** What the next delta is taken against: the previous sample's parts. */
export interface CodecState {
  structure: Structure;
  structureJson: string;
  meta: Meta;
  metaJson: string;
  cols: Columns;
  /** The connection counts' columns, when the sample had them. */
  conn?: ConnColumns;
}

interface Body {
  /** meta: in every keyframe, in a delta when it changed. */
  m?: Meta;
  /** structure: keyframes only. */
  s?: Structure;
  /** counter columns: values (keyframe) or differences (delta); a string when past 2^53. */
  b: (number | string)[][];
  /** number columns, likewise. */
  n: number[][];
  /** The connection table's counts (connPart.ts): absent when the sample had none. */
  c?: ConnPart;
}

/** Brotli quality 5: most of quality 11's ratio on this data at a small part of its CPU (docs/history.md). */
const BROTLI = { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } };

const bigOut = (v: bigint): number | string =>
  v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v.toString();

function stateOf(s: HistorySample): Omit<CodecState, 'conn'> {
  const structure = structureOf(s);
  const meta = metaOf(s);
  return {
    structure,
    structureJson: JSON.stringify(structure),
    meta,
    metaJson: JSON.stringify(meta),
    cols: columnsOf(s),
  };
}

/** Differences of the number columns, or undefined when one is not exact (not a safe integer). */
function numberDiffs(now: number[][], prev: number[][]): number[][] | undefined {
  const out: number[][] = [];
  for (let c = 0; c < now.length; c++) {
    const a = now[c]!;
    const b = prev[c]!;
    const d = new Array<number>(a.length);
    for (let i = 0; i < a.length; i++) {
      const v = a[i]! - b[i]!;
      if (!Number.isSafeInteger(a[i]) || !Number.isSafeInteger(b[i]) || !Number.isSafeInteger(v)) return undefined;
      d[i] = v;
    }
    out.push(d);
  }
  return out;
}

/** The body of `s`: a delta against `prev` when it can be one and `keyframe` is not asked for. */
export function encodeSample(
  s: HistorySample,
  prev: CodecState | undefined,
  keyframe: boolean,
): { keyframe: boolean; body: Buffer; state: CodecState } {
  const state: CodecState = stateOf(s);
  let body: Body | undefined;
  if (!keyframe && prev && prev.structureJson === state.structureJson) {
    const n = numberDiffs(state.cols.num, prev.cols.num);
    if (n) {
      const b = state.cols.big.map((col, c) => col.map((v, i) => bigOut(v - prev.cols.big[c]![i]!)));
      body = { b, n };
      if (state.metaJson !== prev.metaJson) body.m = state.meta;
    }
  }
  const isKey = body === undefined;
  body ??= { m: state.meta, s: state.structure, b: state.cols.big.map((col) => col.map(bigOut)), n: state.cols.num };
  if (s.conns) {
    const c = encodeConnPart(s.conns, isKey ? undefined : prev?.conn);
    body.c = c.part;
    state.conn = c.cols;
  }
  return { keyframe: isKey, body: brotliCompressSync(JSON.stringify(body), BROTLI), state };
}

export { BodyError };

/** Every column as long as the structure's entries (services and real servers; real servers alone for the last three). */
function checkShape(structure: Structure, body: Body): void {
  const dests = structure.services.reduce((n, s) => n + s.dests.length, 0);
  const entries = structure.services.length + dests;
  const lengths = [...body.b, ...body.n].map((c) => (Array.isArray(c) ? c.length : -1));
  const want = [...body.b.map(() => entries), ...body.n.map((_, i) => (i < RATES.length ? entries : dests))];
  if (
    body.b.length !== COUNTERS.length ||
    body.n.length !== RATES.length + CONNS.length ||
    lengths.join() !== want.join()
  ) {
    throw new BodyError('columns do not match the table');
  }
}

export function decodeSample(
  takenAt: number,
  keyframe: boolean,
  compressed: Buffer,
  prev: CodecState | undefined,
): { sample: HistorySample; state: CodecState } {
  let body: Body;
  try {
    body = JSON.parse(brotliDecompressSync(compressed).toString()) as Body;
  } catch (e) {
    throw new BodyError(`body does not decode (${(e as Error).message})`);
  }
  const base = keyframe ? undefined : prev;
  if (!keyframe && !base) throw new BodyError('a delta with no keyframe before it');
  const structure = keyframe ? body.s : base?.structure;
  const meta = body.m ?? base?.meta;
  if (!structure || !meta || !Array.isArray(body.b) || !Array.isArray(body.n)) throw new BodyError('body lacks a part');
  if (keyframe) checkStructure(structure);
  if (body.m) checkMeta(meta);
  checkShape(structure, body);
  const big = body.b.map((col, c) => col.map((v, i) => BigInt(v) + (base ? base.cols.big[c]![i]! : 0n)));
  const num = body.n.map((col, c) => (base ? col.map((v, i) => v + base.cols.num[c]![i]!) : col));
  const cols = { big, num };
  const sample = assemble(takenAt, meta, structure, cols);
  const structureJson = keyframe ? JSON.stringify(structure) : base!.structureJson;
  const state: CodecState = { structure, structureJson, meta, metaJson: '', cols };
  if (body.c !== undefined) {
    const c = decodeConnPart(body.c, base?.conn);
    sample.conns = c.summary;
    state.conn = c;
  }
  return { sample, state };
}
