/* The fork guard (fork_guard.h): one read-write lock for the process. */
#include "fork_guard.h"

#include <pthread.h>

static pthread_rwlock_t guard = PTHREAD_RWLOCK_INITIALIZER;

void pe_fork_guard_shared(void)
{
    pthread_rwlock_rdlock(&guard);
}

void pe_fork_guard_shared_end(void)
{
    pthread_rwlock_unlock(&guard);
}

void pe_fork_guard_alone(void)
{
    pthread_rwlock_wrlock(&guard);
}

void pe_fork_guard_alone_end(void)
{
    pthread_rwlock_unlock(&guard);
}
