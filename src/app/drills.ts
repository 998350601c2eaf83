import { randomBytes } from 'node:crypto';
import type { Actor } from '../domain/change';
import { finishDrill, newDrill, startDrill, type RestoreDrill } from '../domain/drills';
import type { ProcessDefinition } from '../domain/process';
import { serviceFacts, serviceNames } from '../domain/serviceFacts';
import { KeyedMutex } from '../store/keyedMutex';
import type { Measurements } from '../store/measurements';
import type { Clock } from './ports';

export type DrillAnswer =
  { ok: true; drill: RestoreDrill } | { ok: false; message: string; drill?: RestoreDrill };

export interface DrillDeps {
  measurements: Measurements;
  proc: ProcessDefinition;
  clock: Clock;
  /** A unique drill id; random by default, fixed in tests. */
  newId?: () => string;
}

function randomId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `DRILL-${stamp}-${randomBytes(3).toString('hex')}`;
}

/**
 * Restore drills, outside any change: `drill <service>` opens one, its card's presses time it. Every press is
 * stored at once, so a drill survives a restart between Started and Restored.
 */
export function createDrills(deps: DrillDeps) {
  const { measurements, proc, clock } = deps;
  // Two presses on one drill card at once (two people, a double click): the second sees the first's result.
  const presses = new KeyedMutex();

  /** The service typed (any case), or the only one when nothing was typed and the process has one. */
  function pickService(
    typed: string | undefined,
  ): { ok: true; service: string } | { ok: false; message: string } {
    const names = serviceNames(proc);
    const wanted = (typed ?? '').trim().toLowerCase();
    if (!wanted && names.length === 1) return { ok: true, service: names[0]! };
    const found = names.find((name) => name.toLowerCase() === wanted);
    if (found) return { ok: true, service: found };
    const list = names.map((name) => `"drill ${name}"`).join(', ');
    return {
      ok: false,
      message: wanted
        ? `There is no service "${typed!.trim().slice(0, 60)}" in the process file. Type one of: ${list}.`
        : `Say which service to drill: ${list}.`,
    };
  }

  async function open(typed: string | undefined, by: Actor): Promise<DrillAnswer> {
    const picked = pickService(typed);
    if (!picked.ok) return picked;
    if (serviceFacts(proc, picked.service).restorePaths.length === 0)
      return { ok: false, message: `The process file names no restore path for ${picked.service}.` };
    const now = clock();
    const drill = newDrill(deps.newId?.() ?? randomId(now), picked.service, by, now);
    await measurements.saveDrill(drill);
    return { ok: true, drill };
  }

  async function press(
    verb: 'drill.started' | 'drill.restored' | 'drill.abandoned',
    id: string,
    input: { path: string; note: string },
    by: Actor,
  ): Promise<DrillAnswer> {
    return presses.run(id, () => applyPress(verb, id, input, by));
  }

  async function applyPress(
    verb: 'drill.started' | 'drill.restored' | 'drill.abandoned',
    id: string,
    input: { path: string; note: string },
    by: Actor,
  ): Promise<DrillAnswer> {
    const drill = await measurements.getDrill(id);
    if (!drill)
      return {
        ok: false,
        message: `The drill ${id} is not stored (any more). Type "drill" to start a new one.`,
      };
    const at = clock();
    const step =
      verb === 'drill.started'
        ? startDrill(
            drill,
            input.path,
            serviceFacts(proc, drill.service).restorePaths.map((p) => p.name),
            by,
            at,
          )
        : finishDrill(drill, verb === 'drill.restored' ? 'restored' : 'abandoned', input.note, by, at);
    if (!step.ok) return { ok: false, message: step.message, drill };
    await measurements.saveDrill(step.drill);
    return { ok: true, drill: step.drill };
  }

  return { open, press, pickService };
}

export type Drills = ReturnType<typeof createDrills>;
