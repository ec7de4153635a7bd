/**
 * GET  /processes                 StartableProcess[] (also in the SessionInfo)
 * GET  /processes/:key/start-form StartForm
 * POST /processes/:key/start      {variables, businessKey?} → {processInstanceId, businessKey}
 *
 * Only the procedures staff start by hand (startable.ts); whether this user
 * may start one is the engine's answer to the start itself.
 */
import { Router } from 'express';
import type { StartForm, StartProcessResult } from '../../api-types.ts';
import { toEngineVariables } from '../../../workers/engine/variables.ts';
import { type WorkbenchContext, engineFor } from '../context.ts';
import type { EngineProcessDefinition, EngineStartFormInfo } from '../engine-types.ts';
import { segment, unlessRefused } from '../engine.ts';
import { fromEngineError, invalidFields, workbenchError } from '../errors.ts';
import { hasForm, isStartableProcedure, startableProcesses } from './startable.ts';

const PROCEDURE: readonly [string, string] = ['流程', 'the procedure'];
const MAX_BUSINESS_KEY_LENGTH = 255;

function procedureKey(raw: string | undefined): string {
  const key = raw ?? '';
  if (!isStartableProcedure(key)) {
    throw workbenchError(404, 'not-startable', `没有可在工作台发起的流程“${key}”`, `no procedure "${key}" can be started from the workbench`);
  }
  return key;
}

export function processRoutes(context: WorkbenchContext): Router {
  const router = Router();

  router.get('/', async (_req, res) => {
    res.json(await startableProcesses(engineFor(context, res), context.startForms));
  });

  router.get('/:key/start-form', async (req, res) => {
    const key = procedureKey(req.params['key']);
    const client = engineFor(context, res);
    const base = `/process-definition/key/${segment(key)}`;
    let definition: EngineProcessDefinition;
    let info: EngineStartFormInfo | undefined;
    try {
      definition = await client.request<EngineProcessDefinition>('GET', base);
      info = await unlessRefused(client.request<EngineStartFormInfo>('GET', `${base}/startForm`), undefined, [400, 404]);
    } catch (error) {
      throw fromEngineError(error, { what: PROCEDURE, forbiddenAsNotFound: true });
    }
    let formSchema: unknown | null = null;
    if (hasForm(info)) {
      // The engine answers 400 or 404 for a definition without a deployed start form.
      const form = await unlessRefused(client.request<unknown>('GET', `${base}/deployed-start-form`), null, [400, 404]);
      formSchema = typeof form === 'string' ? (JSON.parse(form) as unknown) : form;
    }
    const answer: StartForm = { key, name: definition.name ?? key, formSchema };
    res.json(answer);
  });

  router.post('/:key/start', async (req, res) => {
    const key = procedureKey(req.params['key']);
    const body = (req.body ?? {}) as { variables?: unknown; businessKey?: unknown };
    const variables = body.variables ?? {};
    if (variables === null || typeof variables !== 'object' || Array.isArray(variables)) {
      throw invalidFields([{ field: 'variables', zh: '请以对象形式提交表单数据（variables）', en: 'send the form data as an object (variables)' }]);
    }
    const businessKey = typeof body.businessKey === 'string' && body.businessKey.trim() ? body.businessKey.trim() : undefined;
    if (body.businessKey !== undefined && body.businessKey !== null && (typeof body.businessKey !== 'string' || (businessKey?.length ?? 0) > MAX_BUSINESS_KEY_LENGTH)) {
      throw invalidFields([
        { field: 'businessKey', zh: `业务编号应为不超过 ${MAX_BUSINESS_KEY_LENGTH} 个字符的文字`, en: `the business key must be text of at most ${MAX_BUSINESS_KEY_LENGTH} characters` },
      ]);
    }
    try {
      const started = await engineFor(context, res).request<{ id: string; businessKey: string | null }>(
        'POST',
        `/process-definition/key/${segment(key)}/start`,
        { variables: toEngineVariables(variables as Record<string, unknown>), ...(businessKey ? { businessKey } : {}) },
      );
      const answer: StartProcessResult = { processInstanceId: started.id, businessKey: started.businessKey ?? null };
      res.status(201).json(answer);
    } catch (error) {
      throw fromEngineError(error, { what: PROCEDURE });
    }
  });

  return router;
}
