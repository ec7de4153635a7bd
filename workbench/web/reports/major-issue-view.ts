/**
 * 上报重大问题 for the 巡查组: a 重大问题 or 重大安全隐患 found on site, sent
 * to the running patrol with this 巡查编号 as anquan.patrol.major-issue-raised,
 * as the REST path does. The patrol then handles it as its profile says:
 * 交办 at once (湖南制度三(三)3) or 请示报告 to the 领导小组 first (盐城方案五(四)),
 * as a task in the 巡查组's list.
 */
import type { MajorIssueRequest } from '../../api-types.ts';
import { api } from '../api/client.ts';
import type { AppContext } from '../ui/context.ts';
import { h } from '../ui/dom.ts';
import { renderOnSiteForm } from './on-site-form.ts';

export function renderMajorIssueView(context: AppContext, container: HTMLElement): void {
  const description = h('textarea', { name: 'description', rows: '6', maxlength: '5000', required: true });
  const responsibleUnit = h('input', { name: 'responsibleUnit', maxlength: '200', required: true, autocomplete: 'off' });
  renderOnSiteForm(context, container, {
    title: '上报重大问题',
    hint: '现场巡查中发现的重大问题和重大安全隐患。上报后按本辖区规定即时交办，或先向巡查工作领导小组请示报告，不得擅自表态；后续在本组待办中办理。',
    refusal: '只有巡查组可以上报重大问题。/ only the patrol team raises major issues.',
    submitLabel: '上报',
    fields: [
      { label: '问题描述', control: description, hint: '问题或隐患的具体情况、发现经过和可能后果' },
      { label: '责任单位', control: responsibleUnit, hint: '应承办整改的单位，例：某某化工有限公司' },
    ],
    required: [description, responsibleUnit],
    send: (patrolId) => {
      const issue: MajorIssueRequest = { patrolId, description: description.value.trim(), responsibleUnit: responsibleUnit.value.trim() };
      return api.raiseMajorIssue(issue);
    },
    sent: (patrolId) => `已上报：重大问题已关联到巡查 ${patrolId}，请在本组待办中办理“重大问题交办”或“向领导小组请示报告”。`,
    reset: () => {
      description.value = '';
      responsibleUnit.value = '';
    },
  });
}
