import { collectionFunctions } from './collections';
import { conversionFunctions } from './conversion';
import { dateFunctions } from './dates';
import { logicFunctions } from './logic';
import { mathFunctions } from './math';
import type { FunctionDef } from './registry';
import { textFunctions } from './text';
import { workflowFunctions } from './workflow';

/* The functions Makerport runs (DESIGN.md §8), looked up case-insensitively as Logic Apps does. */

const ALL: FunctionDef[] = [
  ...workflowFunctions,
  ...textFunctions,
  ...collectionFunctions,
  ...logicFunctions,
  ...conversionFunctions,
  ...mathFunctions,
  ...dateFunctions,
];

const BY_NAME = new Map(ALL.map((f) => [f.name.toLowerCase(), f]));

/** The function of that name (any case), or undefined when the language subset doesn't have it. */
export function findFunction(name: string): FunctionDef | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** Canonical names of every supported function. */
export const SUPPORTED_FUNCTIONS: readonly string[] = ALL.map((f) => f.name);

export type { FunctionDef } from './registry';
