/**
 * A throw-away copy of the shipped profiles per test, for tests that break a
 * profile on purpose and read the ProfileError it gives.
 */
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
import { PROJECT_ROOT } from '../../../../workers/config.ts';
import { JurisdictionId } from '../../../../workers/contract.ts';
import { ProfileError, ProfileStore } from '../../../../workers/profile/profile.ts';

export const SHIPPED_PROFILES = path.join(PROJECT_ROOT, 'processes/profiles');

export interface ProfileCopies {
  /** The folder of this test's copies. */
  readonly folder: string;
  /** Rewrites one copy after `change` edited its parsed JSON. */
  edit(id: string, change: (profile: Record<string, any>) => void): Promise<void>;
  /** Resolves a profile of the copies, expecting it to fail; the error it gave. */
  problemsOf(id: JurisdictionId): Promise<ProfileError>;
}

/** Registers beforeEach/afterEach hooks in the calling describe that copy the shipped profiles and remove the copies. */
export function useProfileCopies(prefix: string): ProfileCopies {
  let folder = '';
  beforeEach(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), prefix));
    for (const id of Object.values(JurisdictionId)) await copyFile(path.join(SHIPPED_PROFILES, `${id}.json`), path.join(folder, `${id}.json`));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });
  return {
    get folder() {
      return folder;
    },
    async edit(id, change) {
      const file = path.join(folder, `${id}.json`);
      const profile = JSON.parse(await readFile(file, 'utf8')) as Record<string, any>;
      change(profile);
      await writeFile(file, JSON.stringify(profile, null, 2));
    },
    async problemsOf(id) {
      const error = await new ProfileStore(folder).resolve(id).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ProfileError);
      return error as ProfileError;
    },
  };
}
