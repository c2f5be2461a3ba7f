import { db } from '@/db/client';
import { grantableLevelsFor, policy, shareRowPermissions, type Actor, type Loaded } from '@/lib/authz';
import { listAccess } from '@/lib/sharing/grants';
import { ConnectorSharePanel } from './connector-share-panel';

/**
 * The Share tab: one query for who has access (the access decision was the page's one query).
 * What each row allows, and what may be granted, is decided here through lib/authz, so the panel
 * compares no levels.
 */
export async function SharePanelSection({ actor, connector }: { actor: Actor; connector: Loaded<'connector'> }) {
  const rows = await listAccess(db, actor, 'connector', connector.id);
  const labels = policy.levelLabels.connector;
  const level = (value: policy.ConnectorLevel) => ({ value, label: labels[value] });
  return (
    <ConnectorSharePanel
      connectorId={connector.id}
      resourceLabel="this connector"
      canShare={connector.access.grantable != null}
      addLevels={{
        people: grantableLevelsFor('connector', connector.access, 'user').map(level),
        everyone: grantableLevelsFor('connector', connector.access, 'everyone').map(level),
      }}
      legend={policy.shareableLevels.connector.map((value) => ({ label: labels[value], help: policy.levelHelp.connector[value] }))}
      rows={rows.map((r) => {
        const allowed = shareRowPermissions('connector', connector.access, r);
        return {
          principalKind: r.principalKind,
          principalId: r.principalId,
          name: r.name,
          detail: r.detail,
          isGuest: r.isGuest,
          isDeactivated: r.isDeactivated,
          isOwner: r.isOwner,
          isYou: r.principalKind === 'user' && r.principalId === actor.userId,
          level: level(r.levelName as policy.ConnectorLevel),
          canChange: allowed.canChange,
          canRemove: allowed.canRemove,
          offered: allowed.offered.map(level),
        };
      })}
    />
  );
}
