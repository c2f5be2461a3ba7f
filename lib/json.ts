/** A JSON object as read from a document: keys to unknown values. */
export type Json = Record<string, unknown>;

/** Whether a value is a plain JSON object (not null, not an array). */
export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
