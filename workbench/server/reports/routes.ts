/**
 * POST /reports {patrolId, source, content, reporterContact?, receivedAt?} → {correlated: true}
 *
 * Sent as the user, so the engine decides who may log a report (the 巡查组);
 * 404 when no patrol with that number is on site to receive it.
 */
import { Router } from 'express';
import { MessageName } from '../../../workers/contract.ts';
import { EngineRestError } from '../../../workers/engine/rest-client.ts';
import { toEngineVariables } from '../../../workers/engine/variables.ts';
import type { PatrolReportResult } from '../../api-types.ts';
import { type WorkbenchContext, engineFor } from '../context.ts';
import { fromEngineError, invalidFields, workbenchError } from '../errors.ts';
import { parsePatrolReport } from './report.ts';

export function reportRoutes(context: WorkbenchContext): Router {
  const router = Router();
  router.post('/', async (req, res) => {
    const check = parsePatrolReport(req.body, context.now());
    if (!check.ok) throw invalidFields(check.fields);
    const { patrolId, report } = check.value;
    try {
      await engineFor(context, res).request('POST', '/message', {
        messageName: MessageName.patrolReportReceived,
        correlationKeys: toEngineVariables({ patrolId }),
        processVariables: toEngineVariables({ report }),
        resultEnabled: true,
      });
    } catch (error) {
      if (error instanceof EngineRestError && error.status === 400 && /MismatchingMessageCorrelation/.test(`${error.type ?? ''} ${error.message}`)) {
        throw workbenchError(
          404,
          'no-patrol-on-site',
          `没有正在现场巡查、巡查编号为“${patrolId}”的巡查（巡查组进驻期间才能登记举报）`,
          `no patrol numbered "${patrolId}" is on site (reports are logged while the team is on site)`,
        );
      }
      throw fromEngineError(error);
    }
    const answer: PatrolReportResult = { correlated: true };
    res.status(201).json(answer);
  });
  return router;
}
