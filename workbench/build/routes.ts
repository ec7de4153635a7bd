/**
 * Serves the built workbench app (var/workbench-web/) where it is mounted
 * (`/tasks`), under the modeler's same-origin Content-Security-Policy
 * (modeler-ui/server/web/routes.ts).
 *
 * `/tasks` redirects to `/tasks/`: the page loads app.js and calls api/…
 * by relative URLs, which resolve below the mount point only with the slash.
 */
import { type RequestHandler, Router } from 'express';
import { webAppRoutes } from '../../modeler-ui/server/web/routes.ts';

const addTrailingSlash: RequestHandler = (req, res, next) => {
  const [pathname = '', query] = req.originalUrl.split('?', 2);
  if (req.path === '/' && !pathname.endsWith('/')) {
    res.redirect(302, `${pathname}/${query === undefined ? '' : `?${query}`}`);
    return;
  }
  next();
};

export function workbenchWebRoutes(bundleDir: string): Router {
  const router = Router();
  router.use(addTrailingSlash, webAppRoutes(bundleDir));
  return router;
}
