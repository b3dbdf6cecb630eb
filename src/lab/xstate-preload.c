/*
 * Preloaded into Debian's User-Mode Linux 6.1 kernel (linux.uml) by the lab.
 *
 * Why: UML saves and restores each guest thread's FPU state with
 * PTRACE_GETREGSET / PTRACE_SETREGSET (NT_X86_XSTATE) into a fixed buffer of
 * 832 bytes (legacy area, XSAVE header, AVX). Host kernels since 5.14 accept
 * a SETREGSET only with the whole XSAVE area of the host CPU
 * ("count != fpu_user_cfg.max_size" -> EFAULT), which is larger on CPUs with
 * AVX-512 (2,696 bytes) or AMX (11,008 bytes). UML then panics at boot with
 * "ptrace set fp regs failed, errno = 14". Later UML kernels size the buffer
 * from the host; 6.1 does not.
 *
 * What: for NT_X86_XSTATE requests whose buffer is smaller than the host's
 * area, keep a full-size shadow per UML buffer (one per guest thread). GET
 * fills the shadow and hands UML the prefix it asked for; SET writes UML's
 * prefix over the shadow and sends the whole area, so the AVX-512 and AMX
 * state of each guest thread survives its context switches. Every other
 * ptrace request passes through untouched.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/types.h>
#include <sys/uio.h>

#define NT_X86_XSTATE_NOTE 0x202
#define PROBE_BYTES (64 * 1024)
#define SHADOW_SLOTS 4096

typedef long (*ptrace_fn)(enum __ptrace_request, pid_t, void *, void *);

struct shadow {
	void *key;
	unsigned char *area;
};

static ptrace_fn real_ptrace;
static size_t host_size;
static struct shadow shadows[SHADOW_SLOTS];

/* The shadow of one UML buffer, made on first use; NULL when the table is full. */
static unsigned char *shadow_of(void *key)
{
	size_t start = ((size_t)key >> 4) % SHADOW_SLOTS;
	for (size_t i = 0; i < SHADOW_SLOTS; i++) {
		struct shadow *s = &shadows[(start + i) % SHADOW_SLOTS];
		if (s->key == key)
			return s->area;
		if (s->key == NULL) {
			s->area = calloc(1, host_size);
			if (s->area == NULL)
				return NULL;
			s->key = key;
			return s->area;
		}
	}
	return NULL;
}

/* The host's XSAVE area size: the kernel writes it into iov_len on a GET with a larger buffer. */
static size_t probe_host_size(pid_t pid)
{
	static unsigned char probe[PROBE_BYTES];
	struct iovec iov = { probe, sizeof(probe) };
	if (real_ptrace(PTRACE_GETREGSET, pid, (void *)NT_X86_XSTATE_NOTE, &iov) < 0)
		return 0;
	return iov.iov_len;
}

static long xstate(enum __ptrace_request req, pid_t pid, struct iovec *uml)
{
	if (host_size == 0)
		host_size = probe_host_size(pid);
	if (host_size == 0 || uml->iov_len >= host_size)
		return real_ptrace(req, pid, (void *)NT_X86_XSTATE_NOTE, uml);
	unsigned char *area = shadow_of(uml->iov_base);
	if (area == NULL) {
		errno = ENOMEM;
		return -1;
	}
	struct iovec full = { area, host_size };
	if (req == PTRACE_GETREGSET) {
		long r = real_ptrace(req, pid, (void *)NT_X86_XSTATE_NOTE, &full);
		if (r == 0)
			memcpy(uml->iov_base, area, uml->iov_len);
		return r;
	}
	memcpy(area, uml->iov_base, uml->iov_len);
	return real_ptrace(req, pid, (void *)NT_X86_XSTATE_NOTE, &full);
}

long ptrace(enum __ptrace_request req, ...)
{
	va_list ap;
	va_start(ap, req);
	pid_t pid = va_arg(ap, pid_t);
	void *addr = va_arg(ap, void *);
	void *data = va_arg(ap, void *);
	va_end(ap);
	if (real_ptrace == NULL)
		real_ptrace = (ptrace_fn)dlsym(RTLD_NEXT, "ptrace");
	if ((req == PTRACE_GETREGSET || req == PTRACE_SETREGSET) && (long)addr == NT_X86_XSTATE_NOTE)
		return xstate(req, pid, data);
	return real_ptrace(req, pid, addr, data);
}
