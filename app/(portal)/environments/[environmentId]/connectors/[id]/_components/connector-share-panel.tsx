'use client';

import {
  changeConnectorAccessAction,
  removeConnectorAccessAction,
  shareConnectorAction,
} from '@/app/(portal)/environments/[environmentId]/connectors/actions';
import { SharePanel, type SharePanelProps } from '@/components/sharing/share-panel';

type Level = 'can_view' | 'can_view_share' | 'can_edit';

/** The Share panel wired to the connector's server actions. */
export function ConnectorSharePanel({
  connectorId,
  ...props
}: Omit<SharePanelProps, 'onShare' | 'onChange' | 'onRemove'> & { connectorId: string }) {
  return (
    <SharePanel
      {...props}
      onShare={(input) => shareConnectorAction({ connectorId, ...input, level: input.level as Level })}
      onChange={(input) => changeConnectorAccessAction({ connectorId, ...input, level: input.level as Level })}
      onRemove={(input) => removeConnectorAccessAction({ connectorId, ...input })}
    />
  );
}
