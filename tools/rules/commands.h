/* Subcommands of lockcheck-rules.  argv[0] is the subcommand name; each
 * returns the process exit status (0 ok, 1 findings/differences, 2 usage or
 * input error). */
#ifndef RULES_COMMANDS_H
#define RULES_COMMANDS_H

int rules_cmd_cells(int argc, char **argv);   /* doc_*.c side */
int rules_cmd_check(int argc, char **argv);   /* doc_*.c side */
int rules_cmd_compile(int argc, char **argv); /* spec_*.c side */
int rules_cmd_diff(int argc, char **argv);    /* spec_*.c side */

#endif
