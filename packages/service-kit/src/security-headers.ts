import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Browser-hardening headers on every response, from helmet: nosniff, no referrer, no framing
 * (X-Frame-Options DENY and CSP frame-ancestors 'none': nothing here is meant to sit in a frame),
 * resources readable by the same origin only, and a Content-Security-Policy that Swagger UI at
 * /docs works under: its scripts and stylesheet come from 'self', its inline <style> is allowed
 * by style-src 'unsafe-inline', its icons are data: images, and "Try it out" calls the same origin.
 * The services speak plain HTTP, so HSTS and upgrade-insecure-requests are left to the TLS proxy
 * in front, if any: sent over plain HTTP, the latter would make browsers fetch /docs' assets over
 * an https:// that does not exist.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: { directives: { 'frame-ancestors': ["'none'"], 'upgrade-insecure-requests': null } },
    frameguard: { action: 'deny' },
    strictTransportSecurity: false,
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
}
