import 'server-only';
import pino from 'pino';

/**
 * The one logger. Secrets are redacted by key wherever they sit in a logged object, so a
 * careless `log.info({ input })` cannot leak a password, a token or a credential.
 */
export const log = pino({
  level: process.env.LOG_LEVEL || (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
  base: { app: 'makerport' },
  redact: {
    paths: [
      'password',
      '*.password',
      'passwordHash',
      '*.passwordHash',
      'secret',
      '*.secret',
      'token',
      '*.token',
      'accessToken',
      '*.accessToken',
      'refreshToken',
      '*.refreshToken',
      'clientSecret',
      '*.clientSecret',
      'credentials',
      '*.credentials',
      'values',
      '*.values',
      'authorization',
      '*.authorization',
      'cookie',
      '*.cookie',
      'headers.authorization',
      'headers.cookie',
    ],
    censor: '[redacted]',
  },
});

export type Logger = typeof log;
