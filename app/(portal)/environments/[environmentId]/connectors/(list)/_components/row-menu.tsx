'use client';

import * as Menu from '@radix-ui/react-dropdown-menu';
import { useRouter } from 'next/navigation';
import { downloadFrom } from '@/components/ui/download';
import { paths } from '@/lib/paths';

const itemClass = 'cursor-pointer rounded px-3 py-1.5 text-sm text-slate-800 outline-none data-[highlighted]:bg-brand-50';

/** A row's actions, only those the viewer may take (the server said which). */
export function RowMenu({
  environmentId,
  connectorId,
  name,
  can,
}: {
  environmentId: string;
  connectorId: string;
  name: string;
  can: { edit: boolean; share: boolean; download: boolean; delete: boolean };
}) {
  const router = useRouter();
  if (!can.edit && !can.share && !can.download && !can.delete) return null;
  return (
    <Menu.Root modal={false}>
      <Menu.Trigger
        aria-label={`Actions for ${name}`}
        className="inline-flex size-8 items-center justify-center rounded-md text-slate-600 hover:bg-slate-100 data-[state=open]:bg-slate-100"
      >
        <svg aria-hidden viewBox="0 0 20 20" className="size-5" fill="currentColor">
          <path d="M10 3a1.5 1.5 0 110 3 1.5 1.5 0 010-3zm0 5.5a1.5 1.5 0 110 3 1.5 1.5 0 010-3zm0 5.5a1.5 1.5 0 110 3 1.5 1.5 0 010-3z" />
        </svg>
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content align="end" sideOffset={4} className="z-40 min-w-40 rounded-md bg-white p-1 shadow-lg ring-1 ring-slate-200">
          {can.edit ? (
            <Menu.Item className={itemClass} onSelect={() => router.push(paths.editConnector(environmentId, connectorId))}>
              Edit
            </Menu.Item>
          ) : null}
          {can.share ? (
            <Menu.Item className={itemClass} onSelect={() => router.push(paths.connector(environmentId, connectorId, 'share'))}>
              Share
            </Menu.Item>
          ) : null}
          {can.download ? (
            <Menu.Item className={itemClass} onSelect={() => void downloadFrom(paths.api.connectorDownload(connectorId), `${name}.zip`)}>
              Download
            </Menu.Item>
          ) : null}
          {can.delete ? (
            <Menu.Item
              className={`${itemClass} text-red-700 data-[highlighted]:bg-red-50`}
              onSelect={() => router.push(paths.connector(environmentId, connectorId, undefined, { confirm: 'delete' }))}
            >
              Delete
            </Menu.Item>
          ) : null}
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
