/** The connector's icon on its brand colour; its initials when it has no icon. */
export function ConnectorIcon({ id, name, color, hasIcon, size = 36 }: { id: string; name: string; color: string; hasIcon: boolean; size?: number }) {
  const initials = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('');
  return (
    <span
      aria-hidden
      className="inline-flex shrink-0 items-center justify-center overflow-hidden rounded-md text-xs font-semibold text-white"
      style={{ backgroundColor: /^#[0-9a-f]{6}$/i.test(color) ? color : '#007ee5', width: size, height: size }}
    >
      {hasIcon ? (
        // eslint-disable-next-line @next/next/no-img-element
        <img src={`/api/connectors/${id}/icon`} alt="" width={size} height={size} className="size-full object-contain" />
      ) : (
        initials || '?'
      )}
    </span>
  );
}
