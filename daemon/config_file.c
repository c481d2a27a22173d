/* The config file: read at start and on SIGHUP, written by `write memory`. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/edit.h"
#include "daemon/evpnd.h"
#include "lib/log.h"

static bool is_json(const char *path)
{
	size_t n = strlen(path);
	return n > 5 && strcmp(path + n - 5, ".json") == 0;
}

static char *read_file(const char *path, struct strbuf *err)
{
	FILE *f = fopen(path, "r");
	struct strbuf sb = STRBUF_INIT;
	char buf[8192];
	size_t n;

	if (!f) {
		sb_printf(err, "cannot open %s: %s", path, strerror(errno));
		return NULL;
	}
	while ((n = fread(buf, 1, sizeof(buf) - 1, f)) > 0) {
		buf[n] = '\0';
		if (strlen(buf) != n) {
			sb_printf(err, "%s: NUL byte in configuration", path);
			fclose(f);
			sb_free(&sb);
			return NULL;
		}
		sb_puts(&sb, buf);
	}
	fclose(f);
	return sb_detach(&sb);
}

int evpnd_read_config(struct evpnd *d, const char *path, bool missing_ok,
		      struct lyd_node **tree, struct strbuf *err)
{
	char *text;
	int rc = 0;

	*tree = NULL;
	if (missing_ok && access(path, F_OK) != 0 && errno == ENOENT) {
		log_notice("config file %s does not exist; starting with an empty configuration",
			   path);
		return 0;
	}
	text = read_file(path, err);
	if (!text)
		return -1;
	if (is_json(path)) {
		struct strbuf why = STRBUF_INIT;
		rc = ds_parse_json(ds_ctx(d->ds), text, tree, &why);
		if (rc < 0)
			sb_printf(err, "%s: %s", path, why.buf);
		sb_free(&why);
	} else {
		rc = cli_parse_config(ds_ctx(d->ds), text, path, tree, err);
	}
	free(text);
	return rc;
}

int evpnd_write_config(struct evpnd *d, struct strbuf *err)
{
	struct strbuf tmp = STRBUF_INIT, content = STRBUF_INIT;
	int fd, rc = -1;

	cli_print_tree(ds_running(d->ds), is_json(d->config_path), &content);
	char *text = sb_detach(&content);
	size_t len = strlen(text);

	sb_printf(&tmp, "%s.XXXXXX", d->config_path);
	fd = mkstemp(tmp.buf);
	if (fd < 0) {
		sb_printf(err, "%% Cannot write %s: %s", tmp.buf, strerror(errno));
		goto out;
	}
	if (write(fd, text, len) != (ssize_t)len || fchmod(fd, 0640) < 0 || fsync(fd) < 0) {
		sb_printf(err, "%% Cannot write %s: %s", tmp.buf, strerror(errno));
		close(fd);
		unlink(tmp.buf);
		goto out;
	}
	close(fd);
	if (rename(tmp.buf, d->config_path) < 0) {
		sb_printf(err, "%% Cannot rename %s to %s: %s", tmp.buf, d->config_path,
			  strerror(errno));
		unlink(tmp.buf);
		goto out;
	}
	log_notice("configuration saved to %s", d->config_path);
	rc = 0;
out:
	free(text);
	sb_free(&tmp);
	return rc;
}

void evpnd_reload(struct evpnd *d)
{
	struct strbuf err = STRBUF_INIT;
	struct lyd_node *tree = NULL;
	bool changed = false;

	log_notice("SIGHUP: reloading %s", d->config_path);
	if (evpnd_read_config(d, d->config_path, false, &tree, &err) < 0 ||
	    ds_commit(d->ds, &tree, &changed, &err) < 0)
		log_err("reload failed, running configuration unchanged: %s", err.buf);
	else
		log_notice("reload done%s", changed ? "" : " (no change)");
	lyd_free_all(tree);
	sb_free(&err);
}
