import 'server-only';
import { log, type Logger } from '@/lib/log';
import { describeOutboundPolicy, outboundPolicyFromEnv } from './policy';

export { OutboundConfigError, OutboundError, type OutboundErrorKind } from './errors';
export { outboundDefaults, outboundFetch, type OutboundRequest, type OutboundResponse } from './fetch';
export { checkTarget, systemResolver, type CheckTargetOptions, type ResolvedAddress, type Resolver } from './target';
export {
  checkAddress,
  classifyAddress,
  describeOutboundPolicy,
  outboundPolicyFromEnv,
  parseAllowList,
  type AddressCategory,
  type OutboundPolicy,
} from './policy';

/**
 * For the start-up code: reads `MAKERPORT_OUTBOUND_ALLOW` (throws OutboundConfigError on an entry
 * it can't read, so a typo stops the server instead of silently refusing or allowing) and says in
 * the log what outbound calls may reach — a warning in development, where private addresses are open.
 */
export function announceOutboundPolicy(logger: Pick<Logger, 'info' | 'warn'> = log, env: NodeJS.ProcessEnv = process.env): void {
  const policy = outboundPolicyFromEnv(env);
  const message = describeOutboundPolicy(policy);
  if (policy.allowPrivate) logger.warn(message);
  else logger.info(message);
}
