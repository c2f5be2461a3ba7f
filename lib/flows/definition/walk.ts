import { pointerSegment } from './findings';
import { isRecord } from './read';

/*
 * Visits every action of a definition at every depth, with what validation and the run engine
 * need to know about its place: its JSON pointer, the map of its siblings (runAfter is resolved
 * among siblings), and the Foreach loops around it (what items('<name>') and item() can see).
 * Containers of types Makerport doesn't run (Switch, Until) are walked too, so everything
 * inside them is reported.
 */

export interface ActionVisit {
  name: string;
  /** The action as written (not validated). */
  action: Record<string, unknown>;
  pointer: string;
  /** The `actions` map the action belongs to, and its pointer. */
  siblings: Record<string, unknown>;
  siblingsPointer: string;
  /** Names of the enclosing Foreach actions, outermost first. */
  loops: string[];
}

/** The `actions` maps nested in an action, with their pointers (If's `else`, Switch's `cases` and `default` included). */
export function childScopes(action: Record<string, unknown>, pointer: string): { actions: Record<string, unknown>; pointer: string }[] {
  const scopes: { actions: Record<string, unknown>; pointer: string }[] = [];
  if (isRecord(action.actions)) scopes.push({ actions: action.actions, pointer: `${pointer}/actions` });
  if (isRecord(action.else) && isRecord(action.else.actions))
    scopes.push({ actions: action.else.actions, pointer: `${pointer}/else/actions` });
  if (isRecord(action.cases)) {
    for (const [key, branch] of Object.entries(action.cases)) {
      if (isRecord(branch) && isRecord(branch.actions))
        scopes.push({ actions: branch.actions, pointer: `${pointer}/cases/${pointerSegment(key)}/actions` });
    }
  }
  if (isRecord(action.default) && isRecord(action.default.actions))
    scopes.push({ actions: action.default.actions, pointer: `${pointer}/default/actions` });
  return scopes;
}

/** Calls `visit` for every action under an `actions` map, parents before children. */
export function walkActions(
  actions: Record<string, unknown>,
  pointer: string,
  visit: (v: ActionVisit) => void,
  loops: string[] = [],
): void {
  for (const [name, raw] of Object.entries(actions)) {
    const action = isRecord(raw) ? raw : {};
    const actionPointer = `${pointer}/${pointerSegment(name)}`;
    visit({ name, action, pointer: actionPointer, siblings: actions, siblingsPointer: pointer, loops });
    const inner = action.type === 'Foreach' ? [...loops, name] : loops;
    for (const scope of childScopes(action, actionPointer)) walkActions(scope.actions, scope.pointer, visit, inner);
  }
}

/** Every `actions` map of a definition (the top level and each container's), with its pointer. */
export function listScopes(actions: Record<string, unknown>, pointer: string): { actions: Record<string, unknown>; pointer: string }[] {
  const scopes = [{ actions, pointer }];
  walkActions(actions, pointer, (v) => scopes.push(...childScopes(v.action, v.pointer)));
  return scopes;
}
