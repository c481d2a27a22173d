/* The configuration commands, FRR's syntax, each mapped onto YANG leaves.
 * Row order is the order `show running-config` prints them in. Paths are
 * relative to the node of the mode the row is typed in (see cli/edit.c). */
#include "cli/cmd.h"

#define NEIGH .list = "neighbors/neighbor", .key = "address"
#define EVPN "evpnd-evpn:l2vpn-evpn/"
#define DAD EVPN "dup-addr-detection/"
/* FRR's words (bgpd/bgp_evpn_vty.c) for a `no` that names another value. */
#define VNI_RT_NO_MATCH "% RT specified does not match configuration for this VNI"

const struct cli_cmd cli_config_cmds[] = {
	/* leaving modes; "end" and the top-level "exit" belong to the edit (cli/edit.c) */
	{ M_CONFIGURE, "end", .flags = CMD_EXIT },
	{ M_CONFIGURE, "exit", .flags = CMD_EXIT },
	{ M_AF, "exit-address-family", .flags = CMD_EXIT },
	{ M(CLI_VNI), "exit-vni", .flags = CMD_EXIT },

	/* global */
	{ M(CLI_CONFIG), "hostname WORD", .leaf = { "evpnd-system:system/hostname" } },
	{ M(CLI_CONFIG), "router-id A.B.C.D", .leaf = { "evpnd-system:system/router-id" } },
	{ M(CLI_CONFIG), "ip router-id A.B.C.D", .leaf = { "evpnd-system:system/router-id" },
	  .flags = CMD_NO_PRINT },
	{ M(CLI_CONFIG),
	  "management tls listen ADDRESS port (1-65535) certificate FILE key FILE ca-certificate FILE",
	  .leaf = { "evpnd-system:system/management/tls/address",
		    "evpnd-system:system/management/tls/port",
		    "evpnd-system:system/management/tls/certificate",
		    "evpnd-system:system/management/tls/key",
		    "evpnd-system:system/management/tls/ca-certificate" },
	  .del = "evpnd-system:system/management/tls" },
	{ M(CLI_CONFIG), "management tls", .del = "evpnd-system:system/management/tls",
	  .flags = CMD_NO_ONLY },
	{ M(CLI_CONFIG), "management idle-timeout (0-86400)",
	  .leaf = { "evpnd-system:system/management/idle-timeout" } },
	{ M(CLI_CONFIG), "router bgp (1-4294967295)", .leaf = { "evpnd-bgp:bgp/asn" },
	  .del = "evpnd-bgp:bgp", .enter = CLI_BGP, .flags = CMD_FIXED,
	  .no_err = "% Can't find BGP instance" },

	/* router bgp */
	{ M(CLI_BGP), "bgp router-id A.B.C.D", .leaf = { "router-id" },
	  .no_err = "% BGP router-id doesn't match" },
	{ M(CLI_BGP), "bgp cluster-id A.B.C.D", .leaf = { "cluster-id" } },
	{ M(CLI_BGP), "bgp log-neighbor-changes", .leaf = { "log-neighbor-changes" },
	  .value = "true" },
	{ M(CLI_BGP), "bgp ebgp-requires-policy", .leaf = { "ebgp-requires-policy" },
	  .value = "true", .flags = CMD_NEG_FALSE },
	{ M(CLI_BGP), "bgp default ipv4-unicast", .leaf = { "default-ipv4-unicast" },
	  .value = "true", .flags = CMD_NEG_FALSE },
	{ M(CLI_BGP), "timers bgp (0-65535) (0-65535)",
	  .leaf = { "timers/keepalive", "timers/hold" } },
	{ M(CLI_BGP), "bgp graceful-restart", .leaf = { "graceful-restart/enabled" },
	  .value = "true" },
	{ M(CLI_BGP), "bgp graceful-restart restart-time (1-4095)",
	  .leaf = { "graceful-restart/restart-time" } },
	{ M(CLI_BGP), "bgp graceful-restart stalepath-time (1-4095)",
	  .leaf = { "graceful-restart/stale-routes-time" } },
	{ M(CLI_BGP), "neighbor PEER", NEIGH, .flags = CMD_NO_ONLY },
	{ M(CLI_BGP), "neighbor PEER remote-as AS", NEIGH, .leaf = { "remote-as" } },
	{ M(CLI_BGP), "neighbor PEER description LINE", NEIGH, .leaf = { "description" },
	  .flags = CMD_NEEDS_LIST },
	{ M(CLI_BGP), "neighbor PEER shutdown", NEIGH, .leaf = { "shutdown" }, .value = "true",
	  .flags = CMD_NEEDS_LIST },
	{ M(CLI_BGP), "neighbor PEER passive", NEIGH, .leaf = { "passive" }, .value = "true",
	  .flags = CMD_NEEDS_LIST },
	{ M(CLI_BGP), "neighbor PEER update-source IFNAME|ADDRESS", NEIGH,
	  .leaf = { "update-source" }, .flags = CMD_NEEDS_LIST },
	{ M(CLI_BGP), "neighbor PEER password WORD", NEIGH, .leaf = { "password" },
	  .flags = CMD_NEEDS_LIST },
	/* one line per master key tuple; a send-id configured already is
	 * replaced, a new one goes last, which makes it the preferred */
	{ M(CLI_BGP), "neighbor PEER tcp-ao WORD send-id (0-255) recv-id (0-255)", NEIGH,
	  .sub = "tcp-ao", .sub_key = "send-id", .leaf = { "key", "send-id", "recv-id" },
	  .flags = CMD_NEEDS_LIST, .no_err = "% TCP-AO key not configured for this neighbor" },
	{ M(CLI_BGP), "neighbor PEER tcp-ao", NEIGH, .sub = "tcp-ao", .flags = CMD_NO_ONLY },
	{ M(CLI_BGP), "neighbor PEER ttl-security hops (1-254)", NEIGH,
	  .leaf = { "ttl-security-hops" }, .flags = CMD_NEEDS_LIST },
	{ M(CLI_BGP), "neighbor PEER timers (0-65535) (0-65535)", NEIGH,
	  .leaf = { "timers/keepalive", "timers/hold" }, .flags = CMD_NEEDS_LIST },
	{ M(CLI_BGP), "neighbor PEER timers connect (1-65535)", NEIGH,
	  .leaf = { "timers/connect-retry" }, .flags = CMD_NEEDS_LIST },
	{ M(CLI_BGP), "address-family ipv4 unicast", .enter = CLI_AF_IPV4 },
	{ M(CLI_BGP), "address-family ipv6 unicast", .enter = CLI_AF_IPV6 },
	{ M(CLI_BGP), "address-family l2vpn evpn", .enter = CLI_AF_EVPN },

	/* address-family: %AF is the family's YANG name */
	{ M_AF, "neighbor PEER activate", NEIGH, .leaf = { "afi-safi[name='%AF']/activate" },
	  .value = "true", .flags = CMD_NEG_FALSE | CMD_NEEDS_LIST },
	{ M_AF, "neighbor PEER route-reflector-client", NEIGH,
	  .leaf = { "afi-safi[name='%AF']/route-reflector-client" }, .value = "true",
	  .flags = CMD_NEEDS_LIST },
	{ M_AF, "neighbor PEER maximum-prefix (1-4294967295)", NEIGH,
	  .leaf = { "afi-safi[name='%AF']/maximum-prefix" }, .flags = CMD_NEEDS_LIST },
	{ M(CLI_AF_EVPN), "advertise-all-vni", .leaf = { EVPN "advertise-all-vni" },
	  .value = "true" },
	{ M(CLI_AF_EVPN), "advertise-default-gw", .leaf = { EVPN "advertise-default-gw" },
	  .value = "true" },
	{ M(CLI_AF_EVPN), "dup-addr-detection", .leaf = { DAD "enabled" }, .value = "true",
	  .flags = CMD_NEG_FALSE },
	{ M(CLI_AF_EVPN), "dup-addr-detection max-moves (2-1000) time (2-1800)",
	  .leaf = { DAD "max-moves", DAD "time" }, .no_err = "% Value does not match with config" },
	{ M(CLI_AF_EVPN), "dup-addr-detection freeze <(30-3600)|permanent>",
	  .leaf = { DAD "freeze" }, .no_err = "% Value does not match with config" },
	{ M(CLI_AF_EVPN), "vni (1-16777215)", .list = EVPN "vni", .key = "vni",
	  .enter = CLI_VNI },

	/* vni */
	{ M(CLI_VNI), "rd RD", .leaf = { "rd" },
	  .no_err = "% RD specified does not match configuration for this VNI" },
	{ M(CLI_VNI), "route-target import RT", .leaf = { "import-rt" }, .flags = CMD_LEAFLIST,
	  .no_err = VNI_RT_NO_MATCH },
	{ M(CLI_VNI), "route-target export RT", .leaf = { "export-rt" }, .flags = CMD_LEAFLIST,
	  .no_err = VNI_RT_NO_MATCH },
	{ M(CLI_VNI), "route-target both RT", .leaf = { "import-rt", "export-rt" },
	  .flags = CMD_LEAFLIST | CMD_ONE_ARG_ALL | CMD_NO_PRINT, .no_err = VNI_RT_NO_MATCH },
	{ M(CLI_VNI), "advertise-default-gw", .leaf = { "advertise-default-gw" },
	  .value = "true", .flags = CMD_NEG_FALSE },
};

const int cli_config_ncmds = sizeof(cli_config_cmds) / sizeof(cli_config_cmds[0]);
