/**
 * Permissiveness: how much of what an isolation level allows a protocol
 * produces, and whether it produces anything the level forbids.
 *
 * @module
 */
import { checkHistory, weakestFailed, type Anomaly } from "./check.js";
import { LEVEL_BIT } from "./client-centric.js";
import type { ObservedHistories } from "./extract.js";
import type { History, Level } from "./history.js";
import { forEachHistory, historyKey, type UniverseBounds } from "./universe.js";

/** A history the protocol produces that the level forbids. */
export interface SoundnessViolation {
  readonly history: History;
  readonly anomaly: Anomaly;
}

/** Allowed histories the protocol never produces, with one name: the anomaly they show (or `serializable`). */
export interface RefusedGroup {
  readonly anomaly: string;
  readonly count: number;
  /** The first in canonical order. */
  readonly example: History;
}

/** The permissiveness of a protocol at a level. */
export interface Permissiveness {
  readonly level: Level;
  readonly bounds: UniverseBounds;
  /** Distinct histories the protocol produces within the bounds. */
  readonly observed: number;
  /** Histories within the bounds the level allows. */
  readonly allowed: number;
  /** Produced and allowed. */
  readonly observedAllowed: number;
  /** observedAllowed / allowed. */
  readonly ratio: number;
  readonly violations: readonly SoundnessViolation[];
  /** Allowed but never produced, grouped by anomaly, largest group first. */
  readonly neverProduced: readonly RefusedGroup[];
  /**
   * The protocol has no read action ({@link ObservedHistories.writesOnly}):
   * the universe is cut to its histories without reads, so `allowed` counts
   * the write-only histories the level allows and `ratio` is the share of
   * those (which sets of writes commit together) the protocol produces.
   */
  readonly writesOnly: boolean;
  /**
   * Produced histories that are not in the universe: a write storing
   * something other than its transaction's id, or a read of a value no
   * transaction writes. They count in `observed` (and are checked for
   * violations) but never in `observedAllowed`.
   */
  readonly outsideUniverse: number;
}

/**
 * Compares what a protocol produces with the universe of histories within
 * the same bounds (its transactions and keys, `maxOps` operations each).
 * Strict serializability is checked on each produced history with its
 * real-time order; the universe has none, so its allowed set is SER's.
 */
export function permissiveness(observed: ObservedHistories, level: Level, maxOps: number, onProgress?: (classified: number) => void): Permissiveness {
  const bounds: UniverseBounds = { transactions: observed.transactions, keys: observed.keys, maxOps };
  const bit = LEVEL_BIT[level];
  let allowed = 0;
  let observedAllowed = 0;
  const writesOnly = observed.writesOnly ?? false;
  const refused = new Map<string, { count: number; example: History; key: string }>();
  forEachHistory(bounds, (history, mask) => {
    if (writesOnly && history.transactions.some((t) => t.ops.some((o) => o.type === "r"))) return;
    if (!(mask & bit)) return;
    allowed++;
    const key = historyKey(history);
    if (observed.histories.has(key)) {
      observedAllowed++;
      return;
    }
    const stronger = weakestFailed(mask);
    const name = stronger === undefined ? "serializable" : anomalyName(history, stronger);
    const group = refused.get(name);
    if (!group) refused.set(name, { count: 1, example: history, key });
    else {
      group.count++;
      if (key < group.key) Object.assign(group, { example: history, key });
    }
  }, onProgress);
  const violations: SoundnessViolation[] = [];
  for (const key of [...observed.histories.keys()].sort()) {
    for (const history of observed.histories.get(key)!) {
      const outcome = checkHistory(history, level);
      if (outcome.kind === "fail") {
        violations.push({ history, anomaly: outcome.anomaly });
        break;
      }
      if (level !== "SSER") break; // only strict serializability depends on the real-time order
    }
  }
  const neverProduced = [...refused]
    .map(([anomaly, g]) => ({ anomaly, count: g.count, example: g.example }))
    .sort((a, b) => b.count - a.count || a.anomaly.localeCompare(b.anomaly));
  return {
    level,
    bounds,
    observed: observed.histories.size,
    allowed,
    observedAllowed,
    ratio: allowed === 0 ? 0 : observedAllowed / allowed,
    violations,
    neverProduced,
    writesOnly,
    outsideUniverse: [...observed.histories.values()].filter((v) => !inUniverse(v[0]!, bounds, writesOnly)).length,
  };
}

/** Whether the universe within `bounds` has `h`: each write storing its transaction's id, each read the initial value or some transaction's id. */
function inUniverse(h: History, bounds: UniverseBounds, writesOnly: boolean): boolean {
  const txns = new Set(bounds.transactions);
  return h.transactions.every(
    (t) =>
      t.ops.length <= bounds.maxOps &&
      t.ops.every((o) => (o.type === "w" ? String(o.value) === t.id : !writesOnly && (o.value === null || txns.has(String(o.value))))),
  );
}

function anomalyName(history: History, failed: Level): string {
  const outcome = checkHistory(history, failed);
  return outcome.kind === "fail" ? outcome.anomaly.name : `fails ${failed}`;
}


