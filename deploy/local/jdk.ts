/**
 * Finds a JDK new enough for the engine: JAVA_HOME first, then `java` on PATH,
 * then the usual JVM folders. Says exactly what to install when none fits.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';

export interface Jdk {
  readonly home: string;
  readonly major: number;
}

export class JdkNotFoundError extends Error {
  constructor(minimum: number, seen: readonly Jdk[]) {
    const found = seen.length ? seen.map((jdk) => `${jdk.home} (Java ${jdk.major})`).join(', ') : '无 / none';
    super(
      `找不到 Java ${minimum} 或更高版本的 JDK（流程引擎需要）。已找到：${found}。` +
        `请安装 JDK ${minimum}+（例如 apt-get install openjdk-${minimum}-jdk-headless）并设置 JAVA_HOME。\n` +
        `No JDK ${minimum} or newer for the engine. Found: ${found}. ` +
        `Install a JDK ${minimum}+ (e.g. apt-get install openjdk-${minimum}-jdk-headless) and set JAVA_HOME.`,
    );
    this.name = 'JdkNotFoundError';
  }
}

const JVM_FOLDERS = ['/usr/lib/jvm', '/usr/java', '/opt/java', '/Library/Java/JavaVirtualMachines'];

/** Asks the JDK itself; the `release` file is missing from some distributions. */
export function javaMajorVersion(home: string): number | undefined {
  const java = path.join(home, 'bin', 'java');
  if (!existsSync(java)) return undefined;
  // The JVM prints its settings on stderr.
  const result = spawnSync(java, ['-XshowSettings:properties', '-version'], { encoding: 'utf8', timeout: 20_000 });
  return parseJavaSpecificationVersion(`${result.stdout ?? ''}${result.stderr ?? ''}`);
}

/** `java.specification.version = 17` → 17; the old `1.8` form → 8. */
export function parseJavaSpecificationVersion(text: string): number | undefined {
  const match = /java\.specification\.version = (\d+)(?:\.(\d+))?/.exec(text);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] ? Number(match[2]) : first;
}

/** Finds `name` on a PATH string; the real file, with symlinks (alternatives) resolved. */
export function findOnPath(name: string, pathVariable: string | undefined): string | undefined {
  for (const dir of (pathVariable ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && existsSync(candidate)) return realpathSync(candidate);
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

/** Distinct JDK homes the search can see, in preference order (not yet checked). */
export function candidateHomes(search: JdkSearch): string[] {
  const javaOnPath = findOnPath('java', search.pathVariable);
  const homes = [search.javaHome, javaOnPath && path.dirname(path.dirname(javaOnPath)), ...homesInJvmFolders()];
  const seen = new Set<string>();
  for (const home of homes) {
    if (home && existsSync(home)) seen.add(realpathSync(home));
  }
  return [...seen];
}

/**
 * The first JDK of at least `minimum`, in the order of {@link candidateHomes}.
 * Stops at the first fit: asking a JVM for its version costs a fraction of a second.
 */
export function findJdk(minimum: number, search: JdkSearch): Jdk {
  const seen: Jdk[] = [];
  for (const home of candidateHomes(search)) {
    const major = javaMajorVersion(home);
    if (major === undefined) continue;
    if (major >= minimum) return { home, major };
    seen.push({ home, major });
  }
  throw new JdkNotFoundError(minimum, seen);
}
