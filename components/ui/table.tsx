import type { ComponentProps, ReactNode } from 'react';
import { cn } from './cn';

/**
 * A data table in a card. `caption` is the table's accessible name (visually hidden unless
 * `showCaption`); columns may be plain labels or nodes (an empty header gets a hidden label).
 */
export function Table({
  caption,
  columns,
  children,
  className,
}: {
  caption: string;
  columns: (string | { label: string; hidden?: boolean })[];
  children: ReactNode;
  className?: string;
}) {
  return (
    // Wide tables scroll in their own box (a shadow shows there is more); the box is focusable so
    // keyboard users can scroll it too.
    <div
      role="region"
      aria-label={caption}
      tabIndex={0}
      className={cn('scroll-shadows relative overflow-x-auto rounded-lg shadow-sm ring-1 ring-slate-200', className)}
    >
      <table className="min-w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-slate-200 text-xs uppercase text-slate-500">
          <tr>
            {columns.map((column) => {
              const { label, hidden } = typeof column === 'string' ? { label: column, hidden: false } : column;
              return (
                <th key={label} scope="col" className="px-4 py-2 font-medium">
                  {hidden ? <span className="sr-only">{label}</span> : label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 align-top">{children}</tbody>
      </table>
    </div>
  );
}

/** A body cell with the table's padding. */
export function Td({ className, ...props }: ComponentProps<'td'>) {
  return <td className={cn('px-4 py-2', className)} {...props} />;
}
