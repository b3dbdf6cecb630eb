/**
 * Why a history store could not be read: one line each, and one exit status (STORE_EXIT, 4) for all,
 * documented in docs/history.md. A torn last record is not an error: it is what a crash leaves.
 */
import { InputError } from '../errors.js';

/** The exit status of a store that cannot be read (any of the classes below). */
export const STORE_EXIT = 4;

export class StoreError extends InputError {
  override readonly name: string = 'StoreError';
}

/** A segment ends inside its header or before a record whose length says more follows. */
export class StoreTruncatedError extends StoreError {
  override readonly name = 'StoreTruncatedError';
}

/** A record's CRC does not match, or its body does not decode, and more data follows it. */
export class StoreCorruptError extends StoreError {
  override readonly name = 'StoreCorruptError';
}

/** Not an ipvstop history segment (wrong magic). */
export class StoreForeignError extends StoreError {
  override readonly name = 'StoreForeignError';
}

/** An ipvstop segment of another format version: refused, never guessed at. */
export class StoreVersionError extends StoreError {
  override readonly name = 'StoreVersionError';
}

/** Thrown for a body that does not decode or is not what the recorder writes (the reader turns it into a corrupt-store line). */
export class BodyError extends Error {}
