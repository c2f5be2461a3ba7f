import 'server-only';
import { invalidInput as refuse } from '@/lib/errors';
import type { Json } from '@/lib/json';

/*
 * What one document may cost: its depth, and its size once every internal reference is counted as
 * a copy where it is used. Checked on the document as written, in time linear in its size, before
 * anything expands it.
 */

/** Limits on the shape of a document, so a small file cannot cost unbounded time or memory. */
export const documentLimits = {
  depth: 256,
  /**
   * Nodes the document may have once every internal `$ref` is counted as a copy where it is used.
   * The largest of the 1,010 public connector packages expands to about 99,000; ten times that
   * stays far below what costs seconds to read.
   */
  expandedNodes: 1_000_000,
} as const;

/**
 * Refuses a value nested deeper than `documentLimits.depth`, without recursion (a 200,000-deep
 * object must be refused in words, not overflow the stack).
 */
export function checkDepth(value: unknown, source: string, limit: number = documentLimits.depth): void {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= limit) throw refuse(`${source} is nested more than ${limit} levels deep.`);
    for (const child of Array.isArray(node) ? node : Object.values(node)) stack.push([child, depth + 1]);
  }
}

/**
 * Refuses a document nested too deeply, or whose internal `$ref`s would expand (each reference
 * copied where it is used) beyond `documentLimits.expandedNodes`: ten definitions that each use
 * the next twice already make a thousand copies. Each reference's size and height are memoised,
 * so the count is linear in the document; a memoised reference still counts its height where it
 * is used, so a chain of references can't nest deeper than the limit. A reference back into its
 * own path counts once, as the dereferencer keeps circular references as they are.
 */
export function checkDocumentShape(document: Json, source: string): void {
  checkDepth(document, source);
  const measured = new Map<string, { size: number; height: number }>();
  const resolving = new Set<string>();
  const resolve = (pointer: string): unknown => {
    let node: unknown = document;
    for (const raw of pointer.slice(2).split('/')) {
      if (!raw && pointer === '#/') break;
      const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      if (node == null || typeof node !== 'object') return undefined;
      node = (node as Record<string, unknown>)[key];
    }
    return node;
  };
  const tooDeep = () => refuse(`${source} is nested more than ${documentLimits.depth} levels deep once its references are resolved.`);
  const tooLarge = () =>
    refuse(
      `${source} would expand to more than ${documentLimits.expandedNodes.toLocaleString('en')} nodes once its references are resolved.`,
    );
  /** Size and height of a value, `depth` levels down from the top. */
  const measure = (value: unknown, depth: number): { size: number; height: number } => {
    if (depth > documentLimits.depth) throw tooDeep();
    if (value === null || typeof value !== 'object') return { size: 1, height: 0 };
    const ref = (value as { $ref?: unknown }).$ref;
    if (typeof ref === 'string' && ref.startsWith('#')) {
      let known = measured.get(ref);
      if (!known) {
        if (resolving.has(ref)) return { size: 1, height: 0 };
        resolving.add(ref);
        const inner = measure(resolve(ref), depth + 1);
        resolving.delete(ref);
        known = { size: inner.size, height: inner.height + 1 };
        measured.set(ref, known);
      }
      if (depth + known.height > documentLimits.depth) throw tooDeep();
      return known;
    }
    let size = 1;
    let height = 0;
    for (const child of Array.isArray(value) ? value : Object.values(value)) {
      const m = measure(child, depth + 1);
      size += m.size;
      height = Math.max(height, m.height + 1);
      if (size > documentLimits.expandedNodes) throw tooLarge();
    }
    return { size, height };
  };
  measure(document, 0);
}
