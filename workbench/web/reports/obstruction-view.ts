/**
 * 记录阻挠巡查 for the 巡查组: 不配合、干扰巡查 met on site (江西办法第二十四条),
 * sent to the running patrol with this 巡查编号 as
 * anquan.patrol.obstruction-reported, as the REST path does. The patrol opens
 * 记录不配合、干扰巡查情形 for the 巡查组 to complete (情形, 经过, 涉及人员),
 * then 安委办 decides on accountability.
 */
import type { ObstructionRequest } from '../../api-types.ts';
import { api } from '../api/client.ts';
import type { AppContext } from '../ui/context.ts';
import { h } from '../ui/dom.ts';
import { renderOnSiteForm } from './on-site-form.ts';

export function renderObstructionView(context: AppContext, container: HTMLElement): void {
  const description = h('textarea', { name: 'description', rows: '6', maxlength: '5000', required: true });
  renderOnSiteForm(context, container, {
    title: '记录阻挠巡查',
    hint: '被巡查地区或单位不配合、干扰巡查的情形，如隐瞒不报、提供虚假情况、拒绝提供材料、阻挠干扰、打击报复反映问题人员。记录后在本组待办中补全情形、经过和涉及人员，由安委办作出责任追究决定。',
    refusal: '只有巡查组可以记录阻挠巡查。/ only the patrol team records obstruction.',
    submitLabel: '记录',
    fields: [{ label: '情况描述', control: description, hint: '时间、地点、单位和人员、经过' }],
    required: [description],
    send: (patrolId) => {
      const obstruction: ObstructionRequest = { patrolId, description: description.value.trim() };
      return api.reportObstruction(obstruction);
    },
    sent: (patrolId) => `已记录：情形已关联到巡查 ${patrolId}，请在本组待办中补全“记录不配合、干扰巡查情形”。`,
    reset: () => {
      description.value = '';
    },
  });
}
