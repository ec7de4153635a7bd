/**
 * Finds a JDK whose major version fits a range: JAVA_HOME first, then `java`
 * on PATH, then the usual JVM folders. Says exactly what to install when none fits.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';

export interface Jdk {
  readonly home: string;
  readonly major: number;
}

export interface JavaRange {
  readonly min: number;
  readonly max: number;
}

export class JdkNotFoundError extends Error {
  constructor(purpose: string, range: JavaRange, seen: readonly Jdk[]) {
    const found = seen.length
      ? seen.map((jdk) => `${jdk.home} (Java ${jdk.major})`).join(', ')
      : '无 / none';
    super(
      `找不到适用于${purpose}的 JDK ${range.min}–${range.max}。已找到：${found}。` +
        `请安装 JDK ${range.min}–${range.max}（例如 Temurin ${range.max >= 25 ? 25 : 21}）并设置 JAVA_HOME。\n` +
        `No JDK ${range.min}–${range.max} for ${purpose}. Found: ${found}. ` +
        `Install a JDK ${range.min}–${range.max} (e.g. Temurin ${range.max >= 25 ? 25 : 21}) and set JAVA_HOME.`,
    );
    this.name = 'JdkNotFoundError';
  }
}

const JVM_FOLDERS = ['/usr/lib/jvm', '/usr/java', '/opt/java', '/Library/Java/JavaVirtualMachines'];

/** Reads the major version from the `release` file every JDK ships, or asks `java -version`. */
export function javaMajorVersion(home: string): number | undefined {
  const java = path.join(home, 'bin', 'java');
  if (!existsSync(java)) return undefined;
  // The JVM prints its settings on stderr.
  const result = spawnSync(java, ['-XshowSettings:properties', '-version'], { encoding: 'utf8', timeout: 20_000 });
  return parseMajor(`${result.stdout ?? ''}${result.stderr ?? ''}`);
}

function parseMajor(text: string): number | undefined {
  const match = /java\.specification\.version = (\d+)(?:\.(\d+))?/.exec(text);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] ? Number(match[2]) : first;
}

function homeOfJavaOnPath(pathVariable: string | undefined): string | undefined {
  for (const dir of (pathVariable ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'java');
    if (dir && existsSync(candidate)) {
      return path.dirname(path.dirname(realpathSync(candidate)));
    }
  }
  return undefined;
}

function homesInJvmFolders(): string[] {
  const homes: string[] = [];
  for (const folder of JVM_FOLDERS) {
    if (!existsSync(folder)) continue;
    for (const entry of readdirSync(folder).sort().reverse()) {
      const home = path.join(folder, entry);
      homes.push(existsSync(path.join(home, 'Contents', 'Home')) ? path.join(home, 'Contents', 'Home') : home);
    }
  }
  return homes;
}

export interface JdkSearch {
  readonly javaHome?: string;
  readonly pathVariable?: string;
}

/** Every distinct JDK the search can see, in preference order. */
export function candidateJdks(search: JdkSearch): Jdk[] {
  const homes = [search.javaHome, homeOfJavaOnPath(search.pathVariable), ...homesInJvmFolders()];
  const seen = new Set<string>();
  const jdks: Jdk[] = [];
  for (const home of homes) {
    if (!home || !existsSync(home)) continue;
    const real = realpathSync(home);
    if (seen.has(real)) continue;
    seen.add(real);
    const major = javaMajorVersion(real);
    if (major !== undefined) jdks.push({ home: real, major });
  }
  return jdks;
}

export function findJdk(purpose: string, range: JavaRange, search: JdkSearch): Jdk {
  const jdks = candidateJdks(search);
  const fitting = jdks.find((jdk) => jdk.major >= range.min && jdk.major <= range.max);
  if (!fitting) throw new JdkNotFoundError(purpose, range, jdks);
  return fitting;
}
