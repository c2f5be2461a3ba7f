import 'server-only';

/** Where mail goes out, from `SMTP_URL` and `MAIL_FROM`; null when SMTP isn't configured. */
export interface MailConfig {
  /** `smtp://user:pass@host:587` or `smtps://…:465`: holds the password, so never logged. */
  smtpUrl: string;
  /** The From header, e.g. `Makerport <noreply@example.com>`. */
  from: string;
  /** The domain of the From address: Message-IDs are `<outbox id@domain>`. */
  fromDomain: string;
}

const DEFAULT_FROM = 'Makerport <noreply@localhost>';

/** Reads the mail settings; null when `SMTP_URL` is unset (mail then stays in the outbox, "not sent"). Throws on a malformed value. */
export function mailConfig(env: Readonly<Record<string, string | undefined>> = process.env): MailConfig | null {
  const smtpUrl = env.SMTP_URL?.trim();
  if (!smtpUrl) return null;
  let protocol: string;
  try {
    protocol = new URL(smtpUrl).protocol;
  } catch {
    throw new Error('SMTP_URL is not a URL: expected smtp://user:password@host:587 or smtps://…');
  }
  if (protocol !== 'smtp:' && protocol !== 'smtps:') throw new Error('SMTP_URL must start with smtp:// or smtps://');
  const from = env.MAIL_FROM?.trim() || DEFAULT_FROM;
  const address = /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from;
  const fromDomain = address.split('@')[1]?.trim();
  if (!fromDomain || /[\s<>]/.test(fromDomain)) throw new Error('MAIL_FROM must be an address, e.g. "Makerport <noreply@example.com>"');
  return { smtpUrl, from, fromDomain };
}
