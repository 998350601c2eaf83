import { randomBytes } from 'node:crypto';
import type { Actor } from '../domain/change';
import {
  drillRefusal,
  drillsToForget,
  finishDrill,
  mayRunDrill,
  newDrill,
  openDrillOf,
  startDrill,
  type RestoreDrill,
} from '../domain/drills';
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
  // Two `drill` commands for one service at once: the second finds the first's drill open.
  const presses = new KeyedMutex();
  const opening = new KeyedMutex();

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

  /**
   * `drill <service>`: the service's open drill when it has one (one at a time), else a new one. Only the
   * service's approvers and drillers may. The stored drills are read first: another instance may have opened
   * or finished one.
   */
  async function open(typed: string | undefined, by: Actor): Promise<DrillAnswer> {
    const picked = pickService(typed);
    if (!picked.ok) return picked;
    const facts = serviceFacts(proc, picked.service);
    if (!mayRunDrill(by, facts)) return { ok: false, message: drillRefusal(picked.service, facts) };
    if (facts.restorePaths.length === 0)
      return { ok: false, message: `The process file names no restore path for ${picked.service}.` };
    return opening.run(picked.service, async () => {
      await measurements.load();
      const already = openDrillOf(measurements.measured().drills, picked.service);
      if (already) return { ok: true, drill: already };
      const now = clock();
      const drill = newDrill(deps.newId?.() ?? randomId(now), picked.service, by, now);
      await measurements.saveDrill(drill);
      return { ok: true, drill };
    });
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
    const facts = serviceFacts(proc, drill.service);
    if (!mayRunDrill(by, facts)) return { ok: false, message: drillRefusal(drill.service, facts) };
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
    if (step.drill.state === 'restored' || step.drill.state === 'abandoned') await forgetOld(drill.service);
    return { ok: true, drill: step.drill };
  }

  /** Keeps the stored drills of a service bounded (KEEP_FINISHED per restore path). */
  async function forgetOld(service: string): Promise<void> {
    await measurements.load();
    for (const old of drillsToForget(measurements.measured().drills, service)) {
      await measurements.deleteDrill(old.id);
    }
  }

  return { open, press, pickService };
}

export type Drills = ReturnType<typeof createDrills>;
