'use client';

import { useState, useTransition } from 'react';
import { downloadCheckAction } from '@/app/(portal)/environments/[environmentId]/connectors/actions';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose } from '@/components/ui/dialog';
import { downloadFrom } from '@/components/ui/download';
import { Notice } from '@/components/ui/notice';
import { toast } from '@/components/ui/toaster';
import { specFormatLabels } from '@/components/connectors/labels';

type Check = { specFormat: string; converted: boolean; losses: string[]; problems: string[] };

/**
 * `Download`: the Power Platform package, without leaving the page. A Swagger 2.0 connector
 * downloads at once; an OpenAPI 3 one first says that Power Platform reads Swagger 2.0 only, what the
 * conversion loses, and whether the package will import there at all.
 */
export function DownloadButton({ connectorId, href, fallbackName }: { connectorId: string; href: string; fallbackName: string }) {
  const [pending, startTransition] = useTransition();
  const [check, setCheck] = useState<Check | null>(null);
  const download = () => startTransition(() => downloadFrom(href, fallbackName));
  return (
    <>
      <Button
        variant="secondary"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await downloadCheckAction({ connectorId });
            if (!result.ok) {
              toast(result.message, 'error');
              return;
            }
            if (result.data.converted || result.data.problems.length > 0) setCheck(result.data);
            else await downloadFrom(href, fallbackName);
          })
        }
      >
        {pending ? 'Preparing…' : 'Download'}
      </Button>
      <Dialog
        open={check != null}
        onOpenChange={(open) => (open ? null : setCheck(null))}
        title="Download for Power Platform"
        description={`Power Platform reads Swagger 2.0 only. This connector is described in ${
          check ? (specFormatLabels[check.specFormat] ?? check.specFormat) : 'OpenAPI 3'
        }, so the package’s definition is converted.`}
        wide
      >
        {check ? (
          <div className="space-y-4 text-sm">
            {check.problems.length > 0 ? (
              <Notice tone="error" title="This package won’t import into Power Platform">
                <ul className="mt-1 list-disc pl-5">
                  {check.problems.map((p) => (
                    <li key={p}>{p}</li>
                  ))}
                </ul>
              </Notice>
            ) : null}
            {check.losses.length > 0 ? (
              <section aria-labelledby="conversion-losses">
                <h3 id="conversion-losses" className="font-medium">
                  What the conversion loses
                </h3>
                <ul className="mt-1 max-h-48 list-disc overflow-y-auto pl-5 text-slate-700">
                  {check.losses.map((l) => (
                    <li key={l}>{l}</li>
                  ))}
                </ul>
              </section>
            ) : (
              <p>Nothing this definition uses is lost in the conversion.</p>
            )}
            <p className="text-slate-600">The package’s README.md lists the same.</p>
            <div className="flex justify-end gap-2">
              <DialogClose asChild>
                <Button variant="secondary">Cancel</Button>
              </DialogClose>
              <Button
                onClick={() => {
                  setCheck(null);
                  download();
                }}
              >
                Download
              </Button>
            </div>
          </div>
        ) : null}
      </Dialog>
    </>
  );
}
