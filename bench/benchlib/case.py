"""One measured case: one receiver, N type-2 routes. The injector announces
(type-3s, type-2s, End-of-RIB), a move storm re-advertises a tenth of the
MACs from other VTEPs, then everything is withdrawn. Times run from the
moment the injector's first octet went to the socket; the RIB is polled
through the receiver's own CLI JSON, the kernel FDB is watched by fdbwatch
(netlink events, so no polling there)."""
import os
import queue
import subprocess
import threading
import time

from .ns import RCV_ADDR, INJ_ADDR


def _stat(pid):
    """(CPU seconds, peak RSS KiB, RSS KiB) of a live process."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    mem = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("VmHWM", "VmRSS"):
                mem[k] = int(v.split()[0])
    return cpu, mem["VmHWM"], mem["VmRSS"]


def usage(pids):
    s = [_stat(p) for p in pids]
    return {"cpu_s": sum(x[0] for x in s), "peak_kib": sum(x[1] for x in s),
            "rss_kib": sum(x[2] for x in s)}


class FdbWatch:
    """fdbwatch's lines ("t count [moved]") read on a thread."""

    def __init__(self, topo, build, target, log):
        self.p = topo.spawn(topo.rcv, [os.path.join(build, "bench", "fdbwatch"), "-t", str(target)],
                            log, stdout=subprocess.PIPE)
        self.out = open(log + ".out", "w")  # the counts as they went, for a look afterwards
        self.lines = queue.Queue()
        self.count, self.t, self.overruns, self.moved, self.t_moved = -1, 0.0, 0, 0, 0.0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.p.stdout:
            self.out.write(line.decode())
            self.lines.put(line.decode().split())

    def drain(self):
        while True:
            try:
                f = self.lines.get_nowait()
            except queue.Empty:
                return
            if f[0] == "overrun":
                self.overruns += 1
            else:
                self.t, self.count = float(f[0]), int(f[1])
                if len(f) > 2 and int(f[2]) != self.moved:
                    self.moved, self.t_moved = int(f[2]), self.t

    def when(self, count):
        """The time the count was last seen equal to count, or None."""
        self.drain()
        return self.t if self.count == count else None

    def until_moved(self, moved, limit):
        """When the kernel had moved `moved` MACs in all, or None."""
        end = time.monotonic() + limit
        while time.monotonic() < end:
            self.drain()
            if self.moved >= moved:
                return self.t_moved
            time.sleep(0.05)
        return None


class Injector:
    def __init__(self, topo, build, args, log):
        self.p = topo.spawn(topo.inj, [os.path.join(build, "bench", "evpnd-inject"), "-p",
                                       RCV_ADDR, "-l", INJ_ADDR] + args, log,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.expect("up")

    def expect(self, word):
        line = self.p.stdout.readline().decode().split()
        if not line or line[0] != word:
            raise RuntimeError(f"injector: wanted '{word}', got {line or 'EOF'}")
        return line

    def cmd(self, text):
        """Sends a command; its answer is read later with answer()."""
        self.p.stdin.write((text + "\n").encode())
        self.p.stdin.flush()

    def answer(self, word):
        f = self.expect(word)
        return {"first": float(f[1]), "last": float(f[2]), "msgs": int(f[3]),
                "bytes": int(f[4]), "routes": int(f[5])}


def _poll(rcv, want_rib, fdb, want_fdb, limit, interval):
    """Waits until the receiver's RIB holds want_rib routes from the
    injector and (with fdb) the kernel want_fdb MACs. Returns the times
    each was first seen (None: not within limit)."""
    t_rib = t_fdb = None
    end = time.monotonic() + limit
    while time.monotonic() < end and (t_rib is None or (fdb and t_fdb is None)):
        if t_rib is None:
            try:
                if rcv.rib_count() == want_rib:
                    t_rib = time.monotonic()
            except (subprocess.SubprocessError, ValueError, KeyError):
                pass
        if fdb and t_fdb is None:
            t_fdb = fdb.when(want_fdb)
        time.sleep(interval)
    return t_rib, t_fdb


def run(rcv, topo, build, n, cfg, logdir):
    """Measures one case; returns its figures (times in s, memory in KiB)."""
    fdb = FdbWatch(topo, build, n, os.path.join(logdir, "fdbwatch.log")) if rcv.kernel else None
    rcv.start()
    inj = Injector(topo, build, ["-n", str(n), "-V", str(cfg.vnis), "--vni-base", str(cfg.vni_base),
                                 "-T", str(cfg.vteps), "--ip-every", str(cfg.ip_every),
                                 "--mob-every", str(cfg.mob_every)],
                   os.path.join(logdir, "inject.log"))
    type3 = cfg.vnis * cfg.vteps
    limit, interval = cfg.limit(n), 0.05 if n <= 100000 else 0.1
    _poll(rcv, 0, None, 0, 30, 0.2)  # the session is Established
    time.sleep(rcv.settle)
    r = {"receiver": rcv.name, "n": n}
    base = usage(rcv.pids())
    inj.cmd("announce")
    ann = inj.answer("announce")
    limit = min(limit, getattr(rcv, "limit", limit))
    t_rib, t_fdb = _poll(rcv, n + type3, fdb, n, limit, interval)
    done = usage(rcv.pids())
    if t_rib is None:  # unfinished: how far it got
        r["limit_s"], r["rib_at_limit"] = limit, _count(rcv)
    if fdb and t_fdb is None:
        fdb.drain()
        r["limit_s"], r["fdb_at_limit"] = limit, fdb.count
    r.update(_times("", ann, t_rib, t_fdb))
    r["send_s"] = ann["last"] - ann["first"]
    r["cpu_s"] = done["cpu_s"] - base["cpu_s"]
    r["peak_kib"] = done["peak_kib"]
    r["rss_kib"] = done["rss_kib"]
    r["bytes_per_route"] = (done["rss_kib"] - base["rss_kib"]) * 1024 / max(n, 1)
    if hasattr(rcv, "rib_memory") and t_rib is not None:
        r["rib_bytes_per_route"] = rcv.rib_memory() / (n + type3)
    if cfg.moves and fdb and t_fdb is not None:
        r.update(_move(inj, fdb, n, limit))
    if t_rib is not None:
        c0 = usage(rcv.pids())["cpu_s"]
        inj.cmd("withdraw")
        wd = inj.answer("withdraw")
        t_rib, t_fdb = _poll(rcv, 0, fdb, 0, limit, interval)
        r.update(_times("wd_", wd, t_rib, t_fdb))
        r["wd_cpu_s"] = usage(rcv.pids())["cpu_s"] - c0
    r["peak_kib"] = usage(rcv.pids())["peak_kib"]
    if fdb:
        fdb.drain()
        r["fdb_overruns"] = fdb.overruns
    inj.cmd("quit")
    return r


def _count(rcv):
    try:
        return rcv.rib_count()
    except (subprocess.SubprocessError, ValueError, KeyError):
        return None


def _times(pre, phase, t_rib, t_fdb):
    out = {pre + "rib_s": None if t_rib is None else t_rib - phase["first"]}
    out[pre + "fdb_s"] = None if t_fdb is None else t_fdb - phase["first"]
    return out


def _move(inj, fdb, n, limit):
    """A move storm: a tenth of the MACs re-advertised from other VTEPs with
    higher sequence numbers (their old routes withdrawn behind them); done
    when the kernel FDB points every one of them at its new VTEP."""
    k = max(1, n // 10)
    fdb.drain()
    moved0 = fdb.moved
    inj.cmd(f"move {k}")
    mv = inj.answer("move")
    t = fdb.until_moved(moved0 + k, limit)
    return {"move_k": k, "move_fdb_s": None if t is None else t - mv["first"]}
