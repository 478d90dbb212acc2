// The adapter that drives MvccStore from the KVStore spec's actions.
import { defineAdapter } from "tlabridge/runtime";
import { createStore } from "./mutants/index.js";
import { bugsFromEnvironment } from "./store.js";

const NO_VALUE = "NoValue";

export default defineAdapter({
  // The store, with the seeded bugs of KVSTORE_BUGS or the mutant of KVSTORE_MUTANT.
  setup: (constants) => createStore(constants.Keys as string[], bugsFromEnvironment()),
  actions: {
    Begin: (store, { t }) => store.begin(t as string),
    Read: (store, { t, k }) => ({ v: store.get(t as string, k as string) ?? NO_VALUE }),
    Write: (store, { t, k }) => store.put(t as string, k as string, t as string),
    Commit: (store, { t }) => ({ r: store.commit(t as string) }),
    Abort: (store, { t }) => store.abort(t as string),
  },
  // Negative steps: a transaction that is not active cannot read, commit or abort, and one that began cannot begin again.
  // (Write is left out: the model writes a key once, the store lets a transaction overwrite its own write.)
  refusals: {
    actions: ["Begin", "Read", "Commit", "Abort"],
    refused: (outcome) => outcome.kind === "threw" && /is (idle|committed|aborted), not active|already began/.test(String(outcome.error)),
  },
  observe: (store) => {
    const db: Record<string, string> = {};
    for (const [k, v] of Object.entries(store.committed())) db[k] = v ?? NO_VALUE;
    return { db };
  },
});
