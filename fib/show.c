/* `show evpn dataplane [json]`: what fib/ asked of the kernel and what it
 * got, what it learned, and how the last resync went. */
#include <string.h>

#include "cli/cmd.h"
#include "fib/internal.h"
#include "lib/json.h"

static void show_dataplane_json(struct strbuf *out)
{
	const struct fib_stats *s = &fib.st;
	struct json j;

	json_init(&j, out);
	json_obj(&j, NULL);
	json_bool(&j, "running", fib.started);
	json_uint(&j, "requestsSent", s->sent);
	json_uint(&j, "batches", s->batches);
	json_uint(&j, "acked", s->acked);
	json_uint(&j, "failed", s->errors);
	json_uint(&j, "alreadyAbsent", s->absent);
	json_uint(&j, "inFlight", s->inflight);
	json_uint(&j, "queued", s->queued);
	json_uint(&j, "remoteMacs", fib_ent_count(FIB_FDB, true));
	json_uint(&j, "floodEntries", fib_ent_count(FIB_FLOOD, true));
	json_uint(&j, "neighbors", fib_ent_count(FIB_NEIGH, true));
	json_uint(&j, "learnedMacs", s->learned_macs);
	json_uint(&j, "agedMacs", s->aged_macs);
	json_uint(&j, "learnedIps", s->learned_ips);
	json_uint(&j, "goneIps", s->gone_ips);
	json_uint(&j, "events", s->events);
	json_uint(&j, "overruns", s->overruns);
	json_uint(&j, "refreshes", s->refreshes);
	json_uint(&j, "refreshCorrections", s->refresh_fixed);
	json_uint(&j, "reinstalled", s->reinstalled);
	json_obj(&j, "resync");
	json_bool(&j, "done", s->resync_done);
	json_uint(&j, "ms", (uint64_t)s->resync_ms);
	json_uint(&j, "found", s->adopted);
	json_uint(&j, "claimed", s->resync_kept);
	json_uint(&j, "deleted", s->stale_deleted);
	json_end(&j);
	json_end(&j);
	sb_printf(out, "\n");
}

static void show_dataplane_text(struct strbuf *out)
{
	const struct fib_stats *s = &fib.st;

	if (!fib.started) {
		sb_printf(out, "Kernel data plane: not running (evpnd --no-kernel)\n");
		return;
	}
	sb_printf(out, "Kernel data plane (netlink)\n");
	sb_printf(out, "  Requests:  %llu sent in %llu batches, %llu acknowledged, %llu failed, "
		       "%llu already absent; %u in flight, %zu queued\n",
		  (unsigned long long)s->sent, (unsigned long long)s->batches,
		  (unsigned long long)s->acked, (unsigned long long)s->errors,
		  (unsigned long long)s->absent, s->inflight, s->queued);
	sb_printf(out, "  Installed: %zu remote MACs, %zu flood entries, %zu neighbors\n",
		  fib_ent_count(FIB_FDB, true), fib_ent_count(FIB_FLOOD, true),
		  fib_ent_count(FIB_NEIGH, true));
	sb_printf(out, "  Learned:   %llu local MACs (%llu aged), %llu local IPs (%llu gone)\n",
		  (unsigned long long)s->learned_macs, (unsigned long long)s->aged_macs,
		  (unsigned long long)s->learned_ips, (unsigned long long)s->gone_ips);
	sb_printf(out, "  Events:    %llu read, %llu overruns, %llu entries put back after removal\n",
		  (unsigned long long)s->events, (unsigned long long)s->overruns,
		  (unsigned long long)s->reinstalled);
	if (s->refreshes)
		sb_printf(out, "  Refreshes: %llu after lost events, %llu corrections\n",
			  (unsigned long long)s->refreshes, (unsigned long long)s->refresh_fixed);
	if (s->resync_done)
		sb_printf(out, "  Resync:    done in %.0f ms: %llu entries found from before, %zu "
			       "claimed by routes, %llu deleted\n",
			  s->resync_ms, (unsigned long long)s->adopted, s->resync_kept,
			  (unsigned long long)s->stale_deleted);
	else
		sb_printf(out, "  Resync:    waiting for End-of-RIB: %llu entries found from before\n",
			  (unsigned long long)s->adopted);
}

static int show_dataplane(void *ctx, const struct cli_match *m, struct strbuf *out)
{
	(void)ctx;
	if (cli_json(m))
		show_dataplane_json(out);
	else
		show_dataplane_text(out);
	return 0;
}

const struct cli_cmd fib_show_cmds[] = {
	{ M(CLI_EXEC), "show evpn dataplane", .exec = show_dataplane },
	{ M(CLI_EXEC), "show evpn dataplane json", .value = "json", .exec = show_dataplane },
	{ 0 },
};
