/* test_procstat.c — the allocator's heap, the resident set and a process's start.
 *
 * The heap must grow by a block we allocate and shrink when it is freed; a
 * process's start must lie between this process's start and now (in clock
 * ticks since boot), also for a child whose name holds spaces and ')', which
 * is how a field miscounted in /proc/PID/stat would show; an exited child
 * not yet reaped is a zombie; a pid that does not exist has no start. */
#include <glib.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "procstat.h"

static void test_heap_and_rss(void)
{
  const gsize size = 10u * 1024 * 1024;
  guint64 before = procstat_heap_bytes();
  char *block = g_malloc(size);
  memset(block, 0x5a, size); /* touch it, so it is resident too */
  guint64 after = procstat_heap_bytes();
  g_assert_cmpuint(after, >=, before + size);
  guint64 rss = procstat_rss_bytes();
  g_assert_cmpuint(rss, >=, size);
  g_assert_cmpuint(procstat_peak_rss_bytes(), >=, rss / 2);
  g_free(block);
  g_assert_cmpuint(procstat_heap_bytes(), <, after);
}

/* Clock ticks since boot now, rounded up. */
static guint64 ticks_now(void)
{
  struct timespec now;
  clock_gettime(CLOCK_BOOTTIME, &now);
  double ticks = ((double)now.tv_sec + (double)now.tv_nsec / 1e9) * (double)sysconf(_SC_CLK_TCK);
  return (guint64)ticks + 1;
}

static void test_own_start(void)
{
  bool zombie = true;
  guint64 start = procstat_process_start(getpid(), &zombie);
  g_assert_cmpuint(start, >, 0);
  g_assert_cmpuint(start, <=, ticks_now());
  g_assert_false(zombie);
}

/* A child named "x) y (z" that waits to be killed; its pid. */
static pid_t odd_named_child(void)
{
  int ready[2];
  g_assert_cmpint(pipe(ready), ==, 0);
  pid_t pid = fork();
  g_assert_cmpint(pid, >=, 0);
  if (pid == 0) {
    prctl(PR_SET_NAME, "x) y (z", 0, 0, 0);
    if (write(ready[1], "r", 1) != 1)
      _exit(1);
    for (;;)
      pause();
  }
  char byte;
  g_assert_cmpint(read(ready[0], &byte, 1), ==, 1);
  close(ready[0]);
  close(ready[1]);
  return pid;
}

/* Waits (at most 10 s) until @pid has exited and is a zombie. */
static bool wait_for_zombie(pid_t pid, guint64 *start)
{
  for (int i = 0; i < 1000; i++) {
    bool zombie = false;
    *start = procstat_process_start(pid, &zombie);
    if (zombie)
      return true;
    g_usleep(10000);
  }
  return false;
}

static void test_child_start_and_zombie(void)
{
  bool zombie = true;
  guint64 own = procstat_process_start(getpid(), &zombie);
  pid_t pid = odd_named_child();
  guint64 start = procstat_process_start(pid, &zombie);
  g_assert_false(zombie);
  g_assert_cmpuint(start, >=, own);
  g_assert_cmpuint(start, <=, ticks_now());

  kill(pid, SIGKILL);
  guint64 dead_start = 0;
  g_assert_true(wait_for_zombie(pid, &dead_start));
  g_assert_cmpuint(dead_start, ==, start);
  g_assert_cmpint(waitpid(pid, NULL, 0), ==, pid);
}

static void test_no_such_process(void)
{
  bool zombie = true;
  g_assert_cmpuint(procstat_process_start(-1, &zombie), ==, 0);
  g_assert_false(zombie);
  zombie = true;
  g_assert_cmpuint(procstat_process_start((gint64)G_MAXINT32 + 7, &zombie), ==, 0);
  g_assert_false(zombie);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/procstat/heap-and-rss", test_heap_and_rss);
  g_test_add_func("/procstat/process-start/own", test_own_start);
  g_test_add_func("/procstat/process-start/child-and-zombie", test_child_start_and_zombie);
  g_test_add_func("/procstat/process-start/no-such-process", test_no_such_process);
  return g_test_run();
}
