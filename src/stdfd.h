/* SPDX-License-Identifier: MIT */
#ifndef GZ_STDFD_H
#define GZ_STDFD_H

/*
 * Descriptors 0, 1 and 2 open before anything else is, as Git does for its
 * own programs: each one that is closed is opened on /dev/null. Without
 * this, the first file a program opens (a trace file, the store) takes a
 * closed descriptor 1 and what is meant for stdout (get's answer: a PAT)
 * is written into it. Call first thing in main().
 */

/* 0 when 0-2 are open (untouched when they already were); -1 when
 * /dev/null cannot be opened (errno set). Never prints. */
int gz_stdfd_ensure(void);

#endif
