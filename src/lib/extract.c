/*
 * extract.c: running extractor children and reading their records.
 *
 * The child's isolation (after OpenSMTPD's fork_filter_process): standard
 * input is a memory file holding the part, standard output a pipe, every
 * other descriptor closed but standard error; default signal handling; a
 * new session, so that a timeout kills the whole process group; limits on
 * CPU time, address space, file size and core size; an environment of
 * PATH and LC_ALL only.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "extract.h"
#include "input.h"
#include "level.h"
#include "log.h"
#include "output.h"
#include "status.h"
#include "triggers.h"

#define RECORDS_MAX (64u << 20)

static const char *const type_args[DOC_COUNT] = {
	[DOC_PDF] = "pdf", [DOC_ZIP] = "zip", [DOC_OLE2] = "ole2", [DOC_RTF] = "rtf",
	[DOC_TNEF] = "tnef", [DOC_GZIP] = "gzip", [DOC_TAR] = "tar", [DOC_TEXT] = "text",
	[DOC_MESSAGE] = "message", [DOC_BINARY] = "binary",
};

enum doctype extract_type_parse(const char *s)
{
	for (int t = 0; t < DOC_COUNT; t++)
		if (type_args[t] && strcmp(type_args[t], s) == 0)
			return (enum doctype)t;
	return DOC_COUNT;
}

const char *extract_type_arg(enum doctype t)
{
	return t < DOC_COUNT && type_args[t] ? type_args[t] : "binary";
}

/* ---- the parent side ---- */

struct extract_ctx {
	const char *config;     /* -c for children, or NULL */
};

static struct extract_ctx the_ctx;

static void run_default(struct classify *c, enum doctype t, const char *data,
    size_t n, int where, const char *name)
{
	extract_run(c, t == DOC_PDF ? "seem-extract-pdf" : "seem-extract", t, data, n, where, name);
}

void extract_attach(struct classify *c, const struct common_opts *common)
{
	the_ctx.config = c->cfg->path;
	(void)common;
	c->extract = run_default;
	c->extract_ctx = &the_ctx;
}

void extract_detach(struct classify *c)
{
	c->extract = NULL;
	c->extract_ctx = NULL;
}

/* The helper's path: $SEEMAIL_LIBEXEC, then ../libexec/seemail beside
 * this executable (the build tree and relocated installs), then the
 * directory compiled in. */
static int helper_path(const char *name, char *out, size_t sz)
{
	const char *env = getenv("SEEMAIL_LIBEXEC");
	char self[PATH_MAX];
	ssize_t k;

	if (env && *env) {
		snprintf(out, sz, "%s/%s", env, name);
		if (access(out, X_OK) == 0)
			return 0;
	}
	k = readlink("/proc/self/exe", self, sizeof self - 1);
	if (k > 0) {
		self[k] = '\0';
		char *slash = strrchr(self, '/');
		if (slash) {
			*slash = '\0';
			slash = strrchr(self, '/');
			if (slash) {
				*slash = '\0';
				if (snprintf(out, sz, "%s/libexec/seemail/%s", self, name) < (int)sz &&
				    access(out, X_OK) == 0)
					return 0;
			}
		}
	}
	snprintf(out, sz, "%s/%s", SEEMAIL_LIBEXECDIR, name);
	return access(out, X_OK);
}

static void set_limit(int what, rlim_t v)
{
	struct rlimit r = { v, v };
	setrlimit(what, &r);
}

/* In the child, after fork: never returns. */
static void child(int in, int out, int err, const char *path, char **argv,
    const struct limits *lim)
{
	static char *envp[] = { "PATH=/usr/bin:/bin", "LC_ALL=C", NULL };

	/* Standard error is a pipe too: written to a file, it would break
	 * the file size limit and kill the child. */
	if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
		_exit(126);
	for (int fd = 3; fd < 1024; fd++)
		close(fd);
	lseek(0, 0, SEEK_SET);
	setsid();
	for (int s = 1; s < NSIG; s++)
		signal(s, SIG_DFL);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	set_limit(RLIMIT_CPU, (rlim_t)lim->extract_cpu);
#ifndef __SANITIZE_ADDRESS__
	/* AddressSanitizer reserves terabytes of address space up front: a
	 * sanitized build (make check-asan) runs its children without this
	 * one limit. */
	set_limit(RLIMIT_AS, (rlim_t)lim->extract_memory);
#endif
	set_limit(RLIMIT_FSIZE, 0);
	set_limit(RLIMIT_CORE, 0);
	execve(path, argv, envp);
	_exit(127);
}

static char *unescape_field(char *s)
{
	char *o = s, *p = s;

	for (; *p; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			*o++ = *p == 't' ? '\t' : *p == 'n' ? '\n' : *p;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return s;
}

/* Splits a record line into at most max fields; returns the count. */
static int split(char *line, char **f, int max)
{
	int n = 0;

	f[n++] = line;
	for (char *p = line; *p && n < max; p++)
		if (*p == '\t') {
			*p = '\0';
			f[n++] = p + 1;
		}
	for (int i = 0; i < n; i++)
		unescape_field(f[i]);
	return n;
}

/* Merges records; returns 1 if they ended with "E", 0 if not, -1 if a
 * record was malformed. */
static int merge(struct classify *c, char *rec, size_t len, int root)
{
	struct findings *fs = c->fs;
	int *map = NULL;
	size_t nmap = 0, cap = 0;
	int ended = 0, bad = 0;
	char *p = rec, *end = rec + len;

	while (p < end && !ended && !bad) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL) {
			bad = 1;
			break;
		}
		*nl = '\0';
		char *f[8];
		int nf = split(p, f, 8);
		p = nl + 1;
		long id = nf > 1 ? strtol(f[1], NULL, 10) : -1;
		int where = id == 0 ? root : (id > 0 && (size_t)id < nmap) ? map[id] : -1;
		switch (f[0][0]) {
		case 'W':
			if (nf != 8 || id <= 0 || (size_t)id != (nmap ? nmap : 1)) {
				bad = 1;
				break;
			}
			if (nmap == 0)
				nmap = 1;       /* slot 0 is the root */
			if (nmap >= cap) {
				cap = cap ? cap * 2 : 64;
				int *m = realloc(map, cap * sizeof *m);
				if (m == NULL) {
					c->status = EX_TEMPFAIL;
					bad = 1;
					break;
				}
				map = m;
			}
			map[nmap++] = findings_where(fs, f[2], f[3], f[4], f[5], f[6], f[7]);
			if (map[nmap - 1] < 0)
				c->status = EX_TEMPFAIL;
			break;
		case 'F': {
			int level = nf == 7 ? level_parse(f[2], strlen(f[2])) : -1;
			if (where < 0 || level < LEVEL_SEEMAIL) {
				bad = 1;
				break;
			}
			size_t idx = findings_add(fs, level, f[3], strlen(f[3]), f[4], strlen(f[4]), where);
			if (idx != (size_t)-1) {
				findings_after(fs, idx, f[5], strlen(f[5]));
				unsigned long count = strtoul(f[6], NULL, 10);
				fs->f[idx].count = count > 0 && count < 1000000000 ? (unsigned)count : 1;
			}
			break;
		}
		case 'U':
			if (nf != 3 || where < 0)
				bad = 1;
			else
				findings_uninspectable(fs, where, f[2]);
			break;
		case 'N':
			if (nf != 3 || where < 0)
				bad = 1;
			else
				findings_note(fs, where, f[2]);
			break;
		case 'E':
			ended = nf == 1 && f[0][1] == '\0';
			bad = !ended;
			break;
		default:
			bad = 1;
		}
	}
	free(map);
	if (fs->err)
		c->status = EX_TEMPFAIL;
	return bad ? -1 : ended;
}

static void add_arg(char **argv, int *argc, const char *a)
{
	argv[(*argc)++] = (char *)a;
}

void extract_run(struct classify *c, const char *helper, enum doctype t,
    const char *data, size_t n, int where, const char *name)
{
	const struct limits *lim = &c->cfg->lim;
	const struct where *w = &c->fs->w[where];
	char path[PATH_MAX], depth[32];
	char *argv[32];
	int argc = 0, mfd = -1, pfd[2] = { -1, -1 }, efd[2] = { -1, -1 };
	struct buf diag = BUF_INIT_MAX(4096);
	struct buf rec = BUF_INIT_MAX(RECORDS_MAX);
	pid_t pid;

	if (c->depth >= lim->extract_depth) {
		classify_uninspectable(c, where, "documents nested deeper than extract_depth");
		return;
	}
	if (helper_path(helper, path, sizeof path) != 0) {
		log_msg(LOG_ERR, "%s: not installed or not executable: cannot inspect %s parts",
		    path, doctype_name(t));
		c->status = EX_TEMPFAIL;
		return;
	}
	snprintf(depth, sizeof depth, "%zu", c->depth + 1);
	add_arg(argv, &argc, helper);
	if (c->cfg->path) {
		add_arg(argv, &argc, "-c");
		add_arg(argv, &argc, c->cfg->path);
	}
	add_arg(argv, &argc, "--type");
	add_arg(argv, &argc, extract_type_arg(t));
	add_arg(argv, &argc, "--depth");
	add_arg(argv, &argc, depth);
	add_arg(argv, &argc, "--name");
	add_arg(argv, &argc, name);
	add_arg(argv, &argc, "--where");
	add_arg(argv, &argc, w->text);
	add_arg(argv, &argc, "--part");
	add_arg(argv, &argc, w->part);
	add_arg(argv, &argc, "--ctype");
	add_arg(argv, &argc, w->ctype);
	add_arg(argv, &argc, "--filename");
	add_arg(argv, &argc, w->filename);
	add_arg(argv, &argc, "--header");
	add_arg(argv, &argc, w->header);
	add_arg(argv, &argc, "--inside");
	add_arg(argv, &argc, w->inside);
	argv[argc] = NULL;

	mfd = memfd_create("seemail-part", MFD_CLOEXEC);
	if (mfd < 0 || pipe2(pfd, O_CLOEXEC) < 0 || pipe2(efd, O_CLOEXEC) < 0) {
		log_errno(LOG_ERR, "extractor: memfd_create or pipe");
		goto transient;
	}
	for (size_t off = 0; off < n;) {
		ssize_t k = write(mfd, data + off, n - off);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			log_errno(LOG_ERR, "extractor: writing the part to a memory file");
			goto transient;
		}
		off += (size_t)k;
	}
	pid = fork();
	if (pid < 0) {
		log_errno(LOG_ERR, "extractor: fork");
		goto transient;
	}
	if (pid == 0)
		child(mfd, pfd[1], efd[1], path, argv, lim);
	close(pfd[1]);
	pfd[1] = -1;
	close(efd[1]);
	efd[1] = -1;
	close(mfd);
	mfd = -1;

	/* Read the records until EOF or the deadline. */
	struct timespec start, now;
	clock_gettime(CLOCK_MONOTONIC, &start);
	int timed_out = 0, too_much = 0;
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		long ms = (long)lim->extract_timeout * 1000 -
		    ((now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000);
		if (ms <= 0) {
			timed_out = 1;
			break;
		}
		struct pollfd pf[2] = { { pfd[0], POLLIN, 0 }, { efd[0], POLLIN, 0 } };
		int r = poll(pf, efd[0] >= 0 ? 2 : 1, (int)(ms > 60000 ? 60000 : ms));
		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0)
			continue;
		char chunk[65536];
		if (efd[0] >= 0 && pf[1].revents) {
			/* Its diagnostics: keep the first few KB for our log. */
			ssize_t k = read(efd[0], chunk, sizeof chunk);
			if (k > 0 && diag.len < 4000)
				buf_put(&diag, chunk, (size_t)k < 4000 - diag.len ? (size_t)k : 4000 - diag.len);
			if (k <= 0 && !(k < 0 && errno == EINTR)) {
				close(efd[0]);
				efd[0] = -1;
			}
		}
		if (!pf[0].revents)
			continue;
		ssize_t k = read(pfd[0], chunk, sizeof chunk);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		buf_put(&rec, chunk, (size_t)k);
		if (rec.err) {
			too_much = 1;
			break;
		}
	}
	if (timed_out || too_much)
		kill(-pid, SIGKILL), kill(pid, SIGKILL);
	close(pfd[0]);
	pfd[0] = -1;
	if (efd[0] >= 0) {
		/* What it wrote after its records, without waiting on a child
		 * that may have left a grandchild holding the pipe. */
		fcntl(efd[0], F_SETFL, O_NONBLOCK);
		char chunk[4096];
		ssize_t k = read(efd[0], chunk, sizeof chunk);
		if (k > 0 && diag.len < 4000)
			buf_put(&diag, chunk, (size_t)k < 4000 - diag.len ? (size_t)k : 4000 - diag.len);
		close(efd[0]);
		efd[0] = -1;
	}
	if (diag.len) {
		char safe[4096];
		log_msg(LOG_WARNING, "%s said: %s", helper, log_sanitize(safe, sizeof safe, diag.p, diag.len));
	}
	buf_free(&diag);
	/* Wait for it to exit, still within the deadline: a child that
	 * closed its output may go on running. */
	int status = 0;
	for (;;) {
		pid_t done = waitpid(pid, &status, WNOHANG);
		if (done == pid || (done < 0 && errno != EINTR))
			break;
		clock_gettime(CLOCK_MONOTONIC, &now);
		long ms = (long)lim->extract_timeout * 1000 -
		    ((now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000);
		if (ms <= 0 && !timed_out) {
			timed_out = 1;
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
		}
		struct timespec nap = { 0, 5 * 1000 * 1000 };
		nanosleep(&nap, NULL);
	}

	int ended = rec.err ? -1 : merge(c, rec.p ? rec.p : "", rec.len, where);
	char why[160];
	why[0] = '\0';
	if (timed_out)
		snprintf(why, sizeof why, "the %s extractor ran out of time (extract_timeout)", doctype_name(t));
	else if (too_much)
		snprintf(why, sizeof why, "the %s extractor wrote too much", doctype_name(t));
	else if (WIFSIGNALED(status))
		snprintf(why, sizeof why, "the %s extractor was killed by signal %d%s", doctype_name(t),
		    WTERMSIG(status), WTERMSIG(status) == SIGXCPU ? " (out of CPU time: extract_cpu)" : "");
	else if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		snprintf(why, sizeof why, "the %s extractor could not be started", doctype_name(t));
	else if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
		snprintf(why, sizeof why, "the %s extractor failed (exit status %d)", doctype_name(t),
		    WEXITSTATUS(status));
	else if (ended < 0)
		snprintf(why, sizeof why, "the %s extractor's output could not be read", doctype_name(t));
	else if (ended == 0)
		snprintf(why, sizeof why, "the %s extractor stopped before the end", doctype_name(t));
	if (why[0]) {
		log_msg(LOG_WARNING, "%s", why);
		classify_uninspectable(c, where, why);
	}
	buf_free(&rec);
	return;
transient:
	if (mfd >= 0)
		close(mfd);
	if (pfd[0] >= 0)
		close(pfd[0]);
	if (pfd[1] >= 0)
		close(pfd[1]);
	if (efd[0] >= 0)
		close(efd[0]);
	if (efd[1] >= 0)
		close(efd[1]);
	buf_free(&rec);
	buf_free(&diag);
	c->status = EX_TEMPFAIL;
}

/* ---- the child side ---- */

static void field(struct buf *b, const char *s)
{
	buf_putc(b, '\t');
	for (; *s; s++) {
		if (*s == '\\')
			buf_puts(b, "\\\\");
		else if (*s == '\t')
			buf_puts(b, "\\t");
		else if (*s == '\n')
			buf_puts(b, "\\n");
		else
			buf_putc(b, *s);
	}
}

int extract_write_records(const struct findings *fs)
{
	struct buf b = BUF_INIT_MAX(0);
	struct output out;

	for (size_t i = 1; i < fs->nw; i++) {
		const struct where *w = &fs->w[i];
		buf_printf(&b, "W\t%zu", i);
		field(&b, w->text);
		field(&b, w->part);
		field(&b, w->ctype);
		field(&b, w->filename);
		field(&b, w->header);
		field(&b, w->inside);
		buf_putc(&b, '\n');
	}
	for (size_t i = 0; i < fs->nf; i++) {
		const struct finding *f = &fs->f[i];
		buf_printf(&b, "F\t%d\t%s", f->where, level_name(f->level));
		field(&b, f->term);
		field(&b, f->before);
		field(&b, f->after);
		buf_printf(&b, "\t%u\n", f->count);
	}
	for (size_t i = 0; i < fs->nu; i++) {
		buf_printf(&b, "U\t%d", fs->u[i].where);
		field(&b, fs->u[i].reason);
		buf_putc(&b, '\n');
	}
	for (size_t i = 0; i < fs->nn; i++) {
		buf_printf(&b, "N\t%d", fs->n[i].where);
		field(&b, fs->n[i].text);
		buf_putc(&b, '\n');
	}
	buf_puts(&b, "E\n");
	if (b.err) {
		buf_free(&b);
		return EX_TEMPFAIL;
	}
	out_init(&out, 1);
	out_put(&out, b.p, b.len);
	buf_free(&b);
	return out_finish(&out);
}

int extract_child_start(struct extract_child *x, int argc, char **argv)
{
	const char *config = NULL, *type = "binary", *where = "", *part = "", *ctype = "",
	    *filename = "", *header = "", *inside = "";
	size_t depth = 0;
	struct input *in;
	int st;

	memset(x, 0, sizeof *x);
	x->name = "";
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (v == NULL) {
			log_msg(LOG_ERR, "%s needs a value", a);
			return EX_USAGE;
		}
		i++;
		if (strcmp(a, "-c") == 0) config = v;
		else if (strcmp(a, "--type") == 0) type = v;
		else if (strcmp(a, "--depth") == 0) depth = strtoul(v, NULL, 10);
		else if (strcmp(a, "--name") == 0) x->name = v;
		else if (strcmp(a, "--where") == 0) where = v;
		else if (strcmp(a, "--part") == 0) part = v;
		else if (strcmp(a, "--ctype") == 0) ctype = v;
		else if (strcmp(a, "--filename") == 0) filename = v;
		else if (strcmp(a, "--header") == 0) header = v;
		else if (strcmp(a, "--inside") == 0) inside = v;
		else {
			log_msg(LOG_ERR, "unknown option %s", a);
			return EX_USAGE;
		}
	}
	x->type = extract_type_parse(type);
	if ((st = config_load(&x->cfg, config)) != 0)
		return st;
	if ((st = triggers_load(&x->cfg, &x->pat)) != 0)
		return st;
	in = calloc(1, sizeof *in);
	if (in == NULL)
		return EX_TEMPFAIL;
	x->input = in;
	if ((st = input_read_fd(in, 0, "part", (size_t)-1 / 2)) != 0)
		return st;
	x->data = in->p;
	x->n = in->len;
	findings_init(&x->fs);
	if (findings_where(&x->fs, where, part, ctype, filename, header, inside) != 0)
		return EX_TEMPFAIL;
	classify_init(&x->c, &x->cfg, x->pat, &x->fs);
	x->c.depth = depth;
	return 0;
}

int extract_child_finish(struct extract_child *x)
{
	int st = x->c.status ? x->c.status : extract_write_records(&x->fs);

	findings_free(&x->fs);
	if (x->input) {
		input_free(x->input);
		free(x->input);
	}
	patterns_free(x->pat);
	config_free(&x->cfg);
	return st;
}
