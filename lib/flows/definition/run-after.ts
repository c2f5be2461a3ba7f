import { pointerSegment, type Finding } from './findings';
import { isRecord } from './read';
import { RUN_AFTER_STATUSES, type RunAfterStatus } from './types';

/*
 * `runAfter` links actions of one scope: `{ "Get_items": ["Succeeded"] }` runs an action once
 * Get_items has finished with one of those statuses. An empty runAfter starts a scope. Logic Apps
 * resolves names among siblings only, and refuses cycles.
 */

const STATUS_BY_LOWER = new Map(RUN_AFTER_STATUSES.map((s) => [s.toLowerCase(), s]));

/** The statuses an entry accepts, normalised to Makerport's spelling; null for one it doesn't support. */
export function runAfterStatus(value: unknown): RunAfterStatus | null {
  return typeof value === 'string' ? (STATUS_BY_LOWER.get(value.toLowerCase()) ?? null) : null;
}

const dependenciesOf = (action: unknown): string[] => (isRecord(action) && isRecord(action.runAfter) ? Object.keys(action.runAfter) : []);

/** Checks the runAfter of every action in one `actions` map: names, statuses, cycles. */
export function checkRunAfter(siblings: Record<string, unknown>, pointer: string): Finding[] {
  const findings: Finding[] = [];
  for (const [name, action] of Object.entries(siblings)) {
    if (!isRecord(action) || action.runAfter === undefined) continue;
    const at = `${pointer}/${pointerSegment(name)}/runAfter`;
    if (!isRecord(action.runAfter)) {
      findings.push({ pointer: at, code: 'invalid-action', message: '"runAfter" must be an object of action names to statuses.' });
      continue;
    }
    for (const [other, statuses] of Object.entries(action.runAfter)) {
      const entry = `${at}/${pointerSegment(other)}`;
      if (!Object.prototype.hasOwnProperty.call(siblings, other)) {
        findings.push({
          pointer: entry,
          code: 'run-after-missing',
          subject: other,
          message: `'${name}' runs after '${other}', which is not an action of the same scope.`,
        });
      }
      if (!Array.isArray(statuses)) {
        findings.push({ pointer: entry, code: 'invalid-action', message: 'A runAfter entry lists statuses, e.g. ["Succeeded"].' });
        continue;
      }
      statuses.forEach((status, i) => {
        if (runAfterStatus(status) === null) {
          findings.push({
            pointer: `${entry}/${i}`,
            code: 'unsupported-run-after-status',
            subject: String(status),
            message: `'${String(status)}' is not a runAfter status Makerport supports (${RUN_AFTER_STATUSES.join(', ')}).`,
          });
        }
      });
    }
  }
  for (const cycle of findCycles(siblings)) {
    findings.push({
      pointer: `${pointer}/${pointerSegment(cycle[0]!)}/runAfter`,
      code: 'run-after-cycle',
      subject: cycle[0],
      message: `These actions wait for each other and can never run: ${[...cycle, cycle[0]].join(' → ')}.`,
    });
  }
  return findings;
}

/** Each runAfter cycle once, as the list of actions on it. */
function findCycles(siblings: Record<string, unknown>): string[][] {
  const state = new Map<string, 'visiting' | 'done'>();
  const cycles: string[][] = [];
  const stack: string[] = [];
  const visit = (name: string) => {
    state.set(name, 'visiting');
    stack.push(name);
    for (const next of dependenciesOf(siblings[name])) {
      if (!Object.prototype.hasOwnProperty.call(siblings, next)) continue;
      if (state.get(next) === 'visiting') cycles.push(stack.slice(stack.indexOf(next)));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(name, 'done');
  };
  for (const name of Object.keys(siblings)) if (!state.has(name)) visit(name);
  return cycles;
}

/**
 * The order to run one scope's actions in: each after everything it runs after, ties in the order
 * they are written. Throws on a cycle or a missing name (validate first).
 */
export function orderActions(siblings: Record<string, unknown>): string[] {
  const order: string[] = [];
  const placed = new Set<string>();
  const pending = Object.keys(siblings);
  while (pending.length) {
    const index = pending.findIndex((name) => dependenciesOf(siblings[name]).every((d) => placed.has(d)));
    if (index < 0) throw new Error(`runAfter cannot be ordered: ${pending.join(', ')} wait for actions that never run first.`);
    const [name] = pending.splice(index, 1);
    order.push(name!);
    placed.add(name!);
  }
  return order;
}
