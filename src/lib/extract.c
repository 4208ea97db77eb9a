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
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* The helper's path: $SEEMAIL_LIBEXEC, then beside this executable (one
 * helper running another), then ../libexec/seemail beside it (the build
 * tree and relocated installs), then the directory compiled in. */
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
			if (snprintf(out, sz, "%s/%s", self, name) < (int)sz && access(out, X_OK) == 0)
				return 0;
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

static void set_limit(int what, rlim_t soft, rlim_t hard)
{
	struct rlimit r = { soft, hard };
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
	setsid();
	for (int s = 1; s < NSIG; s++)
		signal(s, SIG_DFL);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/* A hard CPU limit one second above the soft one: SIGXCPU first,
	 * which names the reason, then SIGKILL. */
	set_limit(RLIMIT_CPU, (rlim_t)lim->extract_cpu, (rlim_t)lim->extract_cpu + 1);
#ifndef __SANITIZE_ADDRESS__
	/* AddressSanitizer reserves terabytes of address space up front: a
	 * sanitized build (make check-asan) runs its children without this
	 * one limit. */
	set_limit(RLIMIT_AS, (rlim_t)lim->extract_memory, (rlim_t)lim->extract_memory);
#endif
	set_limit(RLIMIT_FSIZE, 0, 0);
	set_limit(RLIMIT_CORE, 0, 0);
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
	size_t nmap = 1, cap = 0;       /* slot 0 is the root */
	size_t *fmap = NULL, nf_rec = 0, fcap = 0;   /* the child's findings, in order */
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
			if (nf != 8 || id <= 0 || (size_t)id != nmap) {
				bad = 1;
				break;
			}
			if (array_grow((void **)&map, &cap, nmap, sizeof *map) < 0) {
				c->status = EX_TEMPFAIL;
				bad = 1;
				break;
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
			if (array_grow((void **)&fmap, &fcap, nf_rec, sizeof *fmap) < 0) {
				c->status = EX_TEMPFAIL;
				bad = 1;
				break;
			}
			fmap[nf_rec++] = idx;
			break;
		}
		case 'C': {
			/* A finding sent earlier was found again: its new count. */
			unsigned long count = nf == 3 ? strtoul(f[2], NULL, 10) : 0;
			if (nf != 3 || id < 0 || (size_t)id >= nf_rec || count == 0) {
				bad = 1;
				break;
			}
			if (fmap[id] != (size_t)-1 && count < 1000000000)
				fs->f[fmap[id]].count = (unsigned)count;
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
	free(fmap);
	if (fs->err)
		c->status = EX_TEMPFAIL;
	return bad ? -1 : ended;
}

/* A running child and the parent's ends of its pipes (-1 once closed). */
struct child_io {
	pid_t pid;
	int in, out, err;
	const char *data;       /* the part, written to its standard input */
	size_t n, off;
	struct buf rec, diag;
	struct timespec start;
	int timed_out, too_much;
};

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static int spawn(struct child_io *io, const char *path, char **argv, const struct limits *lim)
{
	int in[2] = { -1, -1 }, out[2] = { -1, -1 }, err[2] = { -1, -1 };

	if (pipe2(in, O_CLOEXEC) < 0 || pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0) {
		log_errno(LOG_ERR, "extractor: pipe");
		goto fail;
	}
	clock_gettime(CLOCK_MONOTONIC, &io->start);
	io->pid = fork();
	if (io->pid < 0) {
		log_errno(LOG_ERR, "extractor: fork");
		goto fail;
	}
	if (io->pid == 0)
		child(in[0], out[1], err[1], path, argv, lim);
	close(in[0]);
	close(out[1]);
	close(err[1]);
	io->in = in[1];
	io->out = out[0];
	io->err = err[0];
	fcntl(io->in, F_SETFL, O_NONBLOCK);
	return 0;
fail:
	for (int i = 0; i < 2; i++) {
		close_fd(&in[i]);
		close_fd(&out[i]);
		close_fd(&err[i]);
	}
	return -1;
}

static long ms_left(const struct child_io *io, const struct limits *lim)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)lim->extract_timeout * 1000 -
	    ((now.tv_sec - io->start.tv_sec) * 1000 + (now.tv_nsec - io->start.tv_nsec) / 1000000);
}

static void keep_diag(struct child_io *io, const char *p, size_t k)
{
	if (io->diag.len < 4000)
		buf_put(&io->diag, p, k < 4000 - io->diag.len ? k : 4000 - io->diag.len);
}

/* Feeds the part to the child and reads its records and diagnostics,
 * until its output ends or the deadline passes. */
static void pump(struct child_io *io, const struct limits *lim)
{
	char chunk[65536];

	if (io->n == 0)
		close_fd(&io->in);
	for (;;) {
		long ms = ms_left(io, lim);
		if (ms <= 0) {
			io->timed_out = 1;
			return;
		}
		struct pollfd pf[3] = { { io->out, POLLIN, 0 }, { io->err, POLLIN, 0 },
			{ io->in, POLLOUT, 0 } };
		int r = poll(pf, 3, (int)(ms > 60000 ? 60000 : ms));
		if (r < 0 && errno != EINTR)
			return;
		if (r <= 0)
			continue;
		if (pf[2].revents) {
			ssize_t k = write(io->in, io->data + io->off, io->n - io->off);
			if (k > 0)
				io->off += (size_t)k;
			/* Done, or the child stopped reading: it has what it has. */
			if (io->off == io->n || (k < 0 && errno != EAGAIN && errno != EINTR))
				close_fd(&io->in);
		}
		if (pf[1].revents) {
			ssize_t k = read(io->err, chunk, sizeof chunk);
			if (k > 0)
				keep_diag(io, chunk, (size_t)k);
			else if (!(k < 0 && errno == EINTR))
				close_fd(&io->err);
		}
		if (pf[0].revents) {
			ssize_t k = read(io->out, chunk, sizeof chunk);
			if (k < 0 && errno == EINTR)
				continue;
			if (k <= 0)
				return;
			buf_put(&io->rec, chunk, (size_t)k);
			if (io->rec.err) {
				io->too_much = 1;
				return;
			}
		}
	}
}

/* Waits for the child, still within the deadline (a child that closed
 * its output may go on running); kills its process group past it. */
static int reap(struct child_io *io, const struct limits *lim)
{
	int status = 0;

	if (io->timed_out || io->too_much) {
		kill(-io->pid, SIGKILL);
		kill(io->pid, SIGKILL);
	}
	for (;;) {
		pid_t done = waitpid(io->pid, &status, WNOHANG);
		if (done == io->pid || (done < 0 && errno != EINTR))
			break;
		if (ms_left(io, lim) <= 0 && !io->timed_out) {
			io->timed_out = 1;
			kill(-io->pid, SIGKILL);
			kill(io->pid, SIGKILL);
		}
		struct timespec nap = { 0, 5 * 1000 * 1000 };
		nanosleep(&nap, NULL);
	}
	if (io->err >= 0) {
		/* What it wrote last, without waiting on a grandchild that may
		 * still hold the pipe. */
		char chunk[4096];
		fcntl(io->err, F_SETFL, O_NONBLOCK);
		ssize_t k = read(io->err, chunk, sizeof chunk);
		if (k > 0)
			keep_diag(io, chunk, (size_t)k);
	}
	return status;
}

/* Why a child's part is uninspectable, or "" when it is not. */
static void failure(char *why, size_t sz, const struct child_io *io, int status,
    int ended, enum doctype t)
{
	const char *what = doctype_name(t);

	why[0] = '\0';
	if (io->timed_out)
		snprintf(why, sz, "the %s extractor ran out of time (extract_timeout)", what);
	else if (io->too_much)
		snprintf(why, sz, "the %s extractor wrote too much", what);
	else if (WIFSIGNALED(status))
		snprintf(why, sz, "the %s extractor was killed by signal %d%s", what, WTERMSIG(status),
		    WTERMSIG(status) == SIGXCPU ? " (out of CPU time: extract_cpu)" : "");
	else if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
		snprintf(why, sz, "the %s extractor failed (exit status %d)", what, WEXITSTATUS(status));
	else if (ended < 0)
		snprintf(why, sz, "the %s extractor's output could not be read", what);
	else if (ended == 0)
		snprintf(why, sz, "the %s extractor stopped before the end", what);
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
	struct child_io io = { .in = -1, .out = -1, .err = -1, .data = data, .n = n,
		.rec = BUF_INIT_MAX(RECORDS_MAX), .diag = BUF_INIT_MAX(4096) };
	char path[PATH_MAX], depth[32], why[200];
	char *argv[32];
	int argc = 0;

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
	signal(SIGPIPE, SIG_IGN);       /* a child that stops reading is not our end */
	snprintf(depth, sizeof depth, "%zu", c->depth + 1);
	add_arg(argv, &argc, helper);
	if (c->cfg->path) {
		add_arg(argv, &argc, "-c");
		add_arg(argv, &argc, c->cfg->path);
	}
	const char *pairs[][2] = {
		{ "--type", extract_type_arg(t) }, { "--depth", depth }, { "--name", name },
		{ "--where", w->text }, { "--part", w->part }, { "--ctype", w->ctype },
		{ "--filename", w->filename }, { "--header", w->header }, { "--inside", w->inside },
	};
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
		add_arg(argv, &argc, pairs[i][0]);
		add_arg(argv, &argc, pairs[i][1]);
	}
	argv[argc] = NULL;

	if (spawn(&io, path, argv, lim) < 0) {
		c->status = EX_TEMPFAIL;
		buf_free(&io.rec);
		buf_free(&io.diag);
		return;
	}
	pump(&io, lim);
	close_fd(&io.in);
	close_fd(&io.out);
	int status = reap(&io, lim);
	close_fd(&io.err);
	if (io.diag.len) {
		char safe[4096];
		log_msg(LOG_WARNING, "%s said: %s", helper, log_sanitize(safe, sizeof safe, io.diag.p, io.diag.len));
	}
	int ended = io.rec.err ? -1 : merge(c, io.rec.p ? io.rec.p : "", io.rec.len, where);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
		/* Installed but not runnable (a library gone after an upgrade):
		 * the installation is broken, so the message waits for it. */
		log_msg(LOG_ERR, "%s: could not be started: cannot inspect %s parts", path, doctype_name(t));
		c->status = EX_TEMPFAIL;
	} else {
		failure(why, sizeof why, &io, status, ended, t);
		if (why[0]) {
			log_msg(LOG_WARNING, "%s", why);
			classify_uninspectable(c, where, why);
		}
	}
	buf_free(&io.rec);
	buf_free(&io.diag);
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

/* Writes the records of fs not sent yet (from *sent on), then "E" if
 * final. */
static int write_records(const struct findings *fs, struct extract_sent *sent, int final)
{
	struct buf b = BUF_INIT_MAX(0);
	struct output out;

	for (size_t i = sent->w ? sent->w : 1; i < fs->nw; i++) {
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
	for (size_t i = 0; final && i < sent->f; i++)
		if (fs->f[i].count > 1)
			buf_printf(&b, "C\t%zu\t%u\n", i, fs->f[i].count);
	for (size_t i = sent->f; i < fs->nf; i++) {
		const struct finding *f = &fs->f[i];
		buf_printf(&b, "F\t%d\t%s", f->where, level_name(f->level));
		field(&b, f->term);
		field(&b, f->before);
		field(&b, f->after);
		buf_printf(&b, "\t%u\n", f->count);
	}
	for (size_t i = sent->u; i < fs->nu; i++) {
		buf_printf(&b, "U\t%d", fs->u[i].where);
		field(&b, fs->u[i].reason);
		buf_putc(&b, '\n');
	}
	for (size_t i = sent->n; i < fs->nn; i++) {
		buf_printf(&b, "N\t%d", fs->n[i].where);
		field(&b, fs->n[i].text);
		buf_putc(&b, '\n');
	}
	if (final)
		buf_puts(&b, "E\n");
	if (b.err) {
		buf_free(&b);
		return EX_TEMPFAIL;
	}
	out_init(&out, 1);
	out_put(&out, b.p, b.len);
	buf_free(&b);
	int st = out_finish(&out);
	if (st == 0)
		*sent = (struct extract_sent){ fs->nw > 1 ? fs->nw : 1, fs->nf, fs->nu, fs->nn };
	return st;
}

int extract_write_records(const struct findings *fs)
{
	struct extract_sent none = { 0 };
	return write_records(fs, &none, 1);
}

/* The progress hook of a child's classify context: what was found so far
 * goes to the parent now, so that a kill later does not lose it. */
static void send_progress(struct classify *c)
{
	struct extract_child *x = (struct extract_child *)((char *)c - offsetof(struct extract_child, c));

	if (c->status == 0 && !c->fs->err && write_records(c->fs, &x->sent, 0) != 0)
		c->status = EX_TEMPFAIL;
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
	x->c.progress = send_progress;
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

int extract_child_finish(struct extract_child *x)
{
	int st = x->c.status ? x->c.status : write_records(&x->fs, &x->sent, 1);

	findings_free(&x->fs);
	if (x->input) {
		input_free(x->input);
		free(x->input);
	}
	patterns_free(x->pat);
	config_free(&x->cfg);
	return st;
}
