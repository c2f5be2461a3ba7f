import type { ErrorPosition } from '../expressions';

/*
 * What the validator says about a definition: plain data, each finding at a JSON pointer into the
 * document it was given. Any finding means the flow cannot be turned on or run; whether it may be
 * saved is the caller's decision.
 */

export const FINDING_CODES = [
  /** The document is not a flow definition at all (no definition, triggers or actions objects). */
  'invalid-document',
  /** Not exactly one trigger. */
  'trigger-count',
  'unsupported-trigger',
  /** A trigger input type the run dialog can't ask for (a file, for example). */
  'unsupported-trigger-input',
  /** A recurrence Makerport doesn't schedule (a frequency other than Minute/Hour/Day/Week, a `schedule`). */
  'unsupported-recurrence',
  /** A supported trigger with a malformed shape. */
  'invalid-trigger',
  'unsupported-action',
  /** A supported action with a malformed shape (a missing `inputs.name`, …). */
  'invalid-action',
  'run-after-missing',
  'run-after-cycle',
  'unsupported-run-after-status',
  'invalid-connection-reference',
  /** `host.connectionName` names no key of `connectionReferences`. */
  'unknown-connection',
  /** The slot's connector doesn't exist in the environment. */
  'unknown-connector',
  /** The connector has no operation with that id. */
  'unknown-operation',
  'expression-syntax',
  'unknown-function',
  'function-arity',
  /** body('X'), outputs('X') or actions('X') names no action of the flow. */
  'unknown-action-reference',
  /** variables('x') (or a variable action) names no initialized variable. */
  'unknown-variable',
  /** parameters('x') names no parameter of the definition. */
  'unknown-parameter',
  /** items('X') names no enclosing Foreach, or item() is used outside one. */
  'unknown-loop',
  /** An If condition object that is not a condition. */
  'invalid-condition',
] as const;

export type FindingCode = (typeof FINDING_CODES)[number];

export interface Finding {
  /** JSON pointer (RFC 6901) into the validated document. */
  pointer: string;
  code: FindingCode;
  /** A plain sentence for the maker. */
  message: string;
  /** The unsupported or unknown thing itself (action type, `Request/PowerApp`, function name, connector, …), for grouping. */
  subject?: string;
  /** For expression findings: where inside the string value at `pointer`. */
  position?: ErrorPosition;
}

export { pointerSegment } from '../expressions';
