/**
 * The procedures a user may start: those the engine says the user may
 * create instances of (startablePermissionCheck: CREATE_INSTANCE on the
 * definition), latest active versions only, and of those the procedures
 * some role starts by hand (the access rules' STARTS). hazard-rectification, clue-transfer and
 * patrol-entry are started by their callers with the caller's variables, so
 * they are never offered, whatever the engine would allow.
 */
import { STARTS } from '../../../deploy/access/rules.ts';
import { ProcessId } from '../../../workers/contract.ts';
import type { EngineRestClient } from '../../../workers/engine/rest-client.ts';
import type { StartableProcess } from '../../api-types.ts';
import type { EngineProcessDefinition, EngineStartFormInfo } from '../engine-types.ts';
import { segment } from '../engine.ts';

/** Whatever some role starts by hand (deploy/access/rules.ts STARTS), in the contract's order. */
export const STARTABLE_PROCEDURES: readonly string[] = Object.values(ProcessId).filter((key) =>
  Object.values(STARTS).some((keys) => keys?.includes(key)),
);

export function isStartableProcedure(key: string): boolean {
  return STARTABLE_PROCEDURES.includes(key);
}

export function hasForm(info: EngineStartFormInfo | undefined): boolean {
  return Boolean(info?.operatonFormRef?.key || info?.key);
}

/** Ordered as STARTABLE_PROCEDURES. */
export async function startableProcesses(client: EngineRestClient, startForms: Map<string, Promise<boolean>>): Promise<StartableProcess[]> {
  const definitions = await client.request<EngineProcessDefinition[]>('GET', '/process-definition', undefined, {
    query: { latestVersion: true, startablePermissionCheck: true, startableInTasklist: true, active: true, keysIn: STARTABLE_PROCEDURES.join(',') },
  });
  const offered = definitions.filter((definition) => isStartableProcedure(definition.key));
  offered.sort((a, b) => STARTABLE_PROCEDURES.indexOf(a.key) - STARTABLE_PROCEDURES.indexOf(b.key));
  return Promise.all(
    offered.map(async (definition) => {
      let known = startForms.get(definition.id);
      if (!known) {
        known = client
          .request<EngineStartFormInfo>('GET', `/process-definition/${segment(definition.id)}/startForm`)
          .then(hasForm, () => false);
        startForms.set(definition.id, known);
      }
      return { key: definition.key, name: definition.name ?? definition.key, hasStartForm: await known };
    }),
  );
}
