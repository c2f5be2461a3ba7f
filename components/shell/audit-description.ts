import * as policy from '@/lib/authz/policy';

/*
 * The audit log in the product's words: "Can view + share", "Environment Maker", "Access changed",
 * never stored codes such as `can_view_share` or `connector.grant_change`.
 */

const actionLabels: Record<string, string> = {
  'organization.seed': 'Organization created',
  'group.create': 'Group created',
  'group.member_add': 'Member added',
  'group.member_remove': 'Member removed',
  'environment.role_set': 'Role given',
  'environment.role_remove': 'Role removed',
  'organization.admin_add': 'Admin added',
  'organization.admin_remove': 'Admin removed',
  'user.deactivate': 'Person deactivated',
  'user.reactivate': 'Person reactivated',
  'connector.create': 'Connector created',
  'connector.update': 'Draft changed',
  'connector.release': 'Version released',
  'connector.delete': 'Connector deleted',
  'connector.grant': 'Access given',
  'connector.grant_change': 'Access changed',
  'connector.revoke': 'Access removed',
  'connector.share_environments': 'Shared with environments',
  'connector.unshare_environments': 'Stopped sharing with environments',
  'connector.install': 'Connector installed',
  'connector.update_installed': 'Installed copy updated',
};

const kindLabels: Record<string, string> = {
  connector: 'Connector',
  connection: 'Connection',
  flow: 'Flow',
  solution: 'Solution',
  environment: 'Environment',
  group: 'Group',
  user: 'Person',
  organization: 'Organization',
};

const humanize = (code: string) => {
  const words = code.replace(/[._]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** What happened, in words (e.g. "Access changed"). */
export function auditActionLabel(action: string): string {
  return actionLabels[action] ?? humanize(action.split('.').slice(1).join(' ') || action);
}

/** The kind of thing an entry changed, in words. */
export function auditTargetKindLabel(kind: string): string {
  return kindLabels[kind] ?? humanize(kind);
}

/** A stored level (`can_view_share`) as the Share panel says it ("Can view + share"), whatever the resource kind. */
export function levelLabel(targetKind: string, value: unknown): string {
  const name = String(value ?? '');
  const labels = (policy.levelLabels as Record<string, Record<string, string>>)[targetKind];
  if (labels?.[name]) return labels[name];
  for (const kindLabels of Object.values(policy.levelLabels as Record<string, Record<string, string>>)) {
    if (kindLabels[name]) return kindLabels[name];
  }
  return humanize(name);
}

const roleLabel = (value: unknown) => policy.roleLabels[value as keyof typeof policy.roleLabels] ?? humanize(String(value ?? ''));
const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** One audit entry's change in a sentence. */
export function describeAudit(entry: { action: string; targetKind: string; before: unknown; after: unknown }): string {
  const before = (entry.before ?? {}) as Record<string, unknown>;
  const after = (entry.after ?? {}) as Record<string, unknown>;
  const level = (value: unknown) => levelLabel(entry.targetKind, value);
  switch (entry.action) {
    case 'connector.grant':
      return `${after.principalName} was given ${level(after.level)}${after.isGuest ? ' (a guest)' : ''}`;
    case 'connector.grant_change':
      return `${after.principalName}: ${level(before.level)} → ${level(after.level)}${after.reason ? ` (${after.reason})` : ''}`;
    case 'connector.revoke':
      return `${before.principalName ?? 'Someone'} no longer has ${level(before.level)}`;
    case 'connector.create':
      return `Created with ${count(Number(after.operations ?? 0), 'operation')}`;
    case 'connector.update':
      return 'The draft definition changed';
    case 'connector.release':
      return `Released v${after.version}`;
    case 'connector.delete':
      return `Deleted, with ${count(((before.connectionsDeleted as unknown[] | undefined) ?? []).length, 'connection')}`;
    case 'connector.share_environments':
      return `v${after.version} shared as ${after.sourceKind === 'closed' ? 'closed' : 'open'} source with ${
        after.allEnvironments ? 'all environments' : count(((after.environmentIds as unknown[] | undefined) ?? []).length, 'environment')
      }`;
    case 'connector.unshare_environments':
      return 'No longer shared with other environments';
    case 'connector.install':
      return `Installed v${after.version} as ${after.sourceKind === 'closed' ? 'closed' : 'open'} source`;
    case 'connector.update_installed':
      return `Updated from v${before.version} to v${after.version}`;
    case 'group.member_add':
      return `${after.memberName ?? 'A member'}${after.memberKind === 'group' ? ' (a group)' : ''} joined`;
    case 'group.member_remove':
      return `${before.memberName ?? `A ${before.memberKind === 'group' ? 'group' : 'person'}`} left`;
    case 'environment.role_set':
      return `${after.userName ?? 'Someone'} became ${roleLabel(after.role)}${after.reason ? ` (${after.reason})` : ''}`;
    case 'environment.role_remove':
      return `${before.userName ?? 'Someone'} is no longer ${roleLabel(before.role)}`;
    case 'organization.seed':
      return 'The demo organization was set up';
    default:
      return auditActionLabel(entry.action);
  }
}
