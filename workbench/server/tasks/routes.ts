/**
 * GET  /tasks?list=<TaskListName>       TaskSummary[] by due date (nulls last)
 * GET  /completed                       CompletedTaskSummary[] (已办, newest first)
 * GET  /tasks/:id                       TaskDetail; 404 when the engine does not let the user see it
 * POST /tasks/:id/claim, /unclaim       TaskSummary
 * POST /tasks/:id/complete              {variables} → 204; 400 with fields (also when a required attachment is missing)
 * POST /tasks/:id/comments              {message} → TaskComment
 * POST /tasks/:id/attachments           {name, contentType, contentBase64, description?, kind?} → TaskAttachment
 *
 * Every call goes to the engine as the logged-in user; the engine decides.
 */
import { Router } from 'express';
import type { EngineRestClient } from '../../../workers/engine/rest-client.ts';
import { toEngineVariables } from '../../../workers/engine/variables.ts';
import { ATTACHMENT_KINDS } from '../../../workers/contract.ts';
import type { FieldError } from '../../api-types.ts';
import { checkAttachment } from '../attachments/checks.ts';
import { type WorkbenchContext, engineFor, userIdOf } from '../context.ts';
import type { EngineAttachment, EngineComment } from '../engine-types.ts';
import { retryOnConcurrentUpdate } from '../concurrent-update.ts';
import { fromEngineError, invalidFields, workbenchError } from '../errors.ts';
import { formFieldNames, validateFormValues } from '../forms/validate.ts';
import { isTaskListName, listsFor } from './queries.ts';
import { attachmentView, taskPath } from '../cases/case-file.ts';
import { TASK, commentView, completedTasks, missingAttachments, readTask, summarise, taskDetail, taskForm, taskList, taskVariables } from './service.ts';

/** The engine keeps a comment's full text; past this it is a document, which belongs in an attachment. */
const MAX_COMMENT_LENGTH = 4000;
/** The engine's attachment description column. */
const MAX_ATTACHMENT_DESCRIPTION_LENGTH = 4000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Engine errors of an action on one task, in the workbench's words. */
async function onTask<T>(action: Promise<T>): Promise<T> {
  try {
    return await action;
  } catch (error) {
    throw fromEngineError(error, { what: TASK });
  }
}

async function summaryOf(context: WorkbenchContext, client: EngineRestClient, taskId: string) {
  const task = await readTask(client, taskId);
  const [summary] = await summarise(context, client, [task], context.now());
  return summary!;
}

export function taskRoutes(context: WorkbenchContext): Router {
  const router = Router();

  router.get('/tasks', async (req, res) => {
    const list = req.query['list'] ?? 'mine';
    if (!isTaskListName(list)) {
      throw workbenchError(400, 'unknown-list', `没有这个待办列表：${String(list)}`, `no such task list: ${String(list)}`);
    }
    const userId = userIdOf(res);
    const client = engineFor(context, res);
    if (list === 'all-open') {
      // Offered to 安委办 only; what it holds is still what the engine lets them read.
      const groups = await client.request<{ groups: { id: string }[] }>('GET', '/identity/groups', undefined, { query: { userId } });
      if (!listsFor(groups.groups.map((group) => group.id)).includes('all-open')) {
        throw workbenchError(403, 'list-not-offered', '“全部在办”仅对安委办开放', 'the list of all open tasks is for the 安委办 only');
      }
    }
    res.json(await taskList(context, client, userId, list));
  });

  router.get('/completed', async (_req, res) => {
    res.json(await completedTasks(engineFor(context, res), userIdOf(res)));
  });

  router.get('/tasks/:id', async (req, res) => {
    res.json(await taskDetail(context, engineFor(context, res), req.params['id'] as string));
  });

  router.post('/tasks/:id/claim', async (req, res) => {
    const client = engineFor(context, res);
    const taskId = req.params['id'] as string;
    await onTask(client.request('POST', `${taskPath(taskId)}/claim`, { userId: userIdOf(res) }));
    res.json(await summaryOf(context, client, taskId));
  });

  router.post('/tasks/:id/unclaim', async (req, res) => {
    const client = engineFor(context, res);
    const taskId = req.params['id'] as string;
    await onTask(client.request('POST', `${taskPath(taskId)}/unclaim`));
    res.json(await summaryOf(context, client, taskId));
  });

  router.post('/tasks/:id/complete', async (req, res) => {
    const client = engineFor(context, res);
    const taskId = req.params['id'] as string;
    const body: unknown = req.body;
    const variables = isRecord(body) ? body['variables'] : undefined;
    if (!isRecord(variables)) {
      throw invalidFields([{ field: 'variables', zh: '请以对象形式提交表单数据（variables）', en: 'send the form data as an object (variables)' }]);
    }
    const task = await readTask(client, taskId);
    const schema = await taskForm(client, task);
    if (schema !== null) {
      // The rules apply to what the task will hold: earlier values the form showed, overridden by what is sent.
      const names = formFieldNames(schema);
      const current = names.length > 0 ? await taskVariables(client, task.id) : {};
      const problems: FieldError[] = validateFormValues(schema, { ...current, ...variables });
      if (problems.length > 0) throw invalidFields(problems);
    }
    const missing = await missingAttachments(context, client, task);
    if (missing.length > 0) {
      // The engine refuses too (RequiredAttachmentsPlugin), but as a server error; this says which documents, before the form is lost.
      throw invalidFields([
        {
          field: 'attachments',
          zh: `请先上传附件：${missing.join('、')}（上传时选择附件种类）`,
          en: `attach the required documents first: ${missing.join(', ')} (choose the kind when uploading)`,
        },
      ]);
    }
    let typed;
    try {
      typed = toEngineVariables(variables);
    } catch (error) {
      throw fromEngineError(error);
    }
    await onTask(retryOnConcurrentUpdate(() => client.request('POST', `${taskPath(task.id)}/complete`, { variables: typed })));
    res.status(204).end();
  });

  router.post('/tasks/:id/comments', async (req, res) => {
    const client = engineFor(context, res);
    const taskId = req.params['id'] as string;
    const message = isRecord(req.body) && typeof req.body['message'] === 'string' ? req.body['message'].trim() : '';
    if (!message || message.length > MAX_COMMENT_LENGTH) {
      throw invalidFields([
        { field: 'message', zh: `请填写意见，不超过 ${MAX_COMMENT_LENGTH} 个字符`, en: `enter a comment of at most ${MAX_COMMENT_LENGTH} characters` },
      ]);
    }
    const task = await readTask(client, taskId);
    // With the instance named, the comment belongs to the case too, and the next roles read it (e.g. a rejection's reason at the loop-back).
    const comment = await onTask(
      client.request<EngineComment>('POST', `${taskPath(task.id)}/comment/create`, {
        message,
        ...(task.processInstanceId ? { processInstanceId: task.processInstanceId } : {}),
      }),
    );
    res.status(201).json(commentView(comment));
  });

  router.post('/tasks/:id/attachments', async (req, res) => {
    const client = engineFor(context, res);
    const taskId = req.params['id'] as string;
    const check = checkAttachment(req.body, context.maxAttachmentBytes);
    if (!check.ok) {
      if (check.status === 413) {
        const [problem] = check.fields.filter((field) => field.field === 'contentBase64');
        throw workbenchError(413, 'attachment-too-large', problem?.zh ?? '文件过大', problem?.en ?? 'the file is too large', { fields: check.fields });
      }
      throw invalidFields(check.fields);
    }
    const { attachment } = check;
    const kind = isRecord(req.body) ? req.body['kind'] : undefined;
    if (kind !== undefined && kind !== null && kind !== '' && !(typeof kind === 'string' && (ATTACHMENT_KINDS as readonly string[]).includes(kind))) {
      throw invalidFields([
        {
          field: 'kind',
          zh: `附件种类应为：${ATTACHMENT_KINDS.join('、')}`,
          en: `the attachment kind must be one of: ${ATTACHMENT_KINDS.join(', ')}`,
        },
      ]);
    }
    // The engine's attachment has no field of its own for the kind: the description carries it as 【kind】, which the engine's check reads.
    const description = typeof kind === 'string' && kind ? `【${kind}】${attachment.description ? ` ${attachment.description}` : ''}` : attachment.description;
    if (description && description.length > MAX_ATTACHMENT_DESCRIPTION_LENGTH) {
      throw invalidFields([
        {
          field: 'description',
          zh: `说明连同材料种类不超过 ${MAX_ATTACHMENT_DESCRIPTION_LENGTH} 个字符`,
          en: `the description with its kind must be at most ${MAX_ATTACHMENT_DESCRIPTION_LENGTH} characters`,
        },
      ]);
    }
    const form = new FormData();
    form.append('attachment-name', attachment.name);
    if (description) form.append('attachment-description', description);
    form.append('attachment-type', attachment.contentType);
    form.append('content', new Blob([new Uint8Array(attachment.content)], { type: attachment.contentType }), attachment.name);
    const created = await onTask(client.request<EngineAttachment>('POST', `${taskPath(taskId)}/attachment/create`, form));
    res.status(201).json(attachmentView(created));
  });

  return router;
}
