import { TabulaError } from './tabula-error.js';

// Cluster mode's registry database (DATABASE_URL). These messages reach clients while the database is down, so they
// name host:port (what an operator needs to find the server) and never the URL itself, which may carry a password.

/**
 * 503: the database at `hostPort` does not answer (refused, unresolvable host, timed out, or the connection dropped).
 * `reason` is the driver's errno or a short phrase ("ECONNREFUSED"), never its message, which may quote the URL.
 */
export const registryUnavailable = (hostPort: string, reason: string, cause?: unknown) =>
  new TabulaError('REGISTRY_UNAVAILABLE', `The model registry database at ${hostPort} cannot be reached (${reason}).`, {
    hint: 'Check that PostgreSQL is running and that DATABASE_URL names its host and port; the request can be retried once it answers.',
    cause,
  });

/** 503: the database at `hostPort` answered but refused the user (a wrong password, or a user it does not know). */
export const registryAuthRefused = (hostPort: string, user: string, cause?: unknown) =>
  new TabulaError('REGISTRY_UNAVAILABLE', `The model registry database at ${hostPort} refused the credentials of user "${user}".`, {
    hint: 'Check the user and password in DATABASE_URL (the password is never logged), then restart the service.',
    cause,
  });
