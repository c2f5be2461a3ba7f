// GET|POST /api/auth/* — Auth.js endpoints (session, sign-out, OIDC redirects and callbacks).
import { handlers } from '@/auth';

export const { GET, POST } = handlers;
