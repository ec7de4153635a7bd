import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { staleReason } from '../../../../deploy/local/build.ts';
import { engineUrls, JVM_OPTIONS } from '../../../../deploy/local/engine.ts';
import { JdkNotFoundError, parseJavaSpecificationVersion } from '../../../../deploy/local/jdk.ts';
import { ENGINE_PROFILES, OPERATON_VERSION, testEngineProfile } from '../../../../deploy/local/manifest.ts';

describe('engine profiles', () => {
  it('keeps dev and test apart: port, H2 folder, run folder; only test has the clock', () => {
    const { dev, test } = ENGINE_PROFILES;
    expect([dev.port, test.port]).toEqual([8080, 8090]);
    expect(dev.dataDir).toMatch(/\.data\/dev\/engine$/);
    expect(test.dataDir).toMatch(/\.data\/test\/engine$/);
    expect(dev.runDir).toMatch(/\.engine\/run\/dev$/);
    expect([dev.testClock, test.testClock]).toEqual([false, true]);
    expect(testEngineProfile()).toBe(test);
    // Another port (LOCAL_ENGINE_TEST_PORT) gets its own database and pid file too.
    expect(testEngineProfile(18190)).toMatchObject({ port: 18190, testClock: true, dataDir: expect.stringMatching(/\.data\/test-18190\/engine$/) });
  });

  it('reads the Operaton version from the pom, the one place it is pinned', () => {
    expect(OPERATON_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('names the web apps and the REST API of a profile', () => {
    expect(engineUrls(ENGINE_PROFILES.test)).toEqual({
      restUrl: 'http://localhost:8090/engine-rest',
      cockpit: 'http://localhost:8090/operaton/app/cockpit/default/',
      tasklist: 'http://localhost:8090/operaton/app/tasklist/default/',
      admin: 'http://localhost:8090/operaton/app/admin/default/',
      welcome: 'http://localhost:8090/operaton/app/welcome/default/',
    });
    expect(JVM_OPTIONS).toContain('-Xmx512m');
  });
});

describe('jar staleness', () => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'anquan-build-'));
  const jar = path.join(folder, 'target', 'app.jar');
  const pom = path.join(folder, 'pom.xml');
  const source = path.join(folder, 'src', 'main', 'java', 'A.java');
  const at = (file: string, seconds: number) => utimesSync(file, seconds, seconds);

  it('wants a build without a jar, or when any source is newer', () => {
    mkdirSync(path.dirname(jar), { recursive: true });
    mkdirSync(path.dirname(source), { recursive: true });
    writeFileSync(pom, '<project/>');
    writeFileSync(source, 'class A {}');
    const sources = [pom, path.join(folder, 'src')];
    expect(staleReason(jar, sources)).toMatch(/no jar/);

    writeFileSync(jar, '');
    at(pom, 1000);
    at(source, 1000);
    at(jar, 2000);
    expect(staleReason(jar, sources)).toBeUndefined();

    at(source, 3000);
    expect(staleReason(jar, sources)).toMatch(/newer than the jar/);
  });
});

describe('JDK search', () => {
  it('reads the major version from the JVM settings', () => {
    expect(parseJavaSpecificationVersion('    java.specification.version = 17\n')).toBe(17);
    expect(parseJavaSpecificationVersion('java.specification.version = 1.8')).toBe(8);
    expect(parseJavaSpecificationVersion('nothing')).toBeUndefined();
  });

  it('says in both languages what to install', () => {
    const message = new JdkNotFoundError(17, [{ home: '/opt/jdk11', major: 11 }]).message;
    expect(message).toMatch(/找不到 Java 17/);
    expect(message).toMatch(/No JDK 17 or newer.*\/opt\/jdk11 \(Java 11\)/);
  });
});
