import { AppError } from '@/lib/errors';
import { ZipError, type ZipRefusal } from '@/lib/connectors/files';

/** Why a file was refused: the zip's own reasons, then the solution's. */
export type SolutionRefusal =
  | ZipRefusal
  | 'legacy-flow-package'
  | 'container'
  | 'not-a-solution'
  | 'malformed-xml'
  | 'xml-dtd'
  | 'malformed-json'
  | 'missing-file'
  | 'invalid-content';

/** An INVALID_INPUT refusal of a solution file; the message says what and where, the reason says which kind. */
export class SolutionFileError extends AppError {
  readonly reason: SolutionRefusal;
  constructor(reason: SolutionRefusal, message: string, options?: { cause?: unknown }) {
    super('INVALID_INPUT', message, options);
    this.name = 'SolutionFileError';
    this.reason = reason;
  }
}

/** The zip reader's refusals carry their reason over unchanged. */
export function fromZipError(error: unknown): unknown {
  return error instanceof ZipError ? new SolutionFileError(error.reason, error.message, { cause: error }) : error;
}
