import 'server-only';
import { notFound } from 'next/navigation';
import { AppError } from '@/lib/errors';

/** For pages: runs a lookup and turns NOT_FOUND into the 404 page (other errors go to the error page). */
export async function orNotFound<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof AppError && (error.code === 'NOT_FOUND' || error.code === 'FORBIDDEN')) notFound();
    throw error;
  }
}
