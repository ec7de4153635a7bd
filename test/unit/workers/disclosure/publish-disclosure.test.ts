import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JobType } from '../../../../workers/contract.ts';
import { PublicSite, escapeHtml } from '../../../../workers/disclosure/public-site.ts';
import { publishDisclosureWorker } from '../../../../workers/disclosure/publish-disclosure.worker.ts';
import type { Ledger } from '../../../../workers/ledger/index.ts';
import { type FakeJobOptions, completedWith, fakeJob, incidentMessage } from '../support/job.ts';
import { type TestLedger, openTestLedger, testServices } from '../support/services.ts';

const logger = pino({ level: 'silent' });
const START = Date.parse('2026-03-02T01:00:00.000Z');
let daysElapsed = 0;

let testLedger: TestLedger;
let ledger: Ledger;
let publicDir: string;

beforeEach(async () => {
  daysElapsed = 0;
  // Each publication a day after the previous one, so "newest first" is visible.
  testLedger = await openTestLedger({ now: () => new Date(START + 86_400_000 * daysElapsed) });
  ledger = testLedger.ledger;
  publicDir = path.join(testLedger.folder, 'public');
});

afterEach(async () => {
  await testLedger.dispose();
});

async function publish(variables: Record<string, unknown>, options: Partial<Omit<FakeJobOptions, 'type' | 'variables'>> & { baseUrl?: string } = {}) {
  const { baseUrl, ...jobOptions } = options;
  // The engine activates the job at the same moment the ledger's clock shows.
  const activatedAt = new Date(START + 86_400_000 * daysElapsed).toISOString();
  const job = fakeJob({ type: publishDisclosureWorker.jobType, variables, activatedAt, ...jobOptions });
  const publicSite = new PublicSite(baseUrl === undefined ? { directory: publicDir } : { directory: publicDir, baseUrl });
  const { outcome } = await publishDisclosureWorker.run(job, { logger, services: testServices({ ledger, publicSite }) });
  return { job, outcome };
}

const results = {
  kind: '巡查结果',
  title: '某县安全生产巡查及整改情况',
  summary: '巡查组于2026年3月对某县开展安全生产巡查。\n发现问题隐患2项，均已交办整改。',
  patrolTarget: { name: '某县委、县人民政府' },
  items: [
    { description: '液氨储罐区未设置泄漏报警装置', category: '重大事故隐患', responsibleUnit: '某化工有限公司', status: '已销号' },
    '县应急管理局执法检查流于形式',
  ],
};

describe(JobType.publishDisclosure, () => {
  it('writes the public page and the JSON Feed, newest first, once per job', async () => {
    const entry = await publish({ kind: '进驻公告', title: '省第一巡查组进驻某县', summary: '受理来信来电举报：0791-0000000。' }, { elementInstanceKey: '101' });
    daysElapsed = 1;
    const first = await publish(results, { elementInstanceKey: '102' });
    const retried = await publish(results, { elementInstanceKey: '102' });

    expect(entry.outcome).toBe('completed');
    const output = completedWith(first.job);
    expect(completedWith(retried.job)).toEqual(output);
    expect(output).toEqual({
      disclosureId: expect.any(String),
      publishedAt: '2026-03-03T01:00:00.000Z',
      url: path.join(publicDir, 'index.html#d-102-disclosure'),
    });
    expect(await ledger.listDisclosures()).toHaveLength(2);

    const html = await readFile(path.join(publicDir, 'index.html'), 'utf8');
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<article id="d-102-disclosure">');
    expect(html).toContain('<h2>某县安全生产巡查及整改情况</h2>');
    expect(html).toContain('<span class="kind">巡查结果</span>');
    expect(html).toContain('2026年3月3日');
    expect(html).toContain('<p>发现问题隐患2项，均已交办整改。</p>');
    expect(html).toContain('<li>【重大事故隐患】液氨储罐区未设置泄漏报警装置（责任单位：某化工有限公司；整改情况：已销号）</li>');
    expect(html).toContain('<li>县应急管理局执法检查流于形式</li>');
    expect(html.indexOf('某县安全生产巡查及整改情况')).toBeLessThan(html.indexOf('省第一巡查组进驻某县'));

    const feed = JSON.parse(await readFile(path.join(publicDir, 'feed.json'), 'utf8'));
    expect(feed).toMatchObject({ version: 'https://jsonfeed.org/version/1.1', language: 'zh-CN', title: '安全生产巡查督查检查信息公开' });
    expect(feed.home_page_url).toBeUndefined();
    expect(feed.items.map((item: { title: string }) => item.title)).toEqual(['某县安全生产巡查及整改情况', '省第一巡查组进驻某县']);
    expect(feed.items[0]).toMatchObject({
      id: output['disclosureId'],
      date_published: '2026-03-03T01:00:00.000Z',
      tags: ['巡查结果'],
      summary: results.summary,
    });
    expect(feed.items[0].content_text).toContain('1. 【重大事故隐患】液氨储罐区未设置泄漏报警装置');

    const leftovers = (await readdir(publicDir)).filter((name) => name.endsWith('.tmp'));
    expect(leftovers).toEqual([]);
  });

  it('escapes every text and links under PUBLIC_BASE_URL when one is configured', async () => {
    const { job } = await publish(
      { kind: '通报曝光', title: '<script>alert("x")</script> 通报', summary: 'A & B <b>', items: ["O'Neil <i>"] },
      { elementInstanceKey: '201', baseUrl: 'https://yjglt.example.gov.cn/xuncha' },
    );
    expect(completedWith(job)['url']).toBe('https://yjglt.example.gov.cn/xuncha/index.html#d-201-disclosure');
    const html = await readFile(path.join(publicDir, 'index.html'), 'utf8');
    expect(html).not.toContain('<script>');
    expect(html).toContain(`<h2>${escapeHtml('<script>alert("x")</script> 通报')}</h2>`);
    expect(html).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;');
    expect(html).toContain('A &#38; B &#60;b&#62;');
    expect(html).toContain('O&#39;Neil &#60;i&#62;');
    const feed = JSON.parse(await readFile(path.join(publicDir, 'feed.json'), 'utf8'));
    expect(feed).toMatchObject({
      home_page_url: 'https://yjglt.example.gov.cn/xuncha/index.html',
      feed_url: 'https://yjglt.example.gov.cn/xuncha/feed.json',
    });
    expect(feed.items[0].url).toBe('https://yjglt.example.gov.cn/xuncha/index.html#d-201-disclosure');
  });

  it('lists disclosures recorded elsewhere by title', async () => {
    await ledger.recordDisclosure({ idempotencyKey: 'portal', kind: '行政处罚', title: '某公司行政处罚决定书', location: 'https://example.gov.cn/cf/1' });
    await publish(results, { elementInstanceKey: '301' });
    const html = await readFile(path.join(publicDir, 'index.html'), 'utf8');
    expect(html).toContain('<h2>某公司行政处罚决定书</h2>');
    expect(html).toContain('<a href="https://example.gov.cn/cf/1">查看原文</a>');
  });

  /** The patrol's publication as safety-patrol's PublishResults passes it. */
  const patrolPublication = {
    kind: '巡查结果',
    title: '某县安全生产巡查及整改情况',
    summary: '巡查发现一般问题隐患1项，已整改销号。',
    patrolTarget: { name: '某县委、县人民政府' },
    items: [{ category: '一般问题隐患', description: '危化品仓库消防通道堵塞', responsibleUnit: '某化工有限公司' }],
    sections: [
      { heading: '巡查工作方案要点（经审批）', text: '2026年度第一轮巡查：危险化学品安全' },
      { heading: '巡查工作报告主要内容', text: '巡查发现一般问题隐患1项，已整改销号。' },
      { heading: '整改方案', text: '逐条整改，明确责任单位和时限。' },
      { heading: '整改落实情况', text: '整改任务已全部完成。' },
      { heading: '回头看结论', text: null },
    ],
    rectificationTasks: [
      { problem: '危化品仓库消防通道堵塞', measure: '立即清理并设置禁停标识', responsibleUnit: '某化工有限公司', deadline: '2026-11-30', status: '已完成', responsibleLeader: '王建国' },
    ],
    reviewedBy: '安委办 李华',
    reviewedDate: '2026-12-01',
  };

  it('publishes the approved plan’s points, the report’s content, the 整改方案, its tasks and the 整改落实, reviewed, without any leader’s name', async () => {
    const { job, outcome } = await publish(patrolPublication, { elementInstanceKey: '401' });
    expect(outcome).toBe('completed');
    expect(completedWith(job)['url']).toBe(path.join(publicDir, 'index.html#d-401-disclosure'));
    const html = await readFile(path.join(publicDir, 'index.html'), 'utf8');
    const article = html.slice(html.indexOf('<article id="d-401-disclosure">'), html.indexOf('</article>'));
    const order = ['巡查工作方案要点（经审批）', '巡查工作报告主要内容', '整改方案', '整改落实情况', '问题清单', '整改任务清单', '本信息经审核后公开'];
    const positions = order.map((text) => article.indexOf(text));
    expect(positions.every((position) => position > 0), JSON.stringify(positions)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(article).toContain('<section>\n        <h3>整改方案</h3>\n        <p>逐条整改，明确责任单位和时限。</p>\n      </section>');
    // The summary is the report's main content: printed once, as its section.
    expect(article.split('巡查发现一般问题隐患1项，已整改销号。')).toHaveLength(2);
    // No section for a 回头看 that did not take place.
    expect(article).not.toContain('回头看结论');
    expect(article).toContain('<thead><tr><th>问题</th><th>整改措施</th><th>责任单位</th><th>整改时限</th><th>整改情况</th></tr></thead>');
    expect(article).toContain('<tr><td>危化品仓库消防通道堵塞</td><td>立即清理并设置禁停标识</td><td>某化工有限公司</td><td>2026-11-30</td><td>已完成</td></tr>');
    expect(article).toContain('<p class="review">本信息经审核后公开（审核日期：2026年12月1日）</p>');
    // Neither the 责任领导 nor the reviewer is named in public, in the page, the feed or the content file.
    const content = await readFile(path.join(publicDir, 'disclosures', '401-disclosure.json'), 'utf8');
    const feedText = await readFile(path.join(publicDir, 'feed.json'), 'utf8');
    for (const text of [html, content, feedText]) {
      expect(text).not.toContain('王建国');
      expect(text).not.toContain('李华');
    }
    const feed = JSON.parse(feedText);
    expect(feed.items[0].content_text).toContain('【整改方案】\n逐条整改，明确责任单位和时限。');
    expect(feed.items[0].content_text).toContain('【整改任务清单】\n1. 问题：危化品仓库消防通道堵塞；整改措施：立即清理并设置禁停标识；责任单位：某化工有限公司；整改时限：2026-11-30；整改情况：已完成');
    expect(feed.items[0].content_text).toContain('本信息经审核后公开（审核日期：2026年12月1日）');
  });

  it('refuses a 纪检 finding, a cadre’s name and an unreviewed publication, and publishes nothing', async () => {
    const { job } = await publish({
      ...patrolPublication,
      items: [
        ...patrolPublication.items,
        { category: '干部不担当不作为、形式主义官僚主义、失职渎职', description: '县应急管理局执法检查流于形式', responsibleUnit: '县应急管理局' },
        { description: '某局长违规审批', receiver: 'discipline-inspection' },
      ],
      sections: [{ heading: '整改落实情况', text: '已对王建国同志诫勉谈话。' }],
      withheldNames: [{ name: '王建国', post: '副局长' }, '张三'],
      reviewedBy: null,
    });
    const message = incidentMessage(job);
    expect(message).toContain('variable items[1] must not be published');
    expect(message).toContain('variable items[2] must not be published');
    expect(message).toContain("variable sections[0].text contains a cadre's name that must not be published");
    expect(message).toContain('must name its reviewer and review date');
    expect(message).not.toContain('王建国');
    expect(await ledger.listDisclosures()).toEqual([]);
    await expect(readdir(publicDir)).rejects.toThrow();
  });

  it('raises an incident naming each bad variable and publishes nothing', async () => {
    const { job } = await publish({ kind: '公告', title: '', summary: 'x', items: [{ status: '已销号' }] });
    const message = incidentMessage(job);
    expect(message).toContain('variable kind must be one of: 进驻公告, 巡查结果');
    expect(message).toContain('variable title must be non-empty text');
    expect(message).toContain('variable items[0] must be text or an object with description (or title)');
    expect(await ledger.listDisclosures()).toEqual([]);
  });
});
