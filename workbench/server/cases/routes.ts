/**
 * GET /cases?kind=transfers     CaseSummary[]: the 问题线索移交 cases the engine lets the user read (移交来件), newest first
 * GET /cases/:processInstanceId CaseDetail: documents, history and attachments; 404 when the engine does not let the user read it
 *
 * Every call goes to the engine as the logged-in user; the engine decides.
 */
import { Router } from 'express';
import { type WorkbenchContext, engineFor } from '../context.ts';
import { workbenchError } from '../errors.ts';
import { CASE_KINDS, isCaseKind } from './case-summary.ts';
import { caseDetail, caseList } from './service.ts';

export function caseRoutes(context: WorkbenchContext): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const kind = req.query['kind'];
    if (!isCaseKind(kind)) {
      throw workbenchError(400, 'unknown-case-kind', `没有这类案卷：${String(kind)}（可选 ${CASE_KINDS.join('、')}）`, `no such kind of case: ${String(kind)} (one of ${CASE_KINDS.join(', ')})`);
    }
    res.json(await caseList(engineFor(context, res), kind));
  });

  router.get('/:processInstanceId', async (req, res) => {
    res.json(await caseDetail(engineFor(context, res), req.params['processInstanceId'] as string));
  });

  return router;
}
