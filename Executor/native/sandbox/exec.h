/* builder-sandbox exec: a process in a running container's namespaces and cgroups. */
#ifndef BUILDER_SANDBOX_EXEC_H
#define BUILDER_SANDBOX_EXEC_H

/* argv holds the words after "exec": [--timeout MS] HELPER_PID PROCESS_JSON. */
int exec_main(int argc, char **argv);

#endif
