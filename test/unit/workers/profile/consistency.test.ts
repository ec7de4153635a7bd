/**
 * No deadline in a profile falls after the deadline of what it prepares
 * (issue 11 point 2), checked on every shipped profile: by the conservative
 * rule the loader applies (workers/profile/consistency.ts), date by date on
 * the official calendar, and for the bounds the conservative rule relies on.
 */
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../../workers/config.ts';
import { JurisdictionId } from '../../../../workers/contract.ts';
import {
  PACKAGED_KNOWN_THROUGH_YEAR,
  WorkingDayCalendar,
  addCalendarDays,
  addCalendarMonths,
} from '../../../../workers/deadline/calendar.ts';
import {
  DEADLINE_RULES,
  MAX_WORKING_DAYS_PER_MONTH,
  MIN_WORKING_DAYS_PER_MONTH,
  deadlineProblems,
  endsNoLater,
  figureValue,
  remindsInside,
  unitOf,
} from '../../../../workers/profile/consistency.ts';
import { FIGURE_SPECS, ProfileError, ProfileStore, type ResolvedProfile } from '../../../../workers/profile/profile.ts';

const SHIPPED = path.join(PROJECT_ROOT, 'processes/profiles');
const calendar = new WorkingDayCalendar();
/** The years the packaged State Council schedule covers and the profiles are used in. */
const FIRST_YEAR = 2019;
const LAST_DAY = `${PACKAGED_KNOWN_THROUGH_YEAR}-12-31`;

/** Every day from FIRST_YEAR on whose period of `months` still ends inside the published calendar. */
function startDates(months: number): string[] {
  const dates: string[] = [];
  for (let date = `${FIRST_YEAR}-01-01`; addCalendarMonths(date, months) <= LAST_DAY; date = addCalendarDays(date, 1)) dates.push(date);
  return dates;
}

/** Working days counted per day since FIRST_YEAR, so a span's count is a difference. */
const workingDaysThrough = new Map<string, number>();
{
  let count = 0;
  for (let date = `${FIRST_YEAR}-01-01`; date <= LAST_DAY; date = addCalendarDays(date, 1)) {
    if (calendar.isWorkingDay(date)) count += 1;
    workingDaysThrough.set(date, count);
  }
}
/** Working days after `from` up to and including `to`. */
const workingDaysBetween = (from: string, to: string) => workingDaysThrough.get(to)! - workingDaysThrough.get(from)!;

describe('the month ↔ working-day bounds of the consistency rule', () => {
  it('hold for every start date on the published calendar and every month count a profile may use', () => {
    const monthCounts = [...new Set(Object.values(FIGURE_SPECS).flatMap((specs) => Object.values(specs)))]
      .filter((spec) => spec.unit === 'months')
      .map((spec) => spec.max);
    const longest = Math.min(Math.max(...monthCounts), 36);
    let fewest = Infinity;
    let most = 0;
    const outside: string[] = [];
    for (let months = 1; months <= longest; months += 1) {
      for (const start of startDates(months)) {
        const count = workingDaysBetween(start, addCalendarMonths(start, months));
        if (count < months * MIN_WORKING_DAYS_PER_MONTH || count > months * MAX_WORKING_DAYS_PER_MONTH) outside.push(`${start} + ${months} 个月 = ${count} 个工作日`);
        if (months === 1) {
          fewest = Math.min(fewest, count);
          most = Math.max(most, count);
        }
      }
    }
    expect(outside).toEqual([]);
    // The bounds are the real extremes of a one-month span, not just safe guesses.
    expect(fewest).toBe(MIN_WORKING_DAYS_PER_MONTH);
    expect(most).toBe(MAX_WORKING_DAYS_PER_MONTH);
  }, 60_000);

  it('compares periods conservatively across units', () => {
    expect(endsNoLater({ value: 15, unit: 'workingDays' }, { value: 1, unit: 'months' })).toBe(true);
    expect(endsNoLater({ value: 16, unit: 'workingDays' }, { value: 1, unit: 'months' })).toBe(false);
    expect(endsNoLater({ value: 30, unit: 'workingDays' }, { value: 6, unit: 'months' })).toBe(true);
    expect(endsNoLater({ value: 1, unit: 'months' }, { value: 24, unit: 'workingDays' })).toBe(true);
    expect(endsNoLater({ value: 1, unit: 'months' }, { value: 23, unit: 'workingDays' })).toBe(false);
    expect(endsNoLater({ value: 1, unit: 'months' }, { value: 1, unit: 'months' })).toBe(true);
    expect(endsNoLater({ value: 10, unit: 'calendarDays' }, { value: 30, unit: 'calendarDays' })).toBe(true);
    expect(endsNoLater({ value: 31, unit: 'calendarDays' }, { value: 30, unit: 'calendarDays' })).toBe(false);
    expect(remindsInside({ value: 2, unit: 'workingDays' }, { value: 3, unit: 'workingDays' })).toBe(true);
    expect(remindsInside({ value: 3, unit: 'workingDays' }, { value: 3, unit: 'workingDays' })).toBe(false);
  });
});

describe('the deadline rules', () => {
  it('name real figures, in the units their names say', () => {
    expect(DEADLINE_RULES.length).toBeGreaterThan(0);
    for (const rule of DEADLINE_RULES) {
      for (const figure of [rule.earlier, rule.later]) {
        const [group, name] = figure.split('.') as [keyof typeof FIGURE_SPECS, string];
        const spec = (FIGURE_SPECS[group] as Record<string, { unit: string }>)[name];
        expect(spec, figure).toBeDefined();
        expect(spec!.unit, figure).toBe(unitOf(figure));
      }
      // A 'prepares' order comes from the seeds; a reminder's from what a reminder is.
      if (rule.kind === 'prepares') expect(rule.why, `${rule.earlier} → ${rule.later}`).toMatch(/(盐城方案|湖南制度|江西办法)/);
    }
    // The one the seeds insist on: the 整改方案 prepares the 整改落实.
    expect(DEADLINE_RULES).toContainEqual(
      expect.objectContaining({ kind: 'prepares', earlier: 'patrol.rectificationPlanWorkingDays', later: 'patrol.rectificationMonths' }),
    );
  });
});

describe('every shipped profile', () => {
  let profiles: ResolvedProfile[];
  beforeEach(async () => {
    profiles = await new ProfileStore(SHIPPED).resolveAll();
  });

  it('keeps every deadline no later than the deadline it prepares, by the conservative rule', () => {
    expect(profiles.map((profile) => profile.id).sort()).toEqual(Object.values(JurisdictionId).sort());
    for (const profile of profiles) expect(deadlineProblems(profile), profile.id).toEqual([]);
  });

  it('keeps it on every start date of the published calendar, as the deadline worker computes the dates', () => {
    for (const profile of profiles) {
      for (const rule of DEADLINE_RULES.filter((candidate) => candidate.kind === 'prepares')) {
        const earlier = figureValue(profile, rule.earlier);
        const later = figureValue(profile, rule.later);
        const units = `${unitOf(rule.earlier)}→${unitOf(rule.later)}`;
        if (units === 'calendarDays→calendarDays' || units === 'months→months') {
          expect(earlier, `${profile.id} ${rule.earlier} ≤ ${rule.later}`).toBeLessThanOrEqual(later);
          continue;
        }
        expect(units, 'a rule this test cannot check date by date').toBe('workingDays→months');
        const late: string[] = [];
        for (const start of startDates(later)) {
          const due = calendar.addWorkingDays(start, earlier).date;
          const prepared = calendar.nextWorkingDayOnOrAfter(addCalendarMonths(start, later)).date;
          if (due > prepared) late.push(`${profile.id}: ${start} + ${earlier} 个工作日 (${due}) 晚于 + ${later} 个月 (${prepared})`);
        }
        expect(late, `${profile.id} ${rule.earlier} → ${rule.later}`).toEqual([]);
      }
    }
  }, 60_000);

  it('湖南: the 整改方案 falls inside the one month of 整改落实, by a cited choice instead of the inherited 30 working days', () => {
    const hunan = profiles.find((profile) => profile.id === 'hunan')!;
    const jiangxi = profiles.find((profile) => profile.id === 'jiangxi')!;
    expect(hunan.patrol.rectificationMonths).toBe(1);
    expect(hunan.patrol.rectificationPlanWorkingDays).toBe(10);
    expect(hunan.sources.patrol.rectificationPlanWorkingDays).toMatchObject({ origin: 'administrative-default', definedIn: 'hunan', inherited: false });
    expect(hunan.sources.patrol.rectificationPlanWorkingDays.source).toContain('湖南制度');
    expect(hunan.sources.patrol.rectificationPlanWorkingDays.source).toContain('三(三)6');
    // What it would have inherited breaks the rule.
    expect(deadlineProblems({ ...hunan, patrol: { ...hunan.patrol, rectificationPlanWorkingDays: jiangxi.patrol.rectificationPlanWorkingDays } })).toEqual([
      expect.stringContaining('figures.patrol.rectificationPlanWorkingDays（30）不应晚于 / must not fall after figures.patrol.rectificationMonths（1）'),
    ]);
  });

  it('marks every figure its own seed does not set as an administrative default, and shows where inherited ones come from', () => {
    const seedName: Record<string, string> = { jiangxi: '江西办法', yancheng: '盐城方案', hunan: '湖南制度' };
    for (const profile of profiles) {
      for (const [group, specs] of Object.entries(FIGURE_SPECS)) {
        for (const name of Object.keys(specs)) {
          const source = (profile.sources as unknown as Record<string, Record<string, { origin: string; definedIn: string; inherited: boolean; source: string }>>)[group]![name]!;
          expect(source.inherited, `${profile.id} ${group}.${name}`).toBe(source.definedIn !== profile.id);
          if (source.inherited) expect(source.origin, `${profile.id} ${group}.${name}`).toBe('administrative-default');
          if (source.origin === 'seed') {
            expect(source.definedIn, `${profile.id} ${group}.${name}`).toBe(profile.id);
            expect(source.source, `${profile.id} ${group}.${name}`).toContain(seedName[profile.id]);
          }
        }
      }
      for (const [field, source] of Object.entries(profile.sources.procedures.patrol)) {
        expect(source.inherited, `${profile.id} procedures.patrol.${field}`).toBe(source.definedIn !== profile.id);
        if (source.inherited) expect(source.origin).toBe('administrative-default');
        if (source.origin === 'seed') expect(source.source, `${profile.id} procedures.patrol.${field}`).toContain(seedName[profile.id]);
      }
    }
  });
});

describe('loading a profile that breaks the rule', () => {
  let folder: string;

  beforeEach(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'anquan-consistency-'));
    for (const id of Object.values(JurisdictionId)) await copyFile(path.join(SHIPPED, `${id}.json`), path.join(folder, `${id}.json`));
  });

  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('fails with both figures, their values, the reason and the conversion, naming the file', async () => {
    const file = path.join(folder, 'hunan.json');
    const profile = JSON.parse(await readFile(file, 'utf8')) as { figures: { patrol: Record<string, unknown> } };
    delete profile.figures.patrol['rectificationPlanWorkingDays'];
    await writeFile(file, JSON.stringify(profile));
    const error = (await new ProfileStore(folder).resolve('hunan').catch((caught: unknown) => caught)) as ProfileError;
    expect(error).toBeInstanceOf(ProfileError);
    expect(error.file).toBe(file);
    expect(error.message).toContain('figures.patrol.rectificationPlanWorkingDays（30）不应晚于 / must not fall after figures.patrol.rectificationMonths（1）');
    expect(error.message).toContain('整改方案是整改落实的依据');
    expect(error.message).toContain('1 month counts as at least 15 and at most 24 working days');
    expect(error.message).toContain('chain: hunan → jiangxi');
  });

  it('fails when a reminder would fall before its period starts', async () => {
    const file = path.join(folder, 'yancheng.json');
    const profile = JSON.parse(await readFile(file, 'utf8')) as { figures: Record<string, unknown> };
    profile.figures['deadline'] = { reminderLeadWorkingDays: { value: 10, origin: 'administrative-default', source: '测试' } };
    await writeFile(file, JSON.stringify(profile));
    const error = (await new ProfileStore(folder).resolve('yancheng').catch((caught: unknown) => caught)) as ProfileError;
    expect(error).toBeInstanceOf(ProfileError);
    expect(error.message).toContain('figures.deadline.reminderLeadWorkingDays（10）应短于 / must be shorter than figures.patrol.reportWorkingDays（10）');
  });
});
