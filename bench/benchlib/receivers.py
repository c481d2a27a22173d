"""The three receivers, each started in the receiver namespace with the
injector as its one iBGP peer (passive: the injector connects), and asked
through its own CLI how many routes it holds from that peer."""
import json
import os
import subprocess
import time

from .ns import INJ_ADDR, RCV_ADDR, sh

ASN = 65000


def _wait(what, fn, limit=30):
    end = time.monotonic() + limit
    while time.monotonic() < end:
        try:
            if fn():
                return
        except (subprocess.SubprocessError, ValueError, KeyError, OSError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not come up")


class Receiver:
    name = "?"
    kernel = True  # programs the kernel FDB
    settle = 1     # seconds from Established to the first route

    def __init__(self, topo, workdir, build):
        self.topo, self.dir, self.build = topo, workdir, build
        self.procs = []
        os.makedirs(self.dir, exist_ok=True)
        os.chmod(self.dir, 0o777)

    def pids(self):
        return [p.pid for p in self.procs]

    def stop(self):
        for p in reversed(self.procs):
            self.topo.kill(p)

    def _summary_pfx(self, out):
        peer = json.loads(out)["peers"].get(INJ_ADDR, {})
        return int(peer.get("pfxRcd", 0)) if peer.get("state") == "Established" else -1


class Evpnd(Receiver):
    name = "evpnd"

    def start(self):
        conf = os.path.join(self.dir, "evpnd.conf")
        with open(conf, "w") as f:
            f.write(f"""hostname rcv
router bgp {ASN}
 bgp router-id {RCV_ADDR}
 no bgp default ipv4-unicast
 neighbor {INJ_ADDR} remote-as internal
 neighbor {INJ_ADDR} passive
 address-family l2vpn evpn
  neighbor {INJ_ADDR} activate
  advertise-all-vni
 exit-address-family
""")
        self.sock = os.path.join(self.dir, "run", "evpnd.sock")
        self.procs.append(self.topo.spawn(
            self.topo.rcv, [os.path.join(self.build, "evpnd"), "-N", "bench", "--rundir",
                            os.path.join(self.dir, "run"), "-f", conf, "--log-level", os.environ.get("EVPND_LOG_LEVEL", "notice")],
            os.path.join(self.dir, "evpnd.log")))
        _wait("evpnd", lambda: self.cli("show version"))

    def cli(self, cmd):
        return subprocess.run([os.path.join(self.build, "evpnsh"), "--socket", self.sock, "-c", cmd],
                              check=True, text=True, capture_output=True, timeout=30).stdout

    def rib_count(self):
        return self._summary_pfx(self.cli("show bgp l2vpn evpn summary json"))

    def rib_memory(self):
        """Heap bytes of the EVPN table and the interned attributes."""
        return int(json.loads(self.cli("show bgp l2vpn evpn summary json"))["ribMemory"])


class Frr(Receiver):
    name = "frr"
    settle = float(os.environ.get("FRR_SETTLE", "10"))

    def start(self):
        sh("id -nG root | grep -qw frrvty || usermod -a -G frrvty root")
        with open(os.path.join(self.dir, "host.conf"), "w") as f:
            f.write("hostname rcv\n")
        for d in ("zebra", "bgpd"):
            self._daemon(d)
            if d == "zebra":
                _wait("zebra", lambda: os.path.exists(os.path.join(self.dir, "zserv.api")))
        _wait("FRR", lambda: "bgpd" in self.vtysh("show daemons"))
        conf = os.path.join(self.dir, "frr.conf")
        with open(conf, "w") as f:
            f.write(f"""router bgp {ASN}
 bgp router-id {RCV_ADDR}
 no bgp default ipv4-unicast
 neighbor {INJ_ADDR} remote-as {ASN}
 neighbor {INJ_ADDR} passive
 address-family l2vpn evpn
  neighbor {INJ_ADDR} activate
  advertise-all-vni
 exit-address-family
""")
        out = self._vtysh(["-f", conf])
        if "% " in out:
            raise RuntimeError(f"FRR refused the config: {out}")

    def _daemon(self, d):
        # -s: zebra's netlink receive buffer, 32 MiB like evpnd's, so FRR is
        # not slowed by lost kernel events at scale.
        extra = ["-s", "33554432"] if d == "zebra" else []
        self.procs.append(self.topo.spawn(
            self.topo.rcv, [f"/usr/lib/frr/{d}", "-f", os.path.join(self.dir, "host.conf"),
                            "-i", os.path.join(self.dir, f"{d}.pid"), "-z",
                            os.path.join(self.dir, "zserv.api"), "--vty_socket", self.dir,
                            "-P", "0", "-u", "root", "-g", "root",
                            "--log", f"file:{self.dir}/{d}.log"] + extra,
            os.path.join(self.dir, f"{d}.out")))

    def _vtysh(self, args):
        return subprocess.run(["ip", "netns", "exec", self.topo.rcv, "vtysh", "--vty_socket",
                               self.dir] + args, text=True, capture_output=True,
                              timeout=120).stdout

    def vtysh(self, cmd):
        return self._vtysh(["-c", cmd])

    def rib_count(self):
        return self._summary_pfx(self.vtysh("show bgp l2vpn evpn summary json"))


class Gobgp(Receiver):
    """GoBGP 3.10 takes longer per route as its EVPN table grows (measured
    here: 10k routes in ~9 s, 20k in ~50 s), so a case stops after `limit`
    seconds and reports how many routes it had by then."""
    name = "gobgp"
    kernel = False
    PORT = 50151
    limit = 120

    def start(self):
        conf = os.path.join(self.dir, "gobgp.toml")
        with open(conf, "w") as f:
            f.write(f"""[global.config]
  as = {ASN}
  router-id = "{RCV_ADDR}"
[[neighbors]]
  [neighbors.config]
    neighbor-address = "{INJ_ADDR}"
    peer-as = {ASN}
  [neighbors.transport.config]
    passive-mode = true
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "l2vpn-evpn"
""")
        self.procs.append(self.topo.spawn(
            self.topo.rcv, ["gobgpd", "-t", "toml", "-f", conf, "--api-hosts",
                            f"127.0.0.1:{self.PORT}", "--pprof-disable", "-l", "warn"],
            os.path.join(self.dir, "gobgpd.log")))
        _wait("gobgpd", lambda: len(json.loads(self.gobgp("neighbor", "-j"))) >= 1)

    def gobgp(self, *args):
        return subprocess.run(["ip", "netns", "exec", self.topo.rcv, "gobgp", "-u", "127.0.0.1",
                               "-p", str(self.PORT)] + list(args), check=True, text=True,
                              capture_output=True, timeout=60).stdout

    def rib_count(self):
        n = json.loads(self.gobgp("neighbor", INJ_ADDR, "-j"))
        if n["state"].get("session_state") != 6:
            return -1
        return sum(int(a.get("state", {}).get("received", 0)) for a in n.get("afi_safis", []))


RECEIVERS = {"evpnd": Evpnd, "frr": Frr, "gobgp": Gobgp}
