import Link from 'next/link';

interface PagerLink {
  href: string;
  text: string;
}

/** Keyset pagination links: back to the start, and on to the next page (each shown only when it applies). */
export function Pager({ label, first, next }: { label: string; first?: PagerLink | null; next?: PagerLink | null }) {
  if (!first && !next) return null;
  return (
    <nav aria-label={label} className="mt-2 flex gap-4 text-sm">
      {first ? (
        <Link className="text-brand-700 hover:underline" href={first.href}>
          {first.text}
        </Link>
      ) : null}
      {next ? (
        <Link className="text-brand-700 hover:underline" href={next.href}>
          {next.text}
        </Link>
      ) : null}
    </nav>
  );
}
