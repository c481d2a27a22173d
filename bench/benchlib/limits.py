"""The physical limits evpnd's figures are read against: how fast this
kernel takes the same FDB entries from a minimal batched netlink writer
(bench/nlraw.c), and how fast the routes can be encoded and decoded with
no receiver at all (evpnd-inject --selftest)."""
import json
import os
import subprocess

from .ns import Topo


def raw_netlink(prefix, build, n, cfg):
    topo = Topo(prefix, cfg.vnis, cfg.vni_base)
    try:
        topo.up()
        devs = ",".join(f"vxlan{v}" for v in topo.vnis)
        out = subprocess.run(["ip", "netns", "exec", topo.rcv, os.path.join(build, "bench", "nlraw"),
                              "-n", str(n), "-d", devs, "-T", str(cfg.vteps), "-b", "64"],
                             check=True, text=True, capture_output=True, timeout=600).stdout
        return json.loads(out)
    finally:
        topo.close()


def selftest(build, n, cfg):
    out = subprocess.run([os.path.join(build, "bench", "evpnd-inject"), "--selftest", "-n", str(n),
                          "-V", str(cfg.vnis), "--vni-base", str(cfg.vni_base), "-T",
                          str(cfg.vteps), "--ip-every", str(cfg.ip_every), "--mob-every",
                          str(cfg.mob_every)], check=True, text=True, capture_output=True,
                         timeout=600).stdout
    return json.loads(out)
