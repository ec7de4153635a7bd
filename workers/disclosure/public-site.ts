/**
 * The public disclosure site (000 第十条: 巡查及整改情况以适当形式向社会公布;
 * 002 四（二）6: 问题隐患曝光): a static folder that any web server can serve.
 *
 *   index.html               every disclosure, newest first, readable Chinese
 *   feed.json                the same as a JSON Feed 1.1, for portals and media
 *   disclosures/<key>.json   one disclosure's text, the source of both pages
 *
 * The ledger says which disclosures exist and when they were published; the
 * text lives beside the pages because the ledger keeps only kind, title and
 * location. Both pages are regenerated from those two sources after every
 * publication, each written to a temporary file and renamed over the old one,
 * so a reader never sees a half-written page.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Disclosure } from '../ledger/index.ts';
import type { DisclosureItem, PublicationSection, RectificationTaskLine } from './publication.ts';

export type { DisclosureItem, PublicationSection, RectificationTaskLine } from './publication.ts';

export const SITE_TITLE = '安全生产巡查督查检查信息公开';
export const SITE_DESCRIPTION = '依据《江西省加强安全生产巡查督查检查工作办法》第十条，巡查及整改情况向社会公布。';
export const INDEX_FILE = 'index.html';
export const FEED_FILE = 'feed.json';
export const CONTENT_FOLDER = 'disclosures';
/**
 * The ledger returns at most this many rows per query, oldest first; a
 * jurisdiction nearing it should archive older years to a separate folder.
 */
export const MAX_LISTED_DISCLOSURES = 10_000;

/** What a reader sees besides the ledger's kind, title and date. */
export interface DisclosureContent {
  readonly summary: string;
  readonly patrolTarget?: string;
  readonly items: readonly DisclosureItem[];
  /** 001 五(五): 方案要点, 报告主要内容, 整改方案, 整改落实情况 (and 回头看结论), in order. */
  readonly sections?: readonly PublicationSection[];
  /** The 整改方案's tasks, printed as a table. */
  readonly rectificationTasks?: readonly RectificationTaskLine[];
  /** The day a person reviewed the text (001 五(五) 经审定批准后); the reviewer's name is not published. */
  readonly reviewedDate?: string;
}

/** The table columns of a 整改方案's tasks. */
export const TASK_COLUMNS: readonly { readonly field: keyof RectificationTaskLine; readonly heading: string }[] = [
  { field: 'problem', heading: '问题' },
  { field: 'measure', heading: '整改措施' },
  { field: 'responsibleUnit', heading: '责任单位' },
  { field: 'deadline', heading: '整改时限' },
  { field: 'status', heading: '整改情况' },
];

export interface PublicSiteConfig {
  readonly directory: string;
  readonly baseUrl?: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.codePointAt(0)};`);
}

/** Idempotency keys contain colons; file names and anchors keep to a safe alphabet. */
export function slugOf(idempotencyKey: string): string {
  return idempotencyKey.replace(/[^A-Za-z0-9_-]/g, '-');
}

/** The disclosure's place on the site, relative to its root; the ledger records this. */
export function locationOf(idempotencyKey: string): string {
  return `${INDEX_FILE}#d-${slugOf(idempotencyKey)}`;
}

/** 2026-03-02T01:00:00.000Z → 2026年3月2日 (China time). */
function chineseDay(timestamp: string): string {
  const china = new Date(Date.parse(timestamp) + 8 * 60 * 60 * 1000);
  return `${china.getUTCFullYear()}年${china.getUTCMonth() + 1}月${china.getUTCDate()}日`;
}

function itemLine(item: DisclosureItem): string {
  const details = [
    item.responsibleUnit === undefined ? undefined : `责任单位：${item.responsibleUnit}`,
    item.status === undefined ? undefined : `整改情况：${item.status}`,
  ].filter((detail): detail is string => detail !== undefined);
  return `${item.category === undefined ? '' : `【${item.category}】`}${item.text}${details.length > 0 ? `（${details.join('；')}）` : ''}`;
}

/** 2026-03-02 → 2026年3月2日. */
function chineseDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return `${year}年${month}月${day}日`;
}

/** The summary leads, unless a section already prints the same text (the 报告主要内容 usually is the summary). */
function leadSummary(content: DisclosureContent): string | undefined {
  return content.sections?.some((section) => section.text === content.summary.trim()) ? undefined : content.summary;
}

function paragraphsHtml(text: string, indent: string): string {
  return text
    .split(/\n+/)
    .map((paragraph) => `\n${indent}<p>${escapeHtml(paragraph)}</p>`)
    .join('');
}

function sectionsHtml(content: DisclosureContent): string {
  return (content.sections ?? [])
    .map((section) => `\n      <section>\n        <h3>${escapeHtml(section.heading)}</h3>${paragraphsHtml(section.text, '        ')}\n      </section>`)
    .join('');
}

function tasksHtml(content: DisclosureContent): string {
  const tasks = content.rectificationTasks ?? [];
  if (tasks.length === 0) return '';
  const head = TASK_COLUMNS.map((column) => `<th>${escapeHtml(column.heading)}</th>`).join('');
  const rows = tasks
    .map((task) => `\n          <tr>${TASK_COLUMNS.map((column) => `<td>${escapeHtml(task[column.field] ?? '')}</td>`).join('')}</tr>`)
    .join('');
  return `\n      <h3>整改任务清单</h3>\n      <table>\n        <thead><tr>${head}</tr></thead>\n        <tbody>${rows}\n        </tbody>\n      </table>`;
}

function reviewLine(content: DisclosureContent): string | undefined {
  return content.reviewedDate === undefined ? undefined : `本信息经审核后公开（审核日期：${chineseDate(content.reviewedDate)}）`;
}

interface Entry {
  readonly disclosure: Disclosure;
  readonly content?: DisclosureContent;
}

function renderEntryHtml({ disclosure, content }: Entry): string {
  const anchor = `d-${slugOf(disclosure.idempotencyKey)}`;
  const meta = [
    `<span class="kind">${escapeHtml(disclosure.kind)}</span>`,
    `<time datetime="${escapeHtml(disclosure.publishedAt)}">${escapeHtml(chineseDay(disclosure.publishedAt))}</time>`,
    ...(content?.patrolTarget ? [`<span>对象：${escapeHtml(content.patrolTarget)}</span>`] : []),
  ].join(' · ');
  const externalLink = /^https?:\/\//.test(disclosure.location)
    ? `\n      <p><a href="${escapeHtml(disclosure.location)}">查看原文</a></p>`
    : '';
  const lead = content ? leadSummary(content) : undefined;
  const summary = lead === undefined ? '' : paragraphsHtml(lead, '      ');
  const sections = content ? sectionsHtml(content) : '';
  const itemsHeading = content?.sections?.length ? '\n      <h3>问题清单</h3>' : '';
  const items =
    content && content.items.length > 0
      ? `${itemsHeading}\n      <ol>${content.items.map((item) => `\n        <li>${escapeHtml(itemLine(item))}</li>`).join('')}\n      </ol>`
      : '';
  const tasks = content ? tasksHtml(content) : '';
  const review = content ? reviewLine(content) : undefined;
  const reviewed = review === undefined ? '' : `\n      <p class="review">${escapeHtml(review)}</p>`;
  return `    <article id="${escapeHtml(anchor)}">
      <h2>${escapeHtml(disclosure.title)}</h2>
      <p class="meta">${meta}</p>${summary}${sections}${items}${tasks}${reviewed}${externalLink}
    </article>`;
}

export function renderIndexHtml(entries: readonly Entry[], generatedAt: string): string {
  const body = entries.length > 0 ? entries.map(renderEntryHtml).join('\n') : '    <p>暂无公开信息。</p>';
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(SITE_TITLE)}</title>
  <link rel="alternate" type="application/feed+json" href="${FEED_FILE}" title="${escapeHtml(SITE_TITLE)}">
  <style>
    body { font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif; max-width: 52rem; margin: 0 auto; padding: 1rem; line-height: 1.8; color: #222; }
    header { border-bottom: 3px solid #b40000; margin-bottom: 1rem; }
    h1 { color: #b40000; font-size: 1.6rem; }
    article { border-bottom: 1px solid #ddd; padding: 0.5rem 0 1rem; }
    h2 { font-size: 1.2rem; margin-bottom: 0.2rem; }
    .meta { color: #666; font-size: 0.9rem; margin-top: 0; }
    .kind { color: #b40000; }
    h3 { font-size: 1.05rem; margin: 0.8rem 0 0.2rem; }
    table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
    th, td { border: 1px solid #ccc; padding: 0.2rem 0.4rem; text-align: left; vertical-align: top; }
    .review { color: #666; font-size: 0.9rem; }
  </style>
</head>
<body>
  <header>
    <h1>${escapeHtml(SITE_TITLE)}</h1>
    <p>${escapeHtml(SITE_DESCRIPTION)}更新于 <time datetime="${escapeHtml(generatedAt)}">${escapeHtml(chineseDay(generatedAt))}</time>。</p>
  </header>
  <main>
${body}
  </main>
</body>
</html>
`;
}

function contentText(entry: Entry): string {
  if (!entry.content) return entry.disclosure.title;
  const content = entry.content;
  const lead = leadSummary(content);
  const review = reviewLine(content);
  return [
    ...(content.patrolTarget ? [`对象：${content.patrolTarget}`] : []),
    ...(lead === undefined ? [] : [lead]),
    ...(content.sections ?? []).map((section) => `【${section.heading}】\n${section.text}`),
    ...(content.sections?.length && content.items.length ? ['【问题清单】'] : []),
    ...content.items.map((item, index) => `${index + 1}. ${itemLine(item)}`),
    ...((content.rectificationTasks ?? []).length > 0 ? ['【整改任务清单】'] : []),
    ...(content.rectificationTasks ?? []).map(
      (task, index) =>
        `${index + 1}. ${TASK_COLUMNS.filter((column) => task[column.field] !== undefined)
          .map((column) => `${column.heading}：${task[column.field]}`)
          .join('；')}`,
    ),
    ...(review === undefined ? [] : [review]),
  ].join('\n');
}

/** https://www.jsonfeed.org/version/1.1/ */
export function renderFeed(entries: readonly Entry[], baseUrl: string | undefined): string {
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: SITE_TITLE,
    description: SITE_DESCRIPTION,
    language: 'zh-CN',
    ...(baseUrl === undefined ? {} : { home_page_url: `${baseUrl}/${INDEX_FILE}`, feed_url: `${baseUrl}/${FEED_FILE}` }),
    items: entries.map((entry) => ({
      id: entry.disclosure.id,
      ...(baseUrl === undefined
        ? /^https?:\/\//.test(entry.disclosure.location)
          ? { url: entry.disclosure.location }
          : {}
        : { url: /^https?:\/\//.test(entry.disclosure.location) ? entry.disclosure.location : `${baseUrl}/${entry.disclosure.location}` }),
      title: entry.disclosure.title,
      content_text: contentText(entry),
      ...(entry.content ? { summary: entry.content.summary } : {}),
      date_published: entry.disclosure.publishedAt,
      tags: [entry.disclosure.kind],
    })),
  };
  return `${JSON.stringify(feed, null, 2)}\n`;
}

/** Write beside the target, then rename: readers see the old file or the new one, never a mix. */
async function writeAtomically(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, text, 'utf8');
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

export class PublicSite {
  readonly directory: string;
  readonly baseUrl: string | undefined;
  /** Regenerations run one after another, so a slower, older one cannot overwrite a newer page. */
  #regenerating: Promise<unknown> = Promise.resolve();

  constructor(config: PublicSiteConfig) {
    this.directory = config.directory;
    this.baseUrl = config.baseUrl;
  }

  /** Where a reader finds a location: under PUBLIC_BASE_URL when configured, else the file on disk. */
  urlOf(location: string): string {
    if (/^https?:\/\//.test(location)) return location;
    return this.baseUrl === undefined ? path.join(this.directory, location) : `${this.baseUrl}/${location}`;
  }

  #contentFile(idempotencyKey: string): string {
    return path.join(this.directory, CONTENT_FOLDER, `${slugOf(idempotencyKey)}.json`);
  }

  async saveContent(idempotencyKey: string, content: DisclosureContent): Promise<void> {
    await writeAtomically(this.#contentFile(idempotencyKey), `${JSON.stringify(content, null, 2)}\n`);
  }

  async #readContent(idempotencyKey: string): Promise<DisclosureContent | undefined> {
    try {
      return JSON.parse(await readFile(this.#contentFile(idempotencyKey), 'utf8')) as DisclosureContent;
    } catch (error) {
      // Disclosures recorded by other means have no text here; they are listed by title.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** Rewrites index.html and feed.json from the given disclosures (any order). */
  regenerate(disclosures: readonly Disclosure[], generatedAt: string): Promise<void> {
    const run = this.#regenerating.then(async () => {
      // A withdrawn notice (a 失信 listing that ended) is no longer shown.
      const newestFirst = disclosures.filter((disclosure) => !disclosure.withdrawnAt).sort((a, b) => b.publishedAt.localeCompare(a.publishedAt) || b.id.localeCompare(a.id));
      const entries = await Promise.all(
        newestFirst.map(async (disclosure): Promise<Entry> => {
          const content = await this.#readContent(disclosure.idempotencyKey);
          return content === undefined ? { disclosure } : { disclosure, content };
        }),
      );
      await writeAtomically(path.join(this.directory, FEED_FILE), renderFeed(entries, this.baseUrl));
      await writeAtomically(path.join(this.directory, INDEX_FILE), renderIndexHtml(entries, generatedAt));
    });
    this.#regenerating = run.catch(() => undefined);
    return run;
  }
}
