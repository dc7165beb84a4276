/* A child forked from a process with several threads (check -j) gets
 * every lock as it was at the fork: one another thread held there stays
 * held in the child for ever.  glibc sees to malloc's and stdio's; the
 * converter table of iconv(3) is not seen to, and libfreexl in the .xls
 * reader's child opens converters.  So whatever takes that lock holds
 * the guard shared, and fork() is made holding it alone.  Not part of the
 * public API. */
#ifndef PE_FORK_GUARD_H
#define PE_FORK_GUARD_H

/* Around iconv_open() and iconv_close(). */
void pe_fork_guard_shared(void);
void pe_fork_guard_shared_end(void);

/* Around fork() (and what must not race it). */
void pe_fork_guard_alone(void);
void pe_fork_guard_alone_end(void);

#endif
