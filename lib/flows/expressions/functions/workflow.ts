import { FunctionError } from '../errors';
import { fromJson, isObject, type Value } from '../values';
import { define, type CallSite, type FunctionDef } from './registry';

/* The functions that read the run: trigger, action results, variables, parameters, loop items. */

function triggerOutputs(site: CallSite): Value {
  return fromJson(site.ctx.triggerOutputs());
}

function actionRecord(site: CallSite): { [key: string]: Value } {
  const name = site.arg.string(0);
  const action = site.ctx.action(name);
  if (!action) {
    throw new FunctionError(
      `The template language function '${site.name}' cannot read action '${name}': it does not exist or has not run yet.`,
    );
  }
  const record = fromJson(action);
  return isObject(record) ? { name, ...record } : { name };
}

const field = (record: Value, key: string): Value => (isObject(record) ? (record[key] ?? null) : null);

export const workflowFunctions: FunctionDef[] = [
  define('triggerOutputs', 0, 0, (_args, site) => triggerOutputs(site)),
  define('triggerBody', 0, 0, (_args, site) => field(triggerOutputs(site), 'body')),
  define('actions', 1, 1, (_args, site) => actionRecord(site)),
  define('outputs', 1, 1, (_args, site) => actionRecord(site).outputs ?? null),
  define('body', 1, 1, (_args, site) => field(actionRecord(site).outputs ?? null, 'body')),
  define('variables', 1, 1, (_args, site) => {
    const name = site.arg.string(0);
    const variable = site.ctx.variable(name);
    if (!variable) throw new FunctionError(`The variable '${name}' doesn't exist: an Initialize variable action must declare it first.`);
    return fromJson(variable.value);
  }),
  define('parameters', 1, 1, (_args, site) => {
    const name = site.arg.string(0);
    const parameter = site.ctx.parameter(name);
    if (!parameter) throw new FunctionError(`The workflow parameter '${name}' is not found.`);
    return fromJson(parameter.value);
  }),
  define('item', 0, 0, (_args, site) => {
    const item = site.ctx.loopItem(null);
    if (!item) throw new FunctionError("The template language function 'item' can only be used inside a 'Foreach' loop.");
    return fromJson(item.value);
  }),
  define('items', 1, 1, (_args, site) => {
    const name = site.arg.string(0);
    const item = site.ctx.loopItem(name);
    if (!item)
      throw new FunctionError(
        `The template language function 'items' needs the name of an enclosing 'Foreach' loop; '${name}' is not one.`,
      );
    return fromJson(item.value);
  }),
];
