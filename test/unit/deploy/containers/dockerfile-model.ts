/**
 * A Dockerfile as the tests look at it: its stages, each with its base image and the
 * instructions that matter (COPY, ENV, USER, HEALTHCHECK, EXPOSE, ENTRYPOINT, CMD), parsed by
 * dockerfile-ast, the parser of the Dockerfile language server.
 */
import { DockerfileParser, Env, From, type Instruction, ModifiableInstruction } from 'dockerfile-ast';
import { readRepoFile } from './support.ts';

export interface CopyInstruction {
  /** The stage named by --from, when copying from one. */
  readonly from?: string;
  readonly flags: ReadonlyMap<string, string | null>;
  readonly sources: readonly string[];
  readonly destination: string;
}

export interface Stage {
  readonly name?: string;
  /** Image name, tag and digest of FROM; for FROM <earlier stage>, the stage's name and no tag. */
  readonly image: { readonly name: string; readonly tag?: string; readonly digest?: string };
  readonly instructions: readonly Instruction[];
  readonly copies: readonly CopyInstruction[];
  readonly env: ReadonlyMap<string, string>;
  readonly users: readonly string[];
  readonly healthchecks: readonly { readonly flags: ReadonlyMap<string, string | null>; readonly args: readonly string[] }[];
  readonly exposed: readonly string[];
  readonly entrypoint?: readonly string[];
  readonly cmd?: readonly string[];
}

export interface DockerfileModel {
  readonly file: string;
  readonly text: string;
  readonly stages: readonly Stage[];
  readonly final: Stage;
}

function argumentsOf(instruction: Instruction): string[] {
  return instruction.getArguments().map((argument) => argument.getValue());
}

function flagsOf(instruction: Instruction): Map<string, string | null> {
  const flags = new Map<string, string | null>();
  if (instruction instanceof ModifiableInstruction) for (const flag of instruction.getFlags()) flags.set(flag.getName(), flag.getValue());
  return flags;
}

/** JSON (exec) form as its strings; shell form as its words. */
function commandOf(instruction: Instruction): string[] {
  const raw = instruction.getArgumentsContent() ?? '';
  if (raw.trim().startsWith('[')) return JSON.parse(raw) as string[];
  return argumentsOf(instruction);
}

export function parseDockerfile(file: string): DockerfileModel {
  const text = readRepoFile(file);
  const dockerfile = DockerfileParser.parse(text);
  const stages: Stage[] = [];
  let current: {
    name?: string;
    image: Stage['image'];
    instructions: Instruction[];
    copies: CopyInstruction[];
    env: Map<string, string>;
    users: string[];
    healthchecks: Array<Stage['healthchecks'][number]>;
    exposed: string[];
    entrypoint?: string[];
    cmd?: string[];
  } | undefined;
  for (const instruction of dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword();
    if (instruction instanceof From) {
      if (current) stages.push(current);
      const name = instruction.getBuildStage() ?? undefined;
      const imageName = instruction.getImageName() ?? '';
      const tag = instruction.getImageTag() ?? undefined;
      const digest = instruction.getImageDigest() ?? undefined;
      current = {
        ...(name ? { name } : {}),
        image: { name: imageName, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) },
        instructions: [],
        copies: [],
        env: new Map(),
        users: [],
        healthchecks: [],
        exposed: [],
      };
      continue;
    }
    if (!current) throw new Error(`${file}: ${keyword} before the first FROM`);
    current.instructions.push(instruction);
    switch (keyword) {
      case 'COPY':
      case 'ADD': {
        const flags = flagsOf(instruction);
        const paths = commandOf(instruction);
        const from = flags.get('from') ?? undefined;
        current.copies.push({ ...(from ? { from } : {}), flags, sources: paths.slice(0, -1), destination: paths.at(-1) ?? '' });
        break;
      }
      case 'ENV':
        if (instruction instanceof Env) for (const property of instruction.getProperties()) current.env.set(property.getName(), property.getValue() ?? '');
        break;
      case 'USER':
        current.users.push(argumentsOf(instruction).join(' '));
        break;
      case 'HEALTHCHECK':
        current.healthchecks.push({ flags: flagsOf(instruction), args: argumentsOf(instruction) });
        break;
      case 'EXPOSE':
        current.exposed.push(...argumentsOf(instruction));
        break;
      case 'ENTRYPOINT':
        current.entrypoint = commandOf(instruction);
        break;
      case 'CMD':
        current.cmd = commandOf(instruction);
        break;
      default:
        break;
    }
  }
  if (!current) throw new Error(`${file}: no FROM`);
  stages.push(current);
  return { file, text, stages, final: stages.at(-1)! };
}

/**
 * The repository paths (files or folders, relative to the root) whose contents end up in the final
 * image under /app at the same relative place: copied from the context in the final stage, or
 * copied from the context into an earlier stage's /app and from there into the final one.
 * Paths an earlier stage built (var/…) are listed too, marked as built.
 */
export function pathsInFinalImage(model: DockerfileModel): { readonly fromContext: readonly string[]; readonly built: readonly string[] } {
  const fromContext: string[] = [];
  const built: string[] = [];
  const contextCopies = (stage: Stage): string[] =>
    stage.copies.filter((copy) => copy.from === undefined && (copy.destination === './' || copy.destination.startsWith('./'))).flatMap((copy) => [...copy.sources]);
  fromContext.push(...contextCopies(model.final));
  for (const copy of model.final.copies) {
    if (copy.from === undefined) continue;
    const stage = model.stages.find((candidate) => candidate.name === copy.from);
    if (!stage) throw new Error(`${model.file}: COPY --from=${copy.from} names no stage`);
    const copiedThere = contextCopies(stage);
    for (const source of copy.sources) {
      if (!source.startsWith('/app/')) continue;
      const relative = source.slice('/app/'.length);
      if (copiedThere.some((candidate) => relative === candidate || relative.startsWith(`${candidate}/`))) fromContext.push(relative);
      else built.push(relative);
    }
  }
  return { fromContext: [...new Set(fromContext)].sort(), built: [...new Set(built)].sort() };
}
