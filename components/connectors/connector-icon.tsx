function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** White or near-black initials, whichever reads better on the maker's chosen colour. */
function textOn(background: string): string {
  const bg = luminance(background);
  const onWhite = 1.05 / (bg + 0.05);
  const onDark = (bg + 0.05) / (luminance('#000000') + 0.05);
  return onWhite >= onDark ? '#ffffff' : '#000000';
}

/** The connector's icon on its brand colour; its initials when it has no icon. */
export function ConnectorIcon({
  id,
  name,
  color,
  hasIcon,
  size = 36,
}: {
  id: string;
  name: string;
  color: string;
  hasIcon: boolean;
  size?: number;
}) {
  const initials = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('');
  const background = /^#[0-9a-f]{6}$/i.test(color) ? color : '#007ee5';
  return (
    <span
      aria-hidden
      className="inline-flex shrink-0 items-center justify-center overflow-hidden rounded-md text-xs font-semibold"
      style={{ backgroundColor: background, color: textOn(background), width: size, height: size }}
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
