/*
 * What an expression can see of the run it belongs to. The run engine implements this over its
 * own state; createContext() builds one from plain data (tests, previews, the validator's dry runs).
 */

/** One action's record as actions('<name>') returns it (Logic Apps' run-action shape). */
export interface ActionResult {
  name?: string;
  status?: string;
  inputs?: unknown;
  outputs?: unknown;
  startTime?: string;
  endTime?: string;
  code?: string;
  error?: unknown;
  [key: string]: unknown;
}

export interface ExpressionContext {
  /** The trigger's outputs (`{ headers, body, … }`); triggerBody() is its `body`. Undefined: no trigger data. */
  triggerOutputs(): unknown;
  /** An action that has run (in any status), or undefined when it doesn't exist or hasn't run yet. */
  action(name: string): ActionResult | undefined;
  /** A variable's current value, or undefined when no InitializeVariable declared it. */
  variable(name: string): { value: unknown } | undefined;
  /** A workflow parameter's value (its `defaultValue`, or what the environment sets), or undefined. */
  parameter(name: string): { value: unknown } | undefined;
  /**
   * The current item of an enclosing Foreach: the named one for items('<name>'), the innermost for
   * item() (name null). Undefined when the expression is not inside such a loop.
   */
  loopItem(name: string | null): { value: unknown } | undefined;
  /** The clock of utcNow() (a run may pin it). */
  now(): Date;
  /** A new random GUID for guid(), hyphenated lower case. */
  newGuid(): string;
}

/** Plain data for createContext(). */
export interface ContextData {
  trigger?: { outputs?: unknown };
  actions?: Record<string, ActionResult>;
  variables?: Record<string, unknown>;
  parameters?: Record<string, unknown>;
  /** Enclosing Foreach loops, outermost first, each with its current item. */
  loops?: { name: string; item: unknown }[];
  now?: () => Date;
  newGuid?: () => string;
}

const own = (record: Record<string, unknown> | undefined, key: string) =>
  record !== undefined && Object.prototype.hasOwnProperty.call(record, key) ? { value: record[key] } : undefined;

/** An ExpressionContext over plain data. */
export function createContext(data: ContextData = {}): ExpressionContext {
  const loops = data.loops ?? [];
  return {
    triggerOutputs: () => data.trigger?.outputs,
    action: (name) => (data.actions && Object.prototype.hasOwnProperty.call(data.actions, name) ? data.actions[name] : undefined),
    variable: (name) => own(data.variables, name),
    parameter: (name) => own(data.parameters, name),
    loopItem: (name) => {
      const loop = name === null ? loops[loops.length - 1] : [...loops].reverse().find((l) => l.name === name);
      return loop ? { value: loop.item } : undefined;
    },
    now: data.now ?? (() => new Date()),
    newGuid: data.newGuid ?? (() => globalThis.crypto.randomUUID()),
  };
}
