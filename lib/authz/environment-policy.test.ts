import { describe, expect, it } from 'vitest';
import { decideEnvironment, environmentActions, environmentActionsDeniedToGuests, type EnvironmentAction, type RoleName } from './policy';

/*
 * The environment policy of DESIGN.md §1, tested from the policy table: every action × every role
 * × organization admin or not × member or guest. The table says which roles allow an action and
 * which actions a guest never has; organization admins may do everything a member may.
 */

const ROLES: RoleName[] = ['environment_admin', 'environment_maker', 'basic_user', 'none'];
const ACTIONS = Object.keys(environmentActions) as EnvironmentAction[];

function expected(action: EnvironmentAction, role: RoleName, isOrgAdmin: boolean, kind: 'member' | 'guest'): boolean {
  if (kind === 'guest' && environmentActionsDeniedToGuests.includes(action)) return false;
  if (isOrgAdmin) return true;
  return (environmentActions[action] as readonly string[]).includes(role);
}

describe('environment access policy (generated from the table)', () => {
  for (const action of ACTIONS) {
    for (const role of ROLES) {
      for (const isOrgAdmin of [false, true]) {
        for (const kind of ['member', 'guest'] as const) {
          const want = expected(action, role, isOrgAdmin, kind);
          it(`${action}: ${kind} ${role}${isOrgAdmin ? ' (organization admin)' : ''} → ${want ? 'allowed' : 'denied'}`, () => {
            expect(decideEnvironment(action, role, isOrgAdmin, kind)).toBe(want);
          });
        }
      }
    }
  }

  it('holds what DESIGN.md §1 says in words', () => {
    // Only Environment Makers and Admins bring people into the default environment by sharing; never a Basic User or a guest.
    expect(decideEnvironment('environment:add-makers-by-sharing', 'basic_user', false, 'member')).toBe(false);
    expect(decideEnvironment('environment:add-makers-by-sharing', 'environment_maker', false, 'guest')).toBe(false);
    expect(decideEnvironment('environment:add-makers-by-sharing', 'environment_maker', false, 'member')).toBe(true);
    // Everyone with a role works in the environment; nobody without one does.
    expect(decideEnvironment('environment:view', 'basic_user', false, 'guest')).toBe(true);
    expect(decideEnvironment('environment:view', 'none', false, 'member')).toBe(false);
    expect(decideEnvironment('environment:unknown', 'environment_admin', true, 'member')).toBe(false);
  });
});
