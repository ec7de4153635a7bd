/**
 * GET /api/element-templates → {templates}: the element templates of the
 * project's workers, which the browser app loads into the modeler.
 */
import { Router } from 'express';
import type { ElementTemplate } from './templates.ts';

export function elementTemplateRoutes(templates: readonly ElementTemplate[]): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.json({ templates });
  });
  return router;
}
