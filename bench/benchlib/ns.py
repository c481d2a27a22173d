"""The bench topology: an injector namespace and a receiver namespace joined
by one veth (10.255.1.1/24 -- 10.255.1.2/24); in the receiver, one bridge and
one vxlan device per VNI, the way a leaf is set up (topologies/leaf-setup.sh).
The injector's VTEPs (10.255.1.101..) are in the veth's subnet, so every next
hop resolves. Everything made here is undone by close(), even after a
failure: processes killed, namespaces deleted."""
import os
import signal
import subprocess
import time

INJ_ADDR = "10.255.1.1"
RCV_ADDR = "10.255.1.2"


def sh(cmd, check=True, **kw):
    return subprocess.run(cmd, shell=True, check=check, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


class Topo:
    def __init__(self, prefix, vnis, vni_base):
        self.inj = prefix + "-i"
        self.rcv = prefix + "-r"
        self.vnis = [vni_base + j for j in range(vnis)]
        self.procs = []

    def up(self):
        for ns in (self.inj, self.rcv):
            sh(f"ip netns add {ns}")
            sh(f"ip -n {ns} link set lo up")
        sh(f"ip link add bv-i netns {self.inj} type veth peer name bv-r netns {self.rcv}")
        sh(f"ip -n {self.inj} addr add {INJ_ADDR}/24 dev bv-i")
        sh(f"ip -n {self.rcv} addr add {RCV_ADDR}/24 dev bv-r")
        sh(f"ip -n {self.inj} link set bv-i up")
        sh(f"ip -n {self.rcv} link set bv-r up")
        self._vxlans()

    def _vxlans(self):
        lines = []
        for v in self.vnis:
            lines += [f"link add br{v} type bridge",
                      f"link add vxlan{v} type vxlan id {v} local {RCV_ADDR} dstport 4789 nolearning",
                      f"link set vxlan{v} master br{v}",
                      f"link set br{v} up", f"link set vxlan{v} up"]
        subprocess.run(["ip", "-n", self.rcv, "-batch", "-"], input="\n".join(lines) + "\n",
                       text=True, check=True)
        for v in self.vnis:
            sh(f"bridge -n {self.rcv} link set dev vxlan{v} learning off neigh_suppress on")

    def spawn(self, ns, argv, log, stdin=subprocess.DEVNULL, stdout=None):
        """A process in ns; ip netns exec execs it, so the PID is its own."""
        out = stdout if stdout is not None else open(log, "ab")
        p = subprocess.Popen(["ip", "netns", "exec", ns] + argv, stdin=stdin, stdout=out,
                             stderr=open(log, "ab"))
        self.procs.append(p)
        return p

    def kill(self, p, sig=signal.SIGTERM, wait=10):
        if p.poll() is None:
            p.send_signal(sig)
            try:
                p.wait(wait)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()

    def close(self):
        for p in reversed(self.procs):
            self.kill(p)
        for ns in (self.inj, self.rcv):
            pids = sh(f"ip netns pids {ns}", check=False).stdout.split()
            for pid in pids:
                try:
                    os.kill(int(pid), signal.SIGKILL)
                except ProcessLookupError:
                    pass
            sh(f"ip netns del {ns}", check=False)
        time.sleep(0.2)
