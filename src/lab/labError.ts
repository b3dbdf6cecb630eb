/** Thrown when the lab cannot run at all; the message says what to do. */
export class LabError extends Error {
  override name = 'LabError';
}
