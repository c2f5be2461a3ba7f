/** One audit entry in words, for the admin center. Unknown shapes fall back to the raw action. */
export function describeAudit(entry: { action: string; before: unknown; after: unknown }): string {
  const before = (entry.before ?? {}) as Record<string, unknown>;
  const after = (entry.after ?? {}) as Record<string, unknown>;
  const level = (value: unknown) => String(value ?? '').replaceAll('_', ' ');
  switch (entry.action) {
    case 'connector.grant':
      return `Shared with ${after.principalName} (${level(after.level)})${after.isGuest ? ', a guest' : ''}`;
    case 'connector.grant_change':
      return `${after.principalName}: ${level(before.level)} → ${level(after.level)}`;
    case 'connector.revoke':
      return `Removed ${before.principalName ?? before.principalKind} (${level(before.level)})`;
    case 'connector.create':
      return `Created (${after.operations} operations)`;
    case 'connector.update':
      return 'Draft changed';
    case 'connector.release':
      return `Released v${after.version}`;
    case 'connector.delete':
      return `Deleted, with ${(before.connectionsDeleted as unknown[] | undefined)?.length ?? 0} connections`;
    case 'connector.share_environments':
      return `Shared v${after.version} as ${after.sourceKind} source with ${after.allEnvironments ? 'all environments' : `${(after.environmentIds as unknown[]).length} environment(s)`}`;
    case 'connector.unshare_environments':
      return 'Stopped sharing with other environments';
    case 'connector.install':
      return `Installed v${after.version} (${after.sourceKind} source)`;
    case 'connector.update_installed':
      return `Updated v${before.version} → v${after.version}`;
    case 'group.member_add':
      return `Added ${after.memberName ?? after.memberId}${after.memberKind === 'group' ? ' (group)' : ''}`;
    case 'group.member_remove':
      return `Removed a ${before.memberKind}`;
    case 'environment.role_set':
      return `${after.userName ?? after.userId} → ${level(after.role)}${after.reason ? ` (${after.reason})` : ''}`;
    case 'organization.seed':
      return 'Demo organization seeded';
    default:
      return entry.action;
  }
}
