// One process of the two-phase commit example: the transaction manager
// ("tm") or a resource manager ("r1", "r2", ...). Processes talk over
// loopback TCP (one JSON message per line) and each writes its own NDJSON
// log of the spec actions it performs, stamped with a vector clock.
//
//   node node.mjs tm <port> <rm,rm,...> <log> [--bug]
//   node node.mjs <rm> <port> <log> [--abort]
//
// --bug (tm): commits as soon as the first RM is prepared, not all of them.
// --abort (rm): the RM chooses to abort instead of preparing.
import { appendFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import { createInterface } from "node:readline";

const [role, portText, ...rest] = process.argv.slice(2);
const port = Number(portText);
const clock = { [role]: 0 };

function log(file, event, args) {
  clock[role]++;
  appendFileSync(file, JSON.stringify({ host: role, clock: { ...clock }, event, args }) + "\n");
}

function merge(other) {
  for (const [h, n] of Object.entries(other)) if (h !== role) clock[h] = Math.max(clock[h] ?? 0, n);
}

function send(socket, message) {
  socket.write(JSON.stringify({ ...message, clock: { ...clock } }) + "\n");
}

if (role === "tm") {
  const [rmList, file, flag] = rest;
  const rms = rmList.split(",");
  const bug = flag === "--bug";
  writeFileSync(file, "");
  const sockets = [];
  const prepared = new Set();
  let decided = false;
  let decision;
  let finished = 0;
  const decide = (type) => {
    decided = true;
    decision = type;
    log(file, type === "Commit" ? "TMCommit" : "TMAbort", {});
    for (const s of sockets) send(s, { type });
  };
  const server = net.createServer((socket) => {
    sockets.push(socket);
    // An RM that connects after the decision learns it at once.
    if (decided) send(socket, { type: decision });
    createInterface({ input: socket }).on("line", (line) => {
      const m = JSON.parse(line);
      merge(m.clock);
      if (m.type === "Prepared" && !decided) {
        log(file, "TMRcvPrepared", { r: m.rm });
        prepared.add(m.rm);
        if (prepared.size === rms.length || bug) decide("Commit");
      } else if (m.type === "Aborted" && !decided) {
        decide("Abort");
      } else if (m.type === "Done") {
        if (++finished === rms.length) {
          for (const s of sockets) s.end();
          server.close();
        }
      }
    });
  });
  server.listen(port, "127.0.0.1", () => process.send?.("listening"));
} else {
  const [file, flag] = rest;
  writeFileSync(file, "");
  const socket = net.connect(port, "127.0.0.1", () => {
    if (flag === "--abort") {
      log(file, "RMChooseToAbort", { r: role });
      send(socket, { type: "Aborted", rm: role });
    } else {
      log(file, "RMPrepare", { r: role });
      send(socket, { type: "Prepared", rm: role });
    }
  });
  createInterface({ input: socket }).on("line", (line) => {
    const m = JSON.parse(line);
    merge(m.clock);
    if (m.type === "Commit") log(file, "RMRcvCommitMsg", { r: role });
    if (m.type === "Abort" && flag !== "--abort") log(file, "RMRcvAbortMsg", { r: role });
    send(socket, { type: "Done" });
    socket.end();
  });
}
