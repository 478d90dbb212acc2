#!/usr/bin/env python3
"""A snapshot-isolation key-value store (first committer wins) and its
tlabridge subprocess adapter, in Python with the standard library only.

Protocol: one JSON request per line on stdin, one reply per line on stdout.
  {"id": 1, "method": "setup", "constants": {...}}      -> {"id": 1, "ok": true}
  {"id": 2, "method": "step", "action": "Read", "args": {"t": "t1", "k": "k1", "v": "NoValue"}}
                                                         -> {"id": 2, "ok": true, "result": {"v": "NoValue"}}
  {"id": 3, "method": "observe"}                        -> {"id": 3, "ok": true, "result": {"db": {...}}}
  {"id": 4, "method": "teardown"}                       -> {"id": 4, "ok": true}
Values are ITF JSON with model values as plain names; errors reply
{"id": n, "ok": false, "error": "..."}.
"""
import json
import sys

NO_VALUE = "NoValue"


def elements(value):
    """The elements of an ITF set (or a plain list)."""
    return value["#set"] if isinstance(value, dict) else value


class Store:
    def __init__(self, keys):
        self.keys = list(keys)
        self.clock = 0
        self.versions = {k: [] for k in self.keys}  # key -> [(commit, value)]
        self.txns = {}  # t -> {"status", "snapshot", "writes"}

    def txn(self, t):
        return self.txns.setdefault(t, {"status": "idle", "snapshot": 0, "writes": {}})

    def active(self, t):
        x = self.txn(t)
        if x["status"] != "active":
            raise ValueError("transaction %s is %s, not active" % (t, x["status"]))
        return x

    def begin(self, t):
        x = self.txn(t)
        if x["status"] != "idle":
            raise ValueError("transaction %s already began" % t)
        x["status"] = "active"
        x["snapshot"] = self.clock

    def get(self, t, k):
        x = self.active(t)
        if k in x["writes"]:
            return x["writes"][k]
        visible = [v for (c, v) in self.versions[k] if c <= x["snapshot"]]
        return visible[-1] if visible else None

    def put(self, t, k, value):
        self.active(t)["writes"][k] = value

    def commit(self, t):
        x = self.active(t)
        if any(c > x["snapshot"] for k in x["writes"] for (c, _) in self.versions[k]):
            x["status"] = "aborted"
            return "conflict"
        if x["writes"]:
            self.clock += 1
            for k, v in x["writes"].items():
                self.versions[k].append((self.clock, v))
        x["status"] = "committed"
        return "ok"

    def abort(self, t):
        self.active(t)["status"] = "aborted"

    def committed(self):
        return {k: (vs[-1][1] if vs else NO_VALUE) for k, vs in self.versions.items()}


def step(store, action, args):
    if action == "Begin":
        store.begin(args["t"])
    elif action == "Read":
        value = store.get(args["t"], args["k"])
        return {"v": NO_VALUE if value is None else value}
    elif action == "Write":
        store.put(args["t"], args["k"], args["t"])
    elif action == "Commit":
        return {"r": store.commit(args["t"])}
    elif action == "Abort":
        store.abort(args["t"])
    else:
        raise ValueError("no handler for action %s" % action)
    return None


def main():
    store = None
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        reply = {"id": request.get("id"), "ok": True}
        try:
            method = request["method"]
            if method == "setup":
                store = Store(elements(request["constants"]["Keys"]))
            elif method == "step":
                result = step(store, request["action"], request.get("args", {}))
                if result is not None:
                    reply["result"] = result
            elif method == "observe":
                reply["result"] = {"db": {"#map": [[k, v] for k, v in sorted(store.committed().items())]}}
            elif method == "teardown":
                store = None
            else:
                raise ValueError("unknown method %s" % method)
        except Exception as e:  # reported to the test, which fails with it
            reply = {"id": request.get("id"), "ok": False, "error": "%s: %s" % (type(e).__name__, e)}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
