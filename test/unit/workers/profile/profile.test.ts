import { readFile, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, loadConfig } from '../../../../workers/config.ts';
import { JurisdictionId } from '../../../../workers/contract.ts';
import {
  DEFAULT_JURISDICTION,
  FIGURE_SPECS,
  ProfileStore,
  parseProfileFile,
} from '../../../../workers/profile/profile.ts';
import { SHIPPED_PROFILES as SHIPPED, useProfileCopies } from './support.ts';
const JIANGXI_DEFAULT_PHRASE = '江西办法未规定具体时限，由省安委办设定，可调整';

function figureNames(): string[] {
  return Object.entries(FIGURE_SPECS).flatMap(([group, specs]) => Object.keys(specs).map((name) => `${group}.${name}`));
}

function valueAt(profile: object, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], profile);
}

describe('shipped profiles in processes/profiles', () => {
  const store = new ProfileStore(SHIPPED);

  it('has exactly one valid file per jurisdiction id, and the default is 江西', async () => {
    const files = (await readdir(SHIPPED)).filter((name) => name.endsWith('.json')).sort();
    expect(files).toEqual(Object.values(JurisdictionId).map((id) => `${id}.json`).sort());
    expect(DEFAULT_JURISDICTION).toBe('jiangxi');
    for (const file of files) {
      const data: unknown = JSON.parse(await readFile(path.join(SHIPPED, file), 'utf8'));
      expect(() => parseProfileFile(data, file, file.replace(/\.json$/, '') as JurisdictionId)).not.toThrow();
    }
  });

  it('resolves every profile to a complete set of figures, each with a source', async () => {
    for (const profile of await store.resolveAll()) {
      for (const name of figureNames()) {
        expect(Number.isInteger(valueAt(profile, name)), `${profile.id} ${name}`).toBe(true);
        const source = valueAt(profile.sources, name) as { source: string; origin: string; definedIn: string };
        expect(source.source.length, `${profile.id} ${name}`).toBeGreaterThan(0);
        expect(['seed', 'administrative-default']).toContain(source.origin);
      }
    }
  });

  it('江西: every figure is an administrative default that says the 办法 gives none', async () => {
    const jiangxi = await store.resolve('jiangxi');
    expect(jiangxi.chain).toEqual(['jiangxi']);
    for (const name of figureNames()) {
      const source = valueAt(jiangxi.sources, name) as { source: string; origin: string };
      expect(source.origin, name).toBe('administrative-default');
      expect(source.source, name).toContain(JIANGXI_DEFAULT_PHRASE);
    }
    expect(jiangxi.patrol.entryNoticeWorkingDays).toBe(3);
    expect(jiangxi.escalation).toEqual({ letterAfterWorkingDays: 0, interviewAfterWorkingDays: 5, accountabilityAfterWorkingDays: 10, decisionWorkingDays: 3 });
    expect(jiangxi.transfer.outcomeWorkingDays).toBe(30);
    for (const name of figureNames()) expect((valueAt(jiangxi.sources, name) as { inherited: boolean }).inherited, name).toBe(false);
  });

  it('盐城: the figures of 盐城方案 with their articles, the rest from 江西', async () => {
    const yancheng = await store.resolve('yancheng');
    expect(yancheng.chain).toEqual(['yancheng', 'jiangxi']);
    expect(yancheng.patrol).toMatchObject({
      maxOnSiteDays: 30,
      maxOnSiteDaysTownOrZone: 10,
      reportWorkingDays: 10,
      feedbackWorkingDays: 10,
      rectificationPlanWorkingDays: 30,
      rectificationMonths: 6,
    });
    expect(yancheng.sources.patrol.reportWorkingDays).toMatchObject({ origin: 'seed', definedIn: 'yancheng' });
    expect(yancheng.sources.patrol.reportWorkingDays.source).toContain('盐城方案四(四)');
    expect(yancheng.sources.patrol.feedbackWorkingDays.source).toContain('盐城方案四(五)');
    expect(yancheng.sources.patrol.rectificationPlanWorkingDays.source).toContain('盐城方案四(七)');
    expect(yancheng.sources.patrol.rectificationMonths.source).toContain('半年');
    expect(yancheng.sources.patrol.maxOnSiteDaysTownOrZone.source).toContain('盐城方案二(一)');
    expect(yancheng.sources.patrol.entryNoticeWorkingDays).toMatchObject({ origin: 'administrative-default', definedIn: 'jiangxi' });
  });

  it('湖南: 5-working-day report and one month, feedback inherited from 江西 explicitly', async () => {
    const hunan = await store.resolve('hunan');
    expect(hunan.chain).toEqual(['hunan', 'jiangxi']);
    expect(hunan.patrol.reportWorkingDays).toBe(5);
    expect(hunan.sources.patrol.reportWorkingDays.source).toContain('湖南制度三(三)4');
    expect(hunan.patrol.rectificationMonths).toBe(1);
    expect(hunan.sources.patrol.rectificationMonths.source).toContain('最迟不超过一个月');
    const jiangxi = await store.resolve('jiangxi');
    expect(hunan.patrol.feedbackWorkingDays).toBe(jiangxi.patrol.feedbackWorkingDays);
    expect(hunan.sources.patrol.feedbackWorkingDays).toEqual({
      ...jiangxi.sources.patrol.feedbackWorkingDays,
      definedIn: 'jiangxi',
      inherited: true,
      originInDefiningProfile: 'administrative-default',
    });
  });
});

describe('profile validation and loading', () => {
  const copies = useProfileCopies('anquan-profiles-');
  const { edit, problemsOf } = copies;

  it('names the file and every bad field at once', async () => {
    await edit('yancheng', (profile) => {
      profile.figures.patrol.reportWorkingDays.value = '10';
      profile.figures.patrol.feedbackWorkingDays.source = '';
      profile.figures.patrol.rectificationMonths.origin = 'seed-ish';
      profile.figures.patrol.reportDays = { value: 5, origin: 'seed', source: 'x' };
      profile.figures.penalties = {};
    });
    const error = await problemsOf('yancheng');
    expect(error.file).toBe(path.join(copies.folder, 'yancheng.json'));
    expect(error.message).toContain(path.join(copies.folder, 'yancheng.json'));
    expect(error.message).toContain('辖区配置文件无效 / invalid jurisdiction profile');
    expect(error.message).toContain('field figures.patrol.reportWorkingDays.value must be an integer from 1 to 120 (got "10")');
    expect(error.message).toContain('field figures.patrol.feedbackWorkingDays.source must name the article');
    expect(error.message).toContain('field figures.patrol.rectificationMonths.origin must be seed or administrative-default');
    expect(error.message).toContain('unknown field figures.patrol.reportDays');
    expect(error.message).toContain('unknown field figures.penalties');
  });

  it('rejects a root profile that leaves a figure out', async () => {
    await edit('jiangxi', (profile) => {
      delete profile.figures.transfer.receiptWorkingDays;
    });
    const error = await problemsOf('jiangxi');
    expect(error.message).toContain('jiangxi.json');
    expect(error.message).toContain('field figures.transfer.receiptWorkingDays is missing');
    // The profiles that extend it cannot be resolved either.
    expect((await problemsOf('hunan')).message).toContain('figures.transfer.receiptWorkingDays');
  });

  it('rejects an id that does not match the file name, an unknown parent and a cycle', async () => {
    await edit('hunan', (profile) => {
      profile.id = 'yancheng';
    });
    expect((await problemsOf('hunan')).message).toContain('field id is "yancheng" but the file is hunan.json');

    await edit('hunan', (profile) => {
      profile.id = 'hunan';
      profile.extends = 'nanchang';
    });
    expect((await problemsOf('hunan')).message).toContain('field extends must be one of jiangxi, yancheng, hunan (got "nanchang")');

    await edit('hunan', (profile) => {
      profile.extends = 'yancheng';
    });
    await edit('yancheng', (profile) => {
      profile.extends = 'hunan';
    });
    expect((await problemsOf('hunan')).message).toContain('extends forms a cycle: hunan → yancheng → hunan');
  });

  it('rejects escalation steps out of order after inheritance', async () => {
    await edit('hunan', (profile) => {
      profile.figures.escalation = { interviewAfterWorkingDays: { value: 20, origin: 'administrative-default', source: '测试' } };
    });
    const error = await problemsOf('hunan');
    expect(error.message).toContain('hunan.json');
    expect(error.message).toContain('accountabilityAfterWorkingDays must not precede interviewAfterWorkingDays');
  });

  it('reports invalid JSON and a missing file with the file name', async () => {
    await writeFile(path.join(copies.folder, 'yancheng.json'), '{ "id": "yancheng", ');
    const broken = await problemsOf('yancheng');
    expect(broken.message).toContain('yancheng.json');
    expect(broken.message).toContain('is not valid JSON');

    await rm(path.join(copies.folder, 'hunan.json'));
    const missing = await problemsOf('hunan');
    expect(missing.message).toContain('hunan.json');
    expect(missing.message).toContain('cannot be read');
  });

  it('fails start-up when any profile is broken', async () => {
    await edit('yancheng', (profile) => {
      profile.figures.patrol.maxOnSiteDays.value = 0;
    });
    await expect(ProfileStore.open(copies.folder)).rejects.toThrow(/yancheng\.json[\s\S]*figures\.patrol\.maxOnSiteDays\.value/);
  });

  it('picks up a process owner’s edit without a restart', async () => {
    const store = await ProfileStore.open(copies.folder);
    expect((await store.resolve('hunan')).patrol.feedbackWorkingDays).toBe(10);
    await edit('jiangxi', (profile) => {
      profile.figures.patrol.feedbackWorkingDays.value = 7;
    });
    // Make the change visible even on file systems with a coarse modification time.
    const later = new Date(Date.now() + 5_000);
    await utimes(path.join(copies.folder, 'jiangxi.json'), later, later);
    const hunan = await store.resolve('hunan');
    expect(hunan.patrol.feedbackWorkingDays).toBe(7);
    expect(hunan.sources.patrol.feedbackWorkingDays.definedIn).toBe('jiangxi');
  });
});

describe('configuration', () => {
  it('reads profiles from processes/profiles unless PROFILE_DIRECTORY says otherwise', () => {
    expect(loadConfig({}).profileDirectory).toBe(SHIPPED);
    expect(loadConfig({ PROFILE_DIRECTORY: 'var/profiles' }).profileDirectory).toBe(path.join(PROJECT_ROOT, 'var/profiles'));
    expect(loadConfig({ PROFILE_DIRECTORY: '/etc/anquan/profiles' }).profileDirectory).toBe('/etc/anquan/profiles');
  });
});
