/**
 * Serves the built browser app (var/modeler-web/) at `/`. Everything the app
 * loads comes from this server, so the Content-Security-Policy allows only
 * 'self'; inline styles are allowed because bpmn-js and the properties panel
 * position their overlays with style attributes.
 */
import express, { type RequestHandler, Router } from 'express';

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

const securityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('Referrer-Policy', 'no-referrer');
  next();
};

export function webAppRoutes(bundleDir: string): Router {
  const router = Router();
  router.use(securityHeaders, express.static(bundleDir, { index: 'index.html', dotfiles: 'ignore', fallthrough: true }));
  return router;
}
