/* evpnd-inject: options, then commands on stdin, one per line, each
 * answered by one line on stdout:
 *   announce        type-3, type-2, End-of-RIB
 *   withdraw        every route announced
 *   move K          K MACs re-advertised from another VTEP, sequence + 1
 *   quit
 * The answer: "<cmd> <first> <last> <msgs> <bytes> <routes>", first and
 * last being when the first and last octet went to the socket
 * (CLOCK_MONOTONIC seconds, the clock of Python's time.monotonic()).
 * Send one command and read its answer before the next: stdin is read with
 * stdio once poll() says it is readable, so lines sent together could sit
 * in stdio's buffer unseen. With --selftest there is no session: the announce stream is encoded and
 * decoded in memory and the rates printed as JSON. */
#include <arpa/inet.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/inject/inject.h"

static const char usage[] =
	"usage: evpnd-inject -p PEER [-l LOCAL] [-a AS] [-A PEER_AS] [-n ROUTES] [-V VNIS]\n"
	"                    [--vni-base N] [-T VTEPS] [--vtep-base ADDR] [--ip-every K]\n"
	"                    [--mob-every K]\n"
	"       evpnd-inject --selftest [-n ROUTES] [-V VNIS] ...\n";

static uint32_t addr_arg(const char *s)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1) {
		fprintf(stderr, "evpnd-inject: not an IPv4 address: %s\n%s", s, usage);
		exit(2);
	}
	return ntohl(a.s_addr);
}

static uint32_t num_arg(const char *s, uint32_t min, uint32_t max)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < min || v > max) {
		fprintf(stderr, "evpnd-inject: %s is not a number in %u..%u\n%s", s, min, max, usage);
		exit(2);
	}
	return (uint32_t)v;
}

static void parse_args(int argc, char **argv, struct inj_cfg *c, uint32_t *peer, bool *self)
{
	static const struct option opts[] = {
		{ "vni-base", 1, 0, 'B' }, { "vtep-base", 1, 0, 'E' }, { "ip-every", 1, 0, 'I' },
		{ "mob-every", 1, 0, 'M' }, { "selftest", 0, 0, 'S' }, { 0, 0, 0, 0 },
	};
	int o;

	while ((o = getopt_long(argc, argv, "p:l:a:A:n:V:T:", opts, NULL)) != -1) {
		switch (o) {
		case 'p': *peer = addr_arg(optarg); break;
		case 'l': c->router_id = addr_arg(optarg); break;
		case 'a': c->local_as = num_arg(optarg, 1, UINT32_MAX); break;
		case 'A': c->peer_as = num_arg(optarg, 1, UINT32_MAX); break;
		case 'n': c->n = num_arg(optarg, 0, 16000000); break;
		case 'V': c->vnis = num_arg(optarg, 1, 65535); break;
		case 'T': c->vteps = num_arg(optarg, 1, 250); break;
		case 'B': c->vni_base = num_arg(optarg, 1, 16777215); break;
		case 'E': c->vtep_base = addr_arg(optarg); break;
		case 'I': c->ip_every = num_arg(optarg, 0, UINT32_MAX); break;
		case 'M': c->mob_every = num_arg(optarg, 0, UINT32_MAX); break;
		case 'S': *self = true; break;
		default: fputs(usage, stderr); exit(2);
		}
	}
	if (!c->peer_as)
		c->peer_as = c->local_as;
	if (optind != argc || (!*self && !*peer) || c->vni_base + c->vnis > 16777216) {
		fputs(usage, stderr);
		exit(2);
	}
}

static int run_cmd(struct inj_sess *x, struct inj_cfg *c, const char *line)
{
	struct inj_stream s;
	char cmd[16] = "";
	unsigned k = 0;
	double first, last;
	int rc = 0;

	sscanf(line, "%15s %u", cmd, &k);
	inj_stream_init(&s);
	if (!strcmp(cmd, "announce"))
		inj_announce(c, &s);
	else if (!strcmp(cmd, "withdraw"))
		inj_withdraw(c, &s);
	else if (!strcmp(cmd, "move") && inj_move(c, k, &s) == 0)
		;
	else
		rc = 1;
	if (rc == 0 && inj_send(x, &s, &first, &last) < 0)
		rc = -1;
	if (rc == 0)
		printf("%s %.6f %.6f %u %zu %u\n", cmd, first, last, s.msgs, s.w.len, s.routes);
	else if (rc == 1)
		printf("error: %s", line);
	fflush(stdout);
	inj_stream_free(&s);
	return rc < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
	struct inj_cfg c = { .n = 10000, .vnis = 10, .vni_base = 1000, .vteps = 4,
			     .vtep_base = 0x0aff0165 /* 10.255.1.101 */, .local_as = 65000,
			     .router_id = 0x0aff0101 };
	uint32_t peer = 0;
	bool self = false;
	char line[128];
	int rc;

	parse_args(argc, argv, &c, &peer, &self);
	if (self)
		return inj_selftest(&c);
	struct inj_sess *x = inj_connect(c.router_id, peer, &c);
	if (!x)
		return 1;
	printf("up %.6f\n", inj_now());
	fflush(stdout);
	while ((rc = inj_idle(x, 3600)) >= 0) {
		if (rc == 0)
			continue;
		if (!fgets(line, sizeof(line), stdin) || !strncmp(line, "quit", 4))
			break;
		if (run_cmd(x, &c, line) < 0) {
			rc = -1;
			break;
		}
	}
	inj_close(x);
	return rc < 0 ? 1 : 0;
}
