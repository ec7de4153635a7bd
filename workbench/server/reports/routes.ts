/**
 * POST /reports {patrolId, source, content, reporterContact?, receivedAt?} → {correlated: true}
 *
 * Sent as the user, so the engine decides who may log a report (the 巡查组);
 * 404 when no patrol with that number is on site to receive it: the
 * patrol-entry process subscribes to the message only inside its report
 * window (entry date until the on-site period ends), so before entry and after
 * the window the engine finds no subscription (MismatchingMessageCorrelation).
 */
import { Router } from 'express';
import { MessageName } from '../../../workers/contract.ts';
import { toEngineVariables } from '../../../workers/engine/variables.ts';
import type { PatrolReportResult } from '../../api-types.ts';
import { type WorkbenchContext, engineFor } from '../context.ts';
import { fromEngineError, invalidFields } from '../errors.ts';
import { correlateReport } from './correlate.ts';
import { parsePatrolReport } from './report.ts';

export function reportRoutes(context: WorkbenchContext): Router {
  const router = Router();
  router.post('/', async (req, res) => {
    const check = parsePatrolReport(req.body, context.now());
    if (!check.ok) throw invalidFields(check.fields);
    const { patrolId, report } = check.value;
    try {
      await correlateReport(patrolId, () =>
        engineFor(context, res).request('POST', '/message', {
          messageName: MessageName.patrolReportReceived,
          correlationKeys: toEngineVariables({ patrolId }),
          processVariables: toEngineVariables({ report }),
          resultEnabled: true,
        }),
      );
    } catch (error) {
      throw fromEngineError(error);
    }
    const answer: PatrolReportResult = { correlated: true };
    res.status(201).json(answer);
  });
  return router;
}
